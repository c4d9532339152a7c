/**
 * The typed stack configuration: the only module that reads `pulumi.Config`.
 *
 * `loadStackConfig()` reads the current stack's config and returns a validated, readonly `StackConfig`
 * with the defaults of its environment type (staging small, production highly available), all declared
 * in `schema.json`. `resolveStackConfig(read, context)` is the pure part, table-tested without the Pulumi
 * runtime: unknown keys (did-you-mean), the schema in one pass, then the named checks of `checks.ts`.
 * Every problem is an `InputError` naming the stack file, the key, the value typed (never a secret's) and
 * the `pulumi config set` command that fixes it. Secret values are wrapped in `pulumi.secret` at once.
 */
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../lib/errors";
import { SECURE_PLACEHOLDER } from "../lib/secure";
import type { EnvironmentType, Strategy } from "../release/model";
import { throwInputErrors } from "../release/program";
import {
  type Values,
  checkDomain,
  checkKindSizes,
  checkServiceOverrides,
  checkSiteAssets,
  checkStorageCeiling,
  checkVpcLayout,
  configWarnings,
  kindSize,
} from "./checks";
import { refusePlaintextSecrets, stackFileIn } from "./plaintext";
import { providerKeys } from "./providers";
import { DECLARED_KEYS, NAMESPACE, defaultOf } from "./declarations";
import type {
  AlertEndpoints,
  EnvironmentDefaults,
  ReleaseStateConfig,
  SecretRotationConfig,
  ServiceOverride,
  StackConfig,
} from "./types";
import { type Problem, parseAndValidate, setCommand, unknownKeys } from "./validate";

/** Directory of the bundled example release, relative to the project directory. */
export const EXAMPLES_DIR = "examples";

/**
 * The bundled example release: the one directory under `examples/` that holds a `project-config.json`
 * (found, never named in code). Undefined when there is none or more than one.
 */
export function bundledRelease(projectDir: string): string | undefined {
  const dir = resolve(projectDir, EXAMPLES_DIR);
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "project-config.json")))
    .map((e) => join(dir, e.name));
  return found.length === 1 ? found[0] : undefined;
}

const full = (key: string) => `${NAMESPACE}:${key}`;

/** The declared defaults of an environment type, as the program's structure (pure). */
export function defaultsFor(type: EnvironmentType): EnvironmentDefaults {
  return settingsOf({ stack: "", get: (k) => defaultOf(k, type), isSet: () => false });
}

/** Reads a raw config value (as Pulumi stores it: a string, JSON for objects) by full key. */
export type ConfigReader = (fullKey: string) => string | undefined;

export interface ResolveContext {
  readonly project: string;
  readonly stack: string;
  /** Directory relative paths resolve against (the project directory). */
  readonly projectDir: string;
  /** Environment (for `SLIPWAY_ARTIFACTS_DIR`, `AWS_REGION`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Every full key set on the stack (to catch typos in the `slipway` and provider namespaces). */
  readonly keys?: readonly string[];
  /** Keys of each provider namespace. @default the installed providers' ({@link providerKeys}) */
  readonly providerKeys?: Readonly<Record<string, readonly string[]>>;
}

/** The release root: the key, else SLIPWAY_ARTIFACTS_DIR, else the one bundled example. */
function artifactsDir(value: string | undefined, ctx: ResolveContext): { dir: string; problem?: Problem } {
  const dirValue = value ?? (ctx.env.SLIPWAY_ARTIFACTS_DIR || undefined);
  if (dirValue !== undefined)
    return { dir: isAbsolute(dirValue) ? dirValue : resolve(ctx.projectDir, dirValue) };
  const bundled = bundledRelease(ctx.projectDir);
  if (bundled !== undefined) return { dir: bundled };
  return {
    dir: "",
    problem: {
      field: full("artifactsDir"),
      problem: `is not set, SLIPWAY_ARTIFACTS_DIR is not set, and ${resolve(ctx.projectDir, EXAMPLES_DIR)} holds no single bundled release`,
      fix: setCommand(ctx.stack, full("artifactsDir"), "path/to/release"),
    },
  };
}

/** E-mail list from its text (comma-separated) or list form. */
function emailList(value: unknown): string[] {
  return Array.isArray(value)
    ? (value as string[])
    : String(value)
        .split(",")
        .map((s) => s.trim());
}

/**
 * Resolve and validate the stack configuration from raw values (pure apart from wrapping secrets and
 * looking at configured directories).
 * @throws InputError | InputErrors naming the stack file, the key and the fix.
 */
