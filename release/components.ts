/**
 * The one list of packet component types slipway provisions (`system_components[].type`), how each is
 * provisioned, and the checks of the packet's component graph: unknown types (refused with a
 * did-you-mean and the supported list; nothing is silently built as something else) and `dependencies`
 * naming a component that is not in the packet. Pure.
 */
import { closestName, didYouMean } from "../lib/suggest";

/** How slipway provisions a packet component. */
export type ComponentRole =
  | "api"
  | "worker"
  | "frontend"
  | "database"
  | "cache"
  | "queue"
  | "bucket"
  /** The models of the AI report: nothing of its own is built; its dependents may call the models. */
  | "ai";

/**
 * Supported component types (lower case) and their role. Any other `backend_<x>` type
 * (`backend_scheduler`, `backend_consumer`, ...) runs as a worker, unless it is a near miss of a listed
 * `backend_` type (`backend_apii`, `backend_wroker`): see {@link componentRole}.
 */
export const COMPONENT_TYPES: Readonly<Record<string, ComponentRole>> = {
  backend_api: "api",
  backend_worker: "worker",
  backend: "worker",
  frontend: "frontend",
  database: "database",
  cache: "cache",
  message_queue: "queue",
  queue: "queue",
  storage: "bucket",
  object_storage: "bucket",
  file_storage: "bucket",
  ai: "ai",
  ai_service: "ai",
  ai_component: "ai",
  ai_model: "ai",
  llm: "ai",
};

/** The supported types as shown in messages. */
export const SUPPORTED_COMPONENT_TYPES: readonly string[] = [
  ...Object.keys(COMPONENT_TYPES),
  "backend_<name>",
];

/** The `<x>` of the listed `backend_<x>` types (`api`, `worker`). */
const BACKEND_SUFFIXES = Object.keys(COMPONENT_TYPES)
  .filter((t) => t.startsWith("backend_"))
  .map((t) => t.slice("backend_".length));

/**
 * The role of a packet type, or undefined when slipway does not provision it. Case-insensitive. A
 * `backend_<x>` type that is not listed runs as a worker, except a near miss of a listed one
 * (`backend_apii`, `backend_apis`, `backend_wroker`): that is a typo, never silently a worker.
 */
export function componentRole(type: string): ComponentRole | undefined {
  const t = type.trim().toLowerCase();
  const known = COMPONENT_TYPES[t];
  if (known) return known;
  const backend = /^backend_([a-z0-9]+(?:_[a-z0-9]+)*)$/.exec(t);
  if (backend && closestName(backend[1], BACKEND_SUFFIXES) === undefined) return "worker";
  return undefined;
}

/** Why `type` is refused: the problem and the fix (with a did-you-mean when one is close). */
export function unsupportedTypeMessage(type: string): { problem: string; fix: string } {
  return {
    problem: `component type "${type}" is not one slipway provisions${didYouMean(type, Object.keys(COMPONENT_TYPES))}; nothing is built for it`,
    fix: `use one of ${SUPPORTED_COMPONENT_TYPES.join(", ")} (a backend_<name> close to a listed type is taken for a typo), or provision it outside slipway and pass its endpoint to the services as an environment variable`,
  };
}

/** True when the service's packet entry names `component` in its `dependencies`. */
export function dependsOn(
  service: { readonly dependencies: readonly string[] },
  component: string | undefined,
): boolean {
  return component !== undefined && service.dependencies.includes(component);
}

/** A packet component asks for ordered delivery (a FIFO queue) when its text says so. */
export function asksForOrdering(c: {
  readonly purpose: string;
  readonly responsibilities?: readonly string[];
}): boolean {
  return /\b(fifo|ordered|ordering|in order|exactly[- ]once)\b/i.test(
    [c.purpose, ...(c.responsibilities ?? [])].join(" "),
  );
}

/** `jobs-queue` -> `JOBS_QUEUE`: the environment-variable form of a component name. */
export function envName(component: string): string {
  return component.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}
