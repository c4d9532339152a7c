/**
 * The user's stack files: a *stacks directory* beside the release (`<release root>/stacks/`) holding a
 * `Pulumi.yaml` (the Pulumi project: its name comes from the release, so two apps in one Pulumi
 * organisation never share `org/<project>/<stack>`) and one `Pulumi.<stack>.yaml` per stack, with any stack
 * name. A stack's environment type comes from its `slipway:environmentType`, never from its name.
 * `npm run init` writes the directory; every command finds its stacks here. Library code: throws
 * `InputError`, prints nothing.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../lib/errors";
import { checkStackName as checkBareStackName } from "../../lib/stack-name";
import { didYouMean } from "../../lib/suggest";
import { checkReleaseRoot } from "../../release/load";
import type { EnvironmentSpec, EnvironmentType, Release } from "../../release/model";
import { PROJECT_ROOT } from "../engine/loader";
import { readYaml } from "../engine/stack-config";

/** The bundled example release (the release root when neither `--artifacts` nor the variable is set). */
export const EXAMPLE_RELEASE_DIR = join(PROJECT_ROOT, "examples", "taskflow");

/** The stacks directory's name inside a release root. */
export const STACKS_DIR_NAME = "stacks";

/** Environment types, in deployment order. */
export const ENVIRONMENT_TYPES: readonly EnvironmentType[] = ["development", "staging", "production"];

/** Release root: the flag, else `SLIPWAY_ARTIFACTS_DIR`, else the bundled example. */
export function releaseRootFor(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.SLIPWAY_ARTIFACTS_DIR ?? EXAMPLE_RELEASE_DIR);
}

/** The stacks directory of a release root. */
export function stacksDirOf(releaseRoot: string): string {
  return join(releaseRoot, STACKS_DIR_NAME);
}

/** One stack file. */
export interface StackFile {
  readonly name: string;
  /** Absolute path of `Pulumi.<name>.yaml`. */
  readonly file: string;
  readonly environmentType: EnvironmentType;
  /** `aws:region`, when the file sets it. */
  readonly region?: string;
  /** `slipway:domain`, when the file sets it (without one the stack is served over HTTP on AWS names). */
  readonly domain?: string;
}

/** `Pulumi.<name>.yaml` -> name; anything else -> undefined. */
function stackNameOfFile(file: string): string | undefined {
  return /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1];
}

/** The names of the stacks that have a stack file in `dir`, sorted (none when `dir` does not exist). */
export function listStackNames(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .map(stackNameOfFile)
    .filter((s): s is string => s !== undefined)
    .sort();
}

function noStacksFix(dir: string): string {
  return `create them with npm run init -- --artifacts ${resolve(dir, "..")} (or copy examples/taskflow/stacks/)`;
}

/**
 * `--stack`'s value is a bare stack name Pulumi accepts (no `/`: org and project come from the stacks
 * directory), bad input otherwise, echoing the value: the one rule of `lib/stack-name.ts`.
 */
export function checkStackName(stack: string, source = "--stack"): void {
  checkBareStackName(stack, { source });
}

/** The config mapping of a stack file (bad input when it is not YAML with a `config:` mapping). */
function readConfig(file: string): Record<string, unknown> {
  const config = (readYaml(file) as { config?: unknown } | null)?.config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config))
    throw new InputError(file, "config", "must be a mapping", "use key: value pairs under config:");
  return config as Record<string, unknown>;
}

/** Read one stack file; bad input when it is missing (naming the stacks there) or has no environment type. */
export function readStackFile(dir: string, name: string, source = "--stack"): StackFile {
  checkStackName(name, source);
  if (!existsSync(dir)) checkReleaseRoot(resolve(dir, ".."));
  const file = join(resolve(dir), `Pulumi.${name}.yaml`);
  if (!existsSync(file)) {
    const existing = listStackNames(dir);
    throw new InputError(
      source,
      "",
      `"${name}" has no stack file (${file})${didYouMean(name, existing)}`,
      existing.length > 0
        ? `use one of the stacks in ${resolve(dir)}: ${existing.join(", ")}; or add one with npm run init -- --stack ${name}=<environment type> --artifacts ${resolve(dir, "..")}`
        : `no stack files in ${resolve(dir)}: ${noStacksFix(dir)}`,
    );
  }
  const config = readConfig(file);
  const type = config["slipway:environmentType"];
  if (typeof type !== "string" || !(ENVIRONMENT_TYPES as readonly string[]).includes(type)) {
    throw new InputError(
      file,
      "slipway:environmentType",
      type === undefined
        ? "is not set (the environment type picks the defaults and the gates; it never comes from the stack name)"
        : `"${String(type)}" is not an environment type${didYouMean(String(type), ENVIRONMENT_TYPES)}`,
      `set it: slipway:environmentType: ${ENVIRONMENT_TYPES.join(" | ")} (pulumi config set slipway:environmentType staging --stack ${name})`,
    );
  }
  const region = config["aws:region"];
  const domain = config["slipway:domain"];
  return {
    name,
    file,
    environmentType: type as EnvironmentType,
    ...(typeof region === "string" ? { region } : {}),
    ...(typeof domain === "string" && domain !== "" ? { domain } : {}),
  };
}

