/**
 * Loading a Pulumi program from anywhere on disk in this process: Node's own CommonJS loader (not a test
 * runner's module registry), TypeScript compiled on the fly by tsx (esbuild, no type checking), and
 * `@pulumi/*` resolved from this project when the program has no copy of its own.
 */
// @ts-nocheck

import Module from "node:module";
import { join, resolve, sep } from "node:path";
import { runInThisContext } from "node:vm";

/** This project's root (where its node_modules live). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: Record<string, unknown>;
}

/**
 * Node's real `module` builtin, from the host realm. A test runner's sandbox (jest) wraps `require`,
 * `require("module")` and `process.getBuiltinModule` so that `createRequire` loads into its registry;
 * the program must instead be loaded by Node itself, in the realm where `@pulumi/pulumi` keeps its
 * runtime state. `vm.runInThisContext` evaluates in the host context, whose `process` is the real one.
 */
/** The host realm's `process` (the real one, also inside a test runner's sandbox). */
export const hostProcess = runInThisContext("process") as NodeJS.Process;

/** The host realm's `Error` (whose stack-trace hooks the Pulumi SDK's errors use). */
const hostError = runInThisContext("Error") as ErrorConstructor & {
  prepareStackTrace?: (err: Error, frames: unknown[]) => unknown;
};

const RealModule = (hostProcess.getBuiltinModule?.("node:module") as typeof Module | undefined) ?? Module;
const internals = RealModule as unknown as ModuleInternals;

/** A require bound to Node's real loader, resolving from this project. */
export const nodeRequire: NodeJS.Require = RealModule.createRequire(join(PROJECT_ROOT, "package.json"));

let installed = false;

/**
 * Install (once per process) the TypeScript loader and the `@pulumi/*` fallback resolution. Idempotent.
 * When the process already compiles `.ts` (it was started by tsx), that loader is kept.
 */
export function installProgramLoader(): void {
  if (installed) return;
  installed = true;
  if (!internals._extensions[".ts"]) {
    const tsx = nodeRequire("tsx/cjs/api") as { register: () => () => void };
    tsx.register();
  }
  const original = internals._resolveFilename;
  internals._resolveFilename = function resolveWithFallback(request, parent, isMain, options) {
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (err) {
      if (!request.startsWith("@pulumi/") || (err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND")
        throw err;
      return original.call(this, request, parent, isMain, { paths: [PROJECT_ROOT] });
    }
  };
}

/** Resolve a module as the program at `fromDir` would see it (with the `@pulumi/*` fallback). */
export function resolveFrom(request: string, fromDir: string): string {
  try {
    return nodeRequire.resolve(request, { paths: [fromDir] });
  } catch {
    return nodeRequire.resolve(request, { paths: [PROJECT_ROOT] });
  }
}

/** Load a module with Node's loader (TypeScript allowed after `installProgramLoader`). */
export function loadModule(path: string): unknown {
  return nodeRequire(path);
}

/**
 * Forget the cached modules of the program (files under `programDir`, outside any node_modules) that
 * use the Pulumi SDK, directly or through their imports, so the next evaluation runs their module-level
 * code again (registering resources, reading config) as a fresh `pulumi` process would. Modules that do
 * not reach `@pulumi/*` (schemas, pure helpers) stay loaded, like the dependencies in node_modules:
 * that is what makes the second stack fast. `all: true` forgets every program module.
 */
export function forgetProgramModules(programDir: string, options: { readonly all?: boolean } = {}): number {
  const root = resolve(programDir) + sep;
  const cache = nodeRequire.cache;
  const memo = new Map<string, boolean>();
  const pulumiMarker = `${sep}node_modules${sep}@pulumi${sep}`;
  const usesPulumi = (m: NodeJS.Module | undefined, path: Set<string>): boolean => {
    if (!m) return false;
    const known = memo.get(m.id);
    if (known !== undefined) return known;
    if (m.id.includes(pulumiMarker)) return true;
    if (m.id.includes(`${sep}node_modules${sep}`) || path.has(m.id)) return false;
    path.add(m.id);
    const result = m.children.some((c) => usesPulumi(c, path));
    path.delete(m.id);
    memo.set(m.id, result);
    return result;
  };
  let count = 0;
  for (const key of Object.keys(cache)) {
    if (!key.startsWith(root) || key.includes(`${sep}node_modules${sep}`)) continue;
    if (options.all || usesPulumi(cache[key], new Set())) {
      delete cache[key];
      count++;
    }
  }
  return count;
}

type Listener = (...args: unknown[]) => void;

/**
 * Run `fn` while `handler` is the only listener for unhandled rejections and uncaught exceptions of the
 * host process, as Pulumi's language host is: a failing program rejects promises inside the Pulumi SDK
 * that nobody awaits, and they belong to the evaluation, not to whoever else listens (a test runner).
 * The previous listeners are restored afterwards.
 */
export async function withProcessErrorsCaptured<T>(
  handler: (err: unknown) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const events = ["unhandledRejection", "uncaughtException"] as const;
  const emitter = hostProcess as unknown as NodeJS.EventEmitter;
  const saved = events.map((e) => emitter.listeners(e) as Listener[]);
  for (const e of events) {
    emitter.removeAllListeners(e);
    emitter.on(e, handler);
  }
  try {
    return await fn();
  } finally {
    // Rejections are reported after the microtask queue drains: give them two turns to arrive.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    events.forEach((e, i) => {
      emitter.removeListener(e, handler);
      for (const l of saved[i]) emitter.on(e, l);
    });
  }
}

/**
 * Run `fn` with cheap stack traces. The Pulumi SDK captures a stack trace for every promise it tracks
 * (`debuggablePromise`) and every resource (source positions for the CLI); with TypeScript source maps
 * enabled each one is mapped frame by frame, which is most of an offline evaluation's CPU time. Offline
 * nothing reads those traces (errors are reported by message), so while `fn` runs a trace is just the
 * error's first line. The previous hooks are restored afterwards.
 */
export async function withCheapStackTraces<T>(fn: () => Promise<T>): Promise<T> {
  const prepare = Object.getOwnPropertyDescriptor(hostError, "prepareStackTrace");
  const limit = hostError.stackTraceLimit;
  hostError.prepareStackTrace = (err: Error) => `${err.name}: ${err.message}`;
  hostError.stackTraceLimit = 0;
  try {
    return await fn();
  } finally {
    if (prepare) Object.defineProperty(hostError, "prepareStackTrace", prepare);
    else Reflect.deleteProperty(hostError, "prepareStackTrace");
    hostError.stackTraceLimit = limit;
  }
}