export function resolveStackConfig(read: ConfigReader, ctx: ResolveContext): StackConfig {
  const stackFile = `Pulumi.${ctx.stack}.yaml`;
  const problems: Problem[] = [];
  const rawValues: Record<string, string> = {};
  for (const key of DECLARED_KEYS) {
    const v = read(key);
    if (v !== undefined && v !== "") rawValues[key] = v;
  }
  const envRegion = ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION;
  if (rawValues["aws:region"] === undefined && envRegion) rawValues["aws:region"] = envRegion;

  // One pass: unknown keys, then every declared key against the schema.
  const unknown = (ctx.keys ?? []).filter((k) => !DECLARED_KEYS.includes(k));
  const { values, problems: invalid } = parseAndValidate(rawValues, ctx.stack, SECURE_PLACEHOLDER);
  problems.push(...unknownKeys(unknown, ctx.stack, ctx.providerKeys ?? providerKeys()), ...invalid);

  // The environment type comes from config only, never from the stack name (`prod-eu` may be a sandbox).
  const typed = values[full("environmentType")] as EnvironmentType | undefined;
  if (typed === undefined && rawValues[full("environmentType")] === undefined)
    problems.push({
      field: full("environmentType"),
      problem:
        "is not set: the environment type (staging, production or development) picks every default and the gates, and slipway never guesses it from the stack name",
      fix: `${setCommand(ctx.stack, full("environmentType"), "staging")} (or production, development)`,
    });
  // The remaining checks still run (every problem is reported at once) with staging's defaults.
  const environmentType = typed ?? "staging";
  const isSet = (k: string) => rawValues[k] !== undefined;
  const get = (k: string): unknown => {
    if (k in values) return values[k];
    // The storage ceiling follows a larger allocation when it is not set.
    if (k === full("dbMaxAllocatedStorageGb"))
      return Math.max(defaultOf(k, environmentType) as number, get(full("dbAllocatedStorageGb")) as number);
    return defaultOf(k, environmentType);
  };
  const v: Values = { stack: ctx.stack, get, isSet };
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(ctx.projectDir, p));

  // What the schema cannot say.
  const root = artifactsDir(values[full("artifactsDir")] as string | undefined, ctx);
  if (root.problem) problems.push(root.problem);
  problems.push(
    ...checkVpcLayout(v),
    ...checkStorageCeiling(v),
    ...checkKindSizes(v),
    ...checkServiceOverrides(v, abs),
    ...checkDomain(v),
    ...checkSiteAssets(v, abs),
  );
  throwInputErrors(problems.map((p) => new InputError(stackFile, p.field, p.problem, p.fix)));

  const release = get(full("release")) as Partial<ReleaseStateConfig> | undefined;
  const services: Record<string, ServiceOverride> = {};
  for (const [name, o] of Object.entries((get(full("services")) ?? {}) as Record<string, ServiceOverride>))
    services[name] = o.buildContext !== undefined ? { ...o, buildContext: abs(o.buildContext) } : o;
  const images = (get(full("images")) ?? {}) as Readonly<Record<string, Readonly<Record<string, string>>>>;
  const domain = get(full("domain")) as string | undefined;
  const apiHostname = get(full("apiHostname")) as string | undefined;
  const siteHostname = get(full("siteHostname")) as string | undefined;
  const alerts: { -readonly [K in keyof AlertEndpoints]: AlertEndpoints[K] } = {};
  const pd = get(full("alertPagerDutyUrl")) as string | undefined;
  if (pd !== undefined) alerts.pagerDutyUrl = pulumi.secret(pd);
  const slack = get(full("alertSlackWebhookUrl")) as string | undefined;
  if (slack !== undefined) alerts.slackWebhookUrl = pulumi.secret(slack);
  const emails = get(full("alertEmails"));
  if (emails !== undefined) alerts.emails = emailList(emails).map((e) => pulumi.secret(e));
  const secretsValue = get(full("secrets"));
  const secretsOffline = secretsValue === SECURE_PLACEHOLDER;
  const secrets: Record<string, pulumi.Output<string>> = {};
  if (!secretsOffline)
    for (const [name, value] of Object.entries((secretsValue ?? {}) as Record<string, string>))
      secrets[name] = pulumi.secret(value);
  const mc = get(full("migrationCommand")) as string | string[] | undefined;
  const assets = get(full("siteAssetsDir")) as string | undefined;
  const strategy = get(full("strategy")) as Strategy | undefined;
  const settings = settingsOf(v);

  return {
    project: ctx.project,
    stack: ctx.stack,
    stackFile,
    environmentType,
    region: get("aws:region") as string,
    artifactsDir: root.dir,
    ...(strategy ? { strategy } : {}),
    release: { activeColour: "blue", idleWeight: 0, ...(release ?? {}) },
    network: settings.network,
    database: settings.database,
    cache: settings.cache,
    queue: settings.queue,
    apiDefaults: settings.apiDefaults,
    workerDefaults: settings.workerDefaults,
    services,
    images,
    ...(domain !== undefined
      ? {
          domain: {
            name: domain,
            hostedZoneId: get(full("hostedZoneId")) as string,
            ...(apiHostname ? { apiHostname } : {}),
            ...(siteHostname ? { siteHostname } : {}),
          },
        }
      : {}),
    alerts,
    uptimeSlaTarget: settings.uptimeSlaTarget,
    tracing: settings.tracing,
    logRetentionDays: settings.logRetentionDays,
    loadBalancerDeletionProtection: settings.loadBalancerDeletionProtection,
    secrets,
    ...(mc !== undefined ? { migrationCommand: typeof mc === "string" ? ["sh", "-c", mc] : mc } : {}),
    ...(assets !== undefined ? { siteAssetsDir: abs(assets) } : {}),
    secretRotation: (get(full("secretRotation")) ?? {}) as Record<string, SecretRotationConfig>,
    warnings: configWarnings(v, environmentType, secretsOffline),
  };
}

