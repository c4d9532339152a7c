/**
 * Pure decisions of the Pulumi program (`index.ts`), kept here so the program stays thin and each rule
 * is table-tested: how bad input is thrown, resource name prefixes and their length limit, ALB routing
 * of several APIs, and which service owns the migration task.
 */
import { InputError, InputErrors } from "../lib/errors";
import { dependsOn } from "./components";
import { FILES } from "./derive";
import type { Release, ServiceSpec } from "./model";

/** Throw the collected errors, if any: one `InputError`, or `InputErrors` when there are several. */
export function throwInputErrors(errors: readonly InputError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new InputErrors(errors);
}

/**
 * One `InputError` for one or several problems, for consumers that take a single error (the offline
 * engine reads the program's error as one InputError). It names the first problem's file and field; its
 * message is exactly the one of `InputErrors`: one line per problem, each with its own fix.
 */
export function singleInputError(err: InputError | InputErrors): InputError {
  if (err instanceof InputError) return err;
  const [first, ...rest] = err.errors;
  if (!first) return new InputError("", "", "unknown input problem", "check the configuration and artifacts");
  if (rest.length === 0) return first;
  return new InputError(
    first.file,
    first.field,
    first.problem,
    [first.fix, ...rest.map((e) => e.message)].join("\n"),
  );
}

/** Resource name prefix of a stack, e.g. `shop-staging`: lower case, letters, digits and hyphens. */
export function resourcePrefix(projectId: string, stack: string): string {
  return `${projectId}-${stack}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

/**
 * Longest `<project>-<stack>-<component>` the service component accepts. It is a logical name, not an
 * AWS name: the AWS names made from it are checked and, where a type's limit binds (target groups 32,
 * IAM roles 64), fitted with a hash by `fitPhysicalNames` in `program/stack.ts`. The bound keeps every
 * child's logical name (`<name>-<role>`, roles up to 40 characters) within the 140 characters the naming
 * property tests in `lib/aws-names.test.ts` cover; a project id and component names at the packet's
 * limits (20 each) leave 58 characters for the stack name.
 */
export const MAX_SERVICE_RESOURCE_NAME = 100;

/** Services whose `<project>-<stack>-<component>` name is longer than the service component accepts. */
export function serviceNameIssues(
  release: Pick<Release, "projectId" | "services">,
  stack: string,
): InputError[] {
  return release.services
    .map((s) => ({ s, name: `${release.projectId}-${stack}-${s.name}`.toLowerCase() }))
    .filter(({ name }) => name.length > MAX_SERVICE_RESOURCE_NAME)
    .map(
      ({ s, name }) =>
        new InputError(
          FILES.packet,
          `/system_components (${s.name})`,
          `the service resource name "${name}" (project id, stack, component) is ${name.length} characters long (at most ${MAX_SERVICE_RESOURCE_NAME})`,
          "shorten the component name or project-config project_id, or use a shorter stack name",
        ),
    );
}

/** How one API service is reached through the shared ALB listener. */
export interface ApiRouting {
  /** Path patterns of its listener rule; undefined = every path. */
  readonly pathPatterns?: readonly string[];
  /** Listener rule priority (lower wins); undefined = the service component's default. */
  readonly listenerPriority?: number;
}

/**
 * ALB routing by API name: one API takes every path (the component's default rule); with several, the
 * first takes every path at the lowest precedence and each further one `/<name>/*` with an earlier rule.
 */
export function apiRouting(apis: readonly Pick<ServiceSpec, "name">[]): Map<string, ApiRouting> {
  if (apis.length <= 1) return new Map(apis.map((a) => [a.name, {}]));
  return new Map(
    apis.map((a, i) => [
      a.name,
      i === 0
        ? { listenerPriority: 100 * apis.length + 100 }
        : { pathPatterns: [`/${a.name}/*`], listenerPriority: 100 * i },
    ]),
  );
}

/**
 * The service whose image runs the one-off migration task (the first API that depends on the database,
 * else the first such worker: the task runs with that service's network access and credentials), when
 * the release has a database and migrations; and a warning when migrations are pending but no command
 * is configured (then no task is defined), or no service depends on the database.
 */
export function migrationPlan(
  release: Pick<Release, "services" | "database" | "migrations">,
  migrationCommand: readonly string[] | undefined,
): { owner?: string; warning?: string } {
  if (!release.database || release.migrations.length === 0) return {};
  const users = release.services.filter((s) => dependsOn(s, release.database!.name));
  const owner = (users.find((s) => s.kind === "api") ?? users[0])?.name;
  if (owner === undefined)
    return migrationCommand
      ? {
          warning: `no backend component depends on the database "${release.database.name}", so no service can run the migrations: add it to the dependencies of the service whose image holds them`,
        }
      : {};
  const pending = release.migrations.filter((m) => m.status === "pending").length;
  if (migrationCommand) return { owner };
  return pending > 0
    ? {
        warning: `the release has ${pending} pending migration(s) but slipway:migrationCommand is not set: no migration task is defined, so the pipeline cannot run them`,
      }
    : {};
}