/**
 * The stacks a command runs on: the one named (it must have a stack file), or every stack file of the
 * directory in deployment order (development, staging, production; then by name). Bad input when there
 * are none.
 */
export function selectStacks(dir: string, requested?: string): StackFile[] {
  if (!existsSync(dir)) checkReleaseRoot(resolve(dir, ".."));
  if (requested !== undefined) return [readStackFile(dir, requested)];
  const names = listStackNames(dir);
  if (names.length === 0) {
    throw new InputError(resolve(dir), "", "has no stack files (Pulumi.<stack>.yaml)", noStacksFix(dir));
  }
  return names
    .map((n) => readStackFile(dir, n))
    .sort(
      (a, b) =>
        ENVIRONMENT_TYPES.indexOf(a.environmentType) - ENVIRONMENT_TYPES.indexOf(b.environmentType) ||
        a.name.localeCompare(b.name),
    );
}

/**
 * The names of the stacks of one environment type in `dir` (a stack file that cannot be read is skipped
 * here: it is reported when a command runs on it).
 */
export function stacksOfType(dir: string, type: EnvironmentType): string[] {
  return listStackNames(dir).filter((name) => {
    try {
      return readStackFile(dir, name).environmentType === type;
    } catch {
      return false;
    }
  });
}

/** The Pulumi project name of a stacks directory (`name:` of its `Pulumi.yaml`). */
export function projectNameOf(dir: string): string {
  const file = join(resolve(dir), "Pulumi.yaml");
  if (!existsSync(file))
    throw new InputError(
      file,
      "",
      "not found",
      `the stacks directory needs its project file: ${noStacksFix(dir)}`,
    );
  const name = (readYaml(file) as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || !PROJECT_NAME.test(name))
    throw new InputError(
      file,
      "name",
      `${JSON.stringify(name)} is not a Pulumi project name`,
      "set name: to the release's project_id, e.g. taskflow",
    );
  return name;
}

/** Pulumi's project name rule: letters, digits, `-`, `_`, `.`, at most 100 characters. */
export const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The Pulumi project name a release gets: its `project_id` (project-config.json), made a valid Pulumi
 * project name (lower case; anything else than letters, digits, `-`, `_`, `.` becomes `-`).
 */
export function projectNameFor(projectId: string): string {
  const name = projectId
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
  return name === "" ? "app" : name;
}

/**
 * The environment a stack deploys: its type from the stack file; the approval and auto-deploy rules of
 * the release's environment of the same name, else of the first one of the same type, else approval for
 * production only. A release environment of that name with another type is bad input (the two disagree).
 */
export function environmentForStack(release: Release, stack: StackFile): EnvironmentSpec {
  const byName = release.environments.find((e) => e.name === stack.name);
  if (byName && byName.type !== stack.environmentType) {
    throw new InputError(
      stack.file,
      "slipway:environmentType",
      `is "${stack.environmentType}", but project-config.json names environment "${stack.name}" of type "${byName.type}"`,
      `make them agree: set slipway:environmentType: ${byName.type}, or rename the stack`,
    );
  }
  const rules = byName ?? release.environments.find((e) => e.type === stack.environmentType);
  return {
    name: stack.name,
    type: stack.environmentType,
    autoDeploy: rules?.autoDeploy ?? false,
    requiresApproval: rules?.requiresApproval ?? stack.environmentType === "production",
  };
}

/**
 * The one message for a stack without a domain whose plan fails mandatory policies: HTTPS (which the
 * load balancer and CDN policies require) needs a domain and its Route 53 zone; these keys, not code,
 * are the fix.
 */
export function noDomainFix(stack: StackFile, mandatory: number): string {
  const dir = resolve(stack.file, "..");
  return (
    `${stack.name} has no slipway:domain, so the API and site are served over plain HTTP and ${mandatory} mandatory ` +
    `policy violation(s) follow from that. Fix: set the domain and its Route 53 zone: ` +
    `pulumi -C ${dir} config set slipway:domain <domain> --stack ${stack.name} && ` +
    `pulumi -C ${dir} config set slipway:hostedZoneId <zone id> --stack ${stack.name} ` +
    `(or edit ${stack.file}; or npm run init -- --domain <domain> --hosted-zone-id <zone id> --force)`
  );
}