/** The settings that have defaults per environment type, from effective values. */
function settingsOf(v: Values): EnvironmentDefaults {
  const get = <T>(key: string) => v.get(full(key)) as T;
  return {
    network: {
      vpcCidr: get("vpcCidr"),
      azCount: get("azCount"),
      natGateways: get("natGateways"),
      vpcEndpoints: get("vpcEndpoints"),
      flowLogRetentionDays: get("flowLogRetentionDays"),
    },
    database: {
      instanceClass: get("dbInstanceClass"),
      allocatedStorageGb: get("dbAllocatedStorageGb"),
      maxAllocatedStorageGb: get("dbMaxAllocatedStorageGb"),
      multiAz: get("dbMultiAz"),
      backupRetentionDays: get("dbBackupRetentionDays"),
      deletionProtection: get("dbDeletionProtection"),
      performanceInsightsRetentionDays: get("dbPerformanceInsightsRetentionDays"),
    },
    cache: {
      nodeType: get("cacheNodeType"),
      replicas: get("cacheReplicas"),
      snapshotRetentionDays: get("cacheSnapshotRetentionDays"),
    },
    queue: {
      visibilityTimeoutSeconds: get("queueVisibilityTimeoutSeconds"),
      messageRetentionSeconds: get("queueRetentionSeconds"),
      maxReceiveCount: get("queueMaxReceiveCount"),
    },
    apiDefaults: kindSize(v, "api"),
    workerDefaults: kindSize(v, "worker"),
    logRetentionDays: get("logRetentionDays"),
    loadBalancerDeletionProtection: get("loadBalancerDeletionProtection"),
    tracing: get("tracing"),
    uptimeSlaTarget: get("uptimeSlaTarget"),
  };
}

/**
 * Read the current stack's configuration through `pulumi.Config` (the only place that does) and
 * validate it. Works under `pulumi up` and under the mock runtime.
 */
export function loadStackConfig(
  options: { projectDir?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): StackConfig {
  const configs = new Map<string, pulumi.Config>();
  const read: ConfigReader = (fullKey) => {
    const i = fullKey.indexOf(":");
    const ns = fullKey.slice(0, i);
    let cfg = configs.get(ns);
    if (!cfg) {
      cfg = new pulumi.Config(ns);
      configs.set(ns, cfg);
    }
    return cfg.get(fullKey.slice(i + 1));
  };
  const projectDir = options.projectDir ?? join(__dirname, "..");
  // Under a plain `pulumi up` too: a secret written in plaintext in the stack file stops the program. The
  // Pulumi CLI runs the program in the directory of the stacks' Pulumi.yaml, where the stack file is.
  refusePlaintextSecrets([stackFileIn(process.cwd(), pulumi.getStack())]);
  return resolveStackConfig(read, {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    projectDir,
    env: options.env ?? process.env,
    keys: Object.keys(pulumi.runtime.allConfig()),
  });
}
