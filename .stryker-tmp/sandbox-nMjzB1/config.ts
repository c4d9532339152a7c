/**
 * The typed stack configuration: the only module that reads `pulumi.Config`.
 *
 * `loadStackConfig()` reads the `slipway:*` keys (and `aws:region`) of the current stack and returns a
 * validated, readonly `StackConfig` with defaults that depend on the environment type: staging is small
 * (2 AZs, one NAT gateway, single-AZ db.t4g.small, one task per service, 7-day backups, short log
 * retention), production is highly available (3 AZs, a NAT gateway per AZ, Multi-AZ, 30-day backups,
 * deletion protection, 2-6 API tasks). Every problem is an `InputError` naming the stack file, the key
 * and the `pulumi config set` command that fixes it.
 *
 * The pure part, `resolveStackConfig(read, context)`, takes a key reader so it is table-tested without
 * the Pulumi runtime. Secret values (alert endpoints, env var secrets) are read once and immediately
 * wrapped in `pulumi.secret`; they never appear in errors or warnings.
 */
// @ts-nocheck

import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS, fargateMemoryOptions } from "./lib/aws";
import { InputError } from "./lib/errors";
import { STRATEGIES } from "./lib/strategy";
import { SECURE_PLACEHOLDER } from "./automation/engine/stack-config";
import { CidrLayoutError, defaultPrefixLengths, layoutSubnets } from "./components/network/cidr";
import type { Colour } from "./outputs";
import type { EnvironmentType, Strategy } from "./release/model";
import { throwInputErrors } from "./release/program";

/** Config namespace of the project (the project name). */
export const NAMESPACE = "slipway";

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

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

/** Size and count of one kind of service. */
export interface ServiceSize {
  /** Fargate CPU units (256, 512, 1024, ...). */
  readonly cpu: number;
  /** Memory in MiB, a valid Fargate combination with `cpu`. */
  readonly memory: number;
  /** Tasks at deploy time (per colour for two-colour strategies). */
  readonly desiredCount: number;
  /** Autoscaling floor. */
  readonly minCount: number;
  /** Autoscaling ceiling. */
  readonly maxCount: number;
}

/** Per-service overrides, `slipway:services.<component name>`. */
export interface ServiceOverride extends Partial<ServiceSize> {
  /** Explicit image URI (e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:...`). */
  readonly image?: string;
  /** Directory with a Dockerfile: the image is built and pushed with `awsx.ecr.Image`. */
  readonly buildContext?: string;
  /** Dockerfile path relative to `buildContext`. @default "Dockerfile" */
  readonly dockerfile?: string;
}

/** Rotation of one env var secret by a rotation Lambda, `slipway:secretRotation.<NAME>`. */
export interface SecretRotationConfig {
  /** ARN of the rotation Lambda (its resource policy must let secretsmanager.amazonaws.com invoke it). */
  readonly lambdaArn: string;
  /** Rotate every N days, 1..1000 (exactly one of this and `scheduleExpression`). */
  readonly automaticallyAfterDays?: number;
  /** `rate(...)` or `cron(...)` (exactly one of this and `automaticallyAfterDays`). */
  readonly scheduleExpression?: string;
}

/** Release state, `slipway:release` (set by the deploy automation between phases). */
export interface ReleaseStateConfig {
  /** Version on the active colour. @default project-config metadata.version */
  readonly version?: string;
  /** Colour taking the main share of traffic. @default "blue" */
  readonly activeColour: Colour;
  /** Version on the idle colour (two-colour strategies). @default version */
  readonly idleVersion?: string;
  /** Percent of traffic to the idle colour, 0..100. @default 0 */
  readonly idleWeight: number;
  /**
   * Version (image tag) the one-off migration task definition runs, so the deploy automation can register
   * the new version's migrations while the services stay on the current one.
   * @default the idle colour's version (two-colour strategies), else version
   */
  readonly migrationVersion?: string;
}

/** Where alarms notify; every value is a config secret. */
export interface AlertEndpoints {
  /** PagerDuty CloudWatch integration URL (critical topic). */
  readonly pagerDutyUrl?: pulumi.Output<string>;
  /** Slack webhook (or relay) URL (critical, warning, info topics). */
  readonly slackWebhookUrl?: pulumi.Output<string>;
  /** E-mail addresses (critical and warning topics). */
  readonly emails?: readonly pulumi.Output<string>[];
}

export interface DomainConfig {
  /** Apex or delegated domain, e.g. `app.example.com`. */
  readonly name: string;
  /** Route 53 public hosted zone id of the domain. */
  readonly hostedZoneId: string;
  /** API host name. @default `api.<domain>` (resolved by the DNS component) */
  readonly apiHostname?: string;
  /** Static site host name. @default the domain */
  readonly siteHostname?: string;
}

export interface NetworkConfig {
  /** VPC IPv4 CIDR. */
  readonly vpcCidr: string;
  /** Availability zones: 2 staging, 3 production. */
  readonly azCount: number;
  /** NAT gateways: `single` staging, `perAz` production. */
  readonly natGateways: "single" | "perAz";
  /** S3 gateway + ECR/Secrets Manager/Logs interface endpoints. Production on, staging off. */
  readonly vpcEndpoints: boolean;
  /** VPC flow log retention (days). */
  readonly flowLogRetentionDays: number;
}

export interface DatabaseConfig {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Performance Insights retention: 7 or a multiple of 31 up to 731. */
  readonly performanceInsightsRetentionDays: number;
}

/** The typed, validated configuration of one stack. */
export interface StackConfig {
  /** Pulumi project name. */
  readonly project: string;
  /** Pulumi stack name, e.g. `staging`. */
  readonly stack: string;
  /** File the stack's config lives in, e.g. `Pulumi.staging.yaml` (for messages). */
  readonly stackFile: string;
  readonly environmentType: EnvironmentType;
  /** AWS region (`aws:region`). */
  readonly region: string;
  /** Absolute path of the release root. */
  readonly artifactsDir: string;
  /** Strategy override (`slipway:strategy`); undefined = the release's. */
  readonly strategy?: Strategy;
  readonly release: ReleaseStateConfig;
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  /** Defaults for API services (`backend_api`). */
  readonly apiDefaults: ServiceSize;
  /** Defaults for worker services (every other backend type). */
  readonly workerDefaults: ServiceSize;
  /** Per-service overrides by component name. */
  readonly services: Readonly<Record<string, ServiceOverride>>;
  /** Custom domain; undefined = served on AWS-provided names. */
  readonly domain?: DomainConfig;
  readonly alerts: AlertEndpoints;
  /** Uptime SLA target in percent, e.g. 99.9. */
  readonly uptimeSlaTarget: number;
  /** OpenTelemetry (ADOT) sidecar exporting to X-Ray. */
  readonly tracing: boolean;
  /** Service log group retention (days). */
  readonly logRetentionDays: number;
  /** ALB deletion protection (production on). */
  readonly loadBalancerDeletionProtection: boolean;
  /** Secret values of the release's env vars, by variable name (`slipway:secrets`); see release/env.ts. */
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** Command (container `command`) of the one-off migration task; undefined = the image's default. */
  readonly migrationCommand?: readonly string[];
  /** Built static site assets to upload (absolute); undefined = no upload. */
  readonly siteAssetsDir?: string;
  /** Rotation of env var secrets by variable name (`slipway:secretRotation`); others do not rotate. */
  readonly secretRotation: Readonly<Record<string, SecretRotationConfig>>;
  /** Things worth saying under `pulumi up` (e.g. alarms without subscribers). Never secret. */
  readonly warnings: readonly string[];
}

/** Defaults that depend on the environment type. */
export interface EnvironmentDefaults {
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly apiDefaults: ServiceSize;
  readonly workerDefaults: ServiceSize;
  readonly logRetentionDays: number;
  readonly loadBalancerDeletionProtection: boolean;
  readonly tracing: boolean;
  readonly uptimeSlaTarget: number;
}

/** The defaults of an environment type (pure). */
export function defaultsFor(type: EnvironmentType): EnvironmentDefaults {
  const production = type === "production";
  return {
    network: {
      vpcCidr: "10.0.0.0/16",
      azCount: production ? 3 : 2,
      natGateways: production ? "perAz" : "single",
      vpcEndpoints: production,
      flowLogRetentionDays: production ? 90 : 14,
    },
    database: {
      instanceClass: production ? "db.r6g.large" : "db.t4g.small",
      allocatedStorageGb: production ? 100 : 20,
      maxAllocatedStorageGb: production ? 500 : 100,
      multiAz: production,
      backupRetentionDays: production ? 30 : 7,
      deletionProtection: production,
      performanceInsightsRetentionDays: 7,
    },
    apiDefaults: production
      ? { cpu: 512, memory: 1024, desiredCount: 2, minCount: 2, maxCount: 6 }
      : { cpu: 256, memory: 512, desiredCount: 1, minCount: 1, maxCount: 2 },
    workerDefaults: production
      ? { cpu: 512, memory: 1024, desiredCount: 2, minCount: 2, maxCount: 4 }
      : { cpu: 256, memory: 512, desiredCount: 1, minCount: 1, maxCount: 1 },
    logRetentionDays: production ? 90 : 14,
    loadBalancerDeletionProtection: production,
    tracing: true,
    uptimeSlaTarget: 99.9,
  };
}

/** Environment type from a stack name: `prod*` -> production, `stag*` -> staging, else development. */
export function environmentTypeFromStack(stack: string): EnvironmentType {
  const s = stack.toLowerCase().split("/").pop() ?? "";
  if (/^prod/.test(s)) return "production";
  if (/^stag/.test(s)) return "staging";
  return "development";
}

/** Every `slipway:*` key the program reads (anything else in the namespace is a typo). */
export const CONFIG_KEYS = [
  "environmentType",
  "artifactsDir",
  "strategy",
  "release",
  "vpcCidr",
  "azCount",
  "natGateways",
  "vpcEndpoints",
  "flowLogRetentionDays",
  "dbInstanceClass",
  "dbAllocatedStorageGb",
  "dbMaxAllocatedStorageGb",
  "dbMultiAz",
  "dbBackupRetentionDays",
  "dbDeletionProtection",
  "dbPerformanceInsightsRetentionDays",
  "apiCpu",
  "apiMemory",
  "apiDesiredCount",
  "apiMinCount",
  "apiMaxCount",
  "workerCpu",
  "workerMemory",
  "workerDesiredCount",
  "workerMinCount",
  "workerMaxCount",
  "services",
  "domain",
  "hostedZoneId",
  "apiHostname",
  "siteHostname",
  "alertPagerDutyUrl",
  "alertSlackWebhookUrl",
  "alertEmails",
  "uptimeSlaTarget",
  "tracing",
  "logRetentionDays",
  "loadBalancerDeletionProtection",
  "secrets",
  "migrationCommand",
  "siteAssetsDir",
  "secretRotation",
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Keys whose values are secrets: read once, wrapped in `pulumi.secret`, never echoed. */
export const SECRET_KEYS: readonly ConfigKey[] = [
  "alertPagerDutyUrl",
  "alertSlackWebhookUrl",
  "alertEmails",
  "secrets",
];

/** Reads a raw config value (as Pulumi stores it: a string, JSON for objects) by full key. */
export type ConfigReader = (fullKey: string) => string | undefined;

export interface ResolveContext {
  readonly project: string;
  readonly stack: string;
  /** Directory relative paths resolve against (the project directory). */
  readonly projectDir: string;
  /** Environment (for `SLIPWAY_ARTIFACTS_DIR`, `AWS_REGION`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Every full key set on the stack (to catch typos in the `slipway` namespace). */
  readonly keys?: readonly string[];
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * Resolve and validate the stack configuration from raw values (pure apart from wrapping secrets).
 * @throws InputError | InputErrors naming the stack file, the key and the fix.
 */
export function resolveStackConfig(read: ConfigReader, ctx: ResolveContext): StackConfig {
  const stackFile = `Pulumi.${ctx.stack}.yaml`;
  const errors: InputError[] = [];
  const warnings: string[] = [];
  const full = (key: ConfigKey) => `${NAMESPACE}:${key}`;
  const setCmd = (key: string, example: string, secret = false) =>
    `pulumi config set${secret ? " --secret" : ""} ${key} ${example} --stack ${ctx.stack}`;
  const err = (key: string, problem: string, fix: string) =>
    errors.push(new InputError(stackFile, key, problem, fix));

  // Unknown keys in our namespace are typos: say which key was probably meant.
  for (const k of ctx.keys ?? []) {
    if (!k.startsWith(`${NAMESPACE}:`)) continue;
    const name = k.slice(NAMESPACE.length + 1);
    if ((CONFIG_KEYS as readonly string[]).includes(name)) continue;
    const best = [...CONFIG_KEYS].sort((a, b) => levenshtein(name, a) - levenshtein(name, b))[0];
    err(
      k,
      "is not a slipway configuration key",
      `remove it (pulumi config rm ${k} --stack ${ctx.stack})${levenshtein(name, best) <= 3 ? ` or use ${NAMESPACE}:${best}` : ""}; see the README's Configuration reference`,
    );
  }

  const raw = (key: ConfigKey): string | undefined => {
    const v = read(full(key));
    return v === undefined || v === "" ? undefined : v;
  };
  const str = (key: ConfigKey): string | undefined => raw(key);
  const oneOf = <T extends string>(key: ConfigKey, allowed: readonly T[], example: T): T | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      err(full(key), `"${v}" is not one of ${allowed.join(", ")}`, setCmd(full(key), example));
      return undefined;
    }
    return v as T;
  };
  const int = (key: ConfigKey, min: number, max: number, example: number): number | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || n < min || n > max) {
      err(
        full(key),
        `"${v}" is not an integer between ${min} and ${max}`,
        setCmd(full(key), String(example)),
      );
      return undefined;
    }
    return n;
  };
  const bool = (key: ConfigKey): boolean | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") {
      err(full(key), `"${v}" is not true or false`, setCmd(full(key), "true"));
      return undefined;
    }
    return v === "true";
  };
  const json = (key: ConfigKey, secret = false): unknown => {
    const v = raw(key);
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v);
    } catch {
      err(
        full(key),
        secret
          ? "is not valid structured (JSON/YAML object) config"
          : `"${v}" is not valid structured config`,
        `set it as an object, e.g. pulumi config set${secret ? " --secret" : ""} --path '${full(key)}.<field>' <value> --stack ${ctx.stack}`,
      );
      return undefined;
    }
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

  // Environment type.
  const environmentType =
    oneOf<EnvironmentType>("environmentType", ["staging", "production", "development"], "staging") ??
    environmentTypeFromStack(ctx.stack);
  const d = defaultsFor(environmentType);

  // Region.
  const region = read("aws:region") ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
  if (!region) {
    err("aws:region", "is not set", setCmd("aws:region", "eu-west-1"));
  } else if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) {
    err("aws:region", `"${region}" is not an AWS region name`, setCmd("aws:region", "eu-west-1"));
  }

  // Release root: the key, else SLIPWAY_ARTIFACTS_DIR, else the bundled example. (Pulumi.yaml declares the
  // key without a default: a project default would always set it and hide the environment variable.)
  const dirValue = str("artifactsDir") ?? (ctx.env.SLIPWAY_ARTIFACTS_DIR || undefined);
  const bundled = dirValue === undefined ? bundledRelease(ctx.projectDir) : undefined;
  if (dirValue === undefined && bundled === undefined)
    err(
      full("artifactsDir"),
      `is not set, SLIPWAY_ARTIFACTS_DIR is not set, and ${resolve(ctx.projectDir, EXAMPLES_DIR)} holds no single bundled release`,
      setCmd(full("artifactsDir"), "path/to/release"),
    );
  const artifactsDir =
    dirValue === undefined
      ? (bundled ?? "")
      : isAbsolute(dirValue)
        ? dirValue
        : resolve(ctx.projectDir, dirValue);

  const strategy = oneOf<Strategy>("strategy", STRATEGIES, "rolling");

  // Release state.
  let release: ReleaseStateConfig = { activeColour: "blue", idleWeight: 0 };
  const rel = json("release");
  if (rel !== undefined) {
    const key = full("release");
    if (!isObject(rel)) {
      err(
        key,
        "must be an object with version, activeColour, idleVersion, idleWeight, migrationVersion",
        setCmd(`--path '${key}.version'`, "1.4.0"),
      );
    } else {
      const tag = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
      const out: { -readonly [K in keyof ReleaseStateConfig]: ReleaseStateConfig[K] } = {
        activeColour: "blue",
        idleWeight: 0,
      };
      for (const k of Object.keys(rel))
        if (!["version", "activeColour", "idleVersion", "idleWeight", "migrationVersion"].includes(k))
          err(
            `${key}.${k}`,
            "is not a release state field",
            "use version, activeColour, idleVersion, idleWeight, migrationVersion",
          );
      for (const k of ["version", "idleVersion", "migrationVersion"] as const) {
        const v = rel[k];
        if (v === undefined) continue;
        if (typeof v !== "string" || !tag.test(v))
          err(
            `${key}.${k}`,
            `${JSON.stringify(v)} is not a version usable as an image tag`,
            setCmd(`--path '${key}.${k}'`, "1.4.0"),
          );
        else out[k] = v;
      }
      if (rel.activeColour !== undefined) {
        if (rel.activeColour !== "blue" && rel.activeColour !== "green")
          err(
            `${key}.activeColour`,
            `${JSON.stringify(rel.activeColour)} is not blue or green`,
            setCmd(`--path '${key}.activeColour'`, "blue"),
          );
        else out.activeColour = rel.activeColour;
      }
      if (rel.idleWeight !== undefined) {
        const w = typeof rel.idleWeight === "string" ? Number(rel.idleWeight) : rel.idleWeight;
        if (typeof w !== "number" || !Number.isInteger(w) || w < 0 || w > 100)
          err(
            `${key}.idleWeight`,
            `${JSON.stringify(rel.idleWeight)} is not an integer percentage 0..100`,
            setCmd(`--path '${key}.idleWeight'`, "10"),
          );
        else out.idleWeight = w;
      }
      release = out;
    }
  }

  // Network.
  const vpcCidr = str("vpcCidr") ?? d.network.vpcCidr;
  const cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(vpcCidr);
  if (
    !cidr ||
    cidr.slice(1, 5).some((o) => Number(o) > 255) ||
    Number(cidr[5]) < 16 ||
    Number(cidr[5]) > 24
  ) {
    err(
      full("vpcCidr"),
      `"${vpcCidr}" is not an IPv4 CIDR between /16 and /24`,
      setCmd(full("vpcCidr"), "10.0.0.0/16"),
    );
  }
  const logRetention = (key: ConfigKey, fallback: number): number => {
    const v = int(key, 1, 3653, fallback);
    if (v !== undefined && !LOG_RETENTION_DAYS.includes(v)) {
      err(
        full(key),
        `${v} is not a CloudWatch Logs retention period`,
        `${setCmd(full(key), String(fallback))} (allowed: ${LOG_RETENTION_DAYS.join(", ")})`,
      );
      return fallback;
    }
    return v ?? fallback;
  };
  const network: NetworkConfig = {
    vpcCidr,
    azCount: int("azCount", 2, 6, d.network.azCount) ?? d.network.azCount,
    natGateways:
      oneOf("natGateways", ["single", "perAz"] as const, d.network.natGateways) ?? d.network.natGateways,
    vpcEndpoints: bool("vpcEndpoints") ?? d.network.vpcEndpoints,
    flowLogRetentionDays: logRetention("flowLogRetentionDays", d.network.flowLogRetentionDays),
  };
  // The subnets of every AZ must fit the VPC (the network component's layout, checked here to name the key).
  if (cidr && !errors.some((e) => e.field === full("vpcCidr") || e.field === full("azCount"))) {
    try {
      layoutSubnets({
        vpcCidr,
        azCount: network.azCount,
        prefixLengths: defaultPrefixLengths(Number(cidr[5])),
      });
    } catch (e) {
      if (!(e instanceof CidrLayoutError)) throw e;
      err(
        full("vpcCidr"),
        `"${vpcCidr}" is too small for three subnet tiers in ${network.azCount} AZs (${e.problem})`,
        `${setCmd(full("vpcCidr"), "10.0.0.0/16")}, or fewer AZs with ${full("azCount")}`,
      );
    }
  }
  if (environmentType === "production" && network.natGateways === "single")
    warnings.push(
      `${full("natGateways")} is "single" in production: one AZ outage cuts the services' egress`,
    );

  // Database.
  const instanceClass = str("dbInstanceClass") ?? d.database.instanceClass;
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass))
    err(
      full("dbInstanceClass"),
      `"${instanceClass}" is not an RDS instance class`,
      setCmd(full("dbInstanceClass"), d.database.instanceClass),
    );
  const allocated =
    int("dbAllocatedStorageGb", 20, 65536, d.database.allocatedStorageGb) ?? d.database.allocatedStorageGb;
  const maxAllocated =
    int("dbMaxAllocatedStorageGb", 20, 65536, d.database.maxAllocatedStorageGb) ??
    Math.max(d.database.maxAllocatedStorageGb, allocated);
  if (maxAllocated < allocated)
    err(
      full("dbMaxAllocatedStorageGb"),
      `${maxAllocated} is below ${full("dbAllocatedStorageGb")} (${allocated})`,
      setCmd(full("dbMaxAllocatedStorageGb"), String(allocated * 5)),
    );
  const pi =
    int("dbPerformanceInsightsRetentionDays", 7, 731, 7) ?? d.database.performanceInsightsRetentionDays;
  if (pi !== 7 && pi % 31 !== 0)
    err(
      full("dbPerformanceInsightsRetentionDays"),
      `${pi} is not 7 or a multiple of 31`,
      setCmd(full("dbPerformanceInsightsRetentionDays"), "7"),
    );
  const database: DatabaseConfig = {
    instanceClass,
    allocatedStorageGb: allocated,
    maxAllocatedStorageGb: maxAllocated,
    multiAz: bool("dbMultiAz") ?? d.database.multiAz,
    backupRetentionDays:
      int("dbBackupRetentionDays", 1, 35, d.database.backupRetentionDays) ?? d.database.backupRetentionDays,
    deletionProtection: bool("dbDeletionProtection") ?? d.database.deletionProtection,
    performanceInsightsRetentionDays: pi,
  };
  if (environmentType === "production" && !database.multiAz)
    warnings.push(
      `${full("dbMultiAz")} is false in production: a single-AZ database has no automatic failover`,
    );

  // Service sizes.
  const size = (prefix: "api" | "worker", base: ServiceSize): ServiceSize => {
    const s: ServiceSize = {
      cpu: int(`${prefix}Cpu`, 256, 16384, base.cpu) ?? base.cpu,
      memory: int(`${prefix}Memory`, 512, 122880, base.memory) ?? base.memory,
      desiredCount: int(`${prefix}DesiredCount`, 1, 100, base.desiredCount) ?? base.desiredCount,
      minCount: int(`${prefix}MinCount`, 1, 100, base.minCount) ?? base.minCount,
      maxCount: int(`${prefix}MaxCount`, 1, 100, base.maxCount) ?? base.maxCount,
    };
    sizeIssues(s, `${NAMESPACE}:${prefix}`).forEach(([k, p, example]) => err(k, p, setCmd(k, example)));
    return s;
  };
  const apiDefaults = size("api", d.apiDefaults);
  const workerDefaults = size("worker", d.workerDefaults);

  // Per-service overrides.
  const services: Record<string, ServiceOverride> = {};
  const svc = json("services");
  if (svc !== undefined) {
    const key = full("services");
    if (!isObject(svc))
      err(key, "must be an object keyed by component name", setCmd(`--path '${key}.api.cpu'`, "512"));
    else
      for (const [name, o] of Object.entries(svc)) {
        const k = `${key}.${name}`;
        if (!isObject(o)) {
          err(
            k,
            "must be an object (image, buildContext, dockerfile, cpu, memory, desiredCount, minCount, maxCount)",
            setCmd(`--path '${k}.cpu'`, "512"),
          );
          continue;
        }
        const out: { -readonly [P in keyof ServiceOverride]: ServiceOverride[P] } = {};
        for (const [f, v] of Object.entries(o)) {
          if (["image", "buildContext", "dockerfile"].includes(f)) {
            if (typeof v !== "string" || v === "")
              err(`${k}.${f}`, "must be a non-empty string", setCmd(`--path '${k}.${f}'`, "<value>"));
            else
              (out as Record<string, unknown>)[f] =
                f === "buildContext" && !isAbsolute(v) ? resolve(ctx.projectDir, v) : v;
          } else if (["cpu", "memory", "desiredCount", "minCount", "maxCount"].includes(f)) {
            const n = typeof v === "string" ? Number(v) : v;
            if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
              err(
                `${k}.${f}`,
                `${JSON.stringify(v)} is not a positive integer`,
                setCmd(`--path '${k}.${f}'`, "1"),
              );
            else (out as Record<string, unknown>)[f] = n;
          } else {
            err(
              `${k}.${f}`,
              "is not a service override field",
              "use image, buildContext, dockerfile, cpu, memory, desiredCount, minCount or maxCount",
            );
          }
        }
        if (out.image && out.buildContext)
          err(
            `${k}.image`,
            "is set together with buildContext",
            "set either an explicit image or a build context, not both",
          );
        if (
          out.image !== undefined &&
          !/^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9._/-]+(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$/.test(out.image)
        )
          err(
            `${k}.image`,
            `"${out.image}" is not an image URI with a tag or digest`,
            setCmd(`--path '${k}.image'`, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.0"),
          );
        if (out.buildContext !== undefined) {
          const dockerfile = join(out.buildContext, out.dockerfile ?? "Dockerfile");
          if (!isDirectory(out.buildContext))
            err(
              `${k}.buildContext`,
              `${out.buildContext} is not a directory`,
              setCmd(`--path '${k}.buildContext'`, "path/to/service"),
            );
          else if (!existsSync(dockerfile))
            err(
              `${k}.${out.dockerfile ? "dockerfile" : "buildContext"}`,
              `${dockerfile} does not exist`,
              `add the Dockerfile or ${setCmd(`--path '${k}.dockerfile'`, "docker/Dockerfile")} (relative to buildContext)`,
            );
        }
        services[name] = out;
      }
  }

  // Domain.
  let domain: DomainConfig | undefined;
  const domainName = str("domain");
  const zone = str("hostedZoneId");
  const apiHostname = str("apiHostname");
  const siteHostname = str("siteHostname");
  if (domainName !== undefined) {
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName))
      err(
        full("domain"),
        `"${domainName}" is not a lower-case DNS name`,
        setCmd(full("domain"), "app.example.com"),
      );
    if (zone === undefined)
      err(
        full("hostedZoneId"),
        `is required with ${full("domain")}`,
        setCmd(full("hostedZoneId"), "Z0123456789ABCDEFGHIJ"),
      );
    else if (!/^Z[A-Z0-9]{1,31}$/.test(zone))
      err(
        full("hostedZoneId"),
        `"${zone}" is not a Route 53 hosted zone id`,
        setCmd(full("hostedZoneId"), "Z0123456789ABCDEFGHIJ"),
      );
    for (const [key, host] of [
      ["apiHostname", apiHostname],
      ["siteHostname", siteHostname],
    ] as const)
      if (host !== undefined && host !== domainName && !host.endsWith(`.${domainName}`))
        err(
          full(key),
          `"${host}" is not within ${full("domain")} "${domainName}"`,
          setCmd(full(key), `api.${domainName}`),
        );
    domain = {
      name: domainName,
      hostedZoneId: zone ?? "",
      ...(apiHostname ? { apiHostname } : {}),
      ...(siteHostname ? { siteHostname } : {}),
    };
  } else {
    for (const key of ["hostedZoneId", "apiHostname", "siteHostname"] as const)
      if (raw(key) !== undefined)
        err(
          full(key),
          `is set but ${full("domain")} is not`,
          `${setCmd(full("domain"), "app.example.com")}, or remove ${full(key)}`,
        );
    warnings.push(
      `no ${full("domain")}: the API is served on the load balancer's AWS name over HTTP and the site on its CloudFront name; set slipway:domain and slipway:hostedZoneId for HTTPS with your own names`,
    );
  }

  // Alert endpoints (secrets: never echo the value).
  const alerts: { -readonly [K in keyof AlertEndpoints]: AlertEndpoints[K] } = {};
  const url = (key: ConfigKey, label: string): pulumi.Output<string> | undefined => {
    const v = raw(key);
    if (v === undefined) return undefined;
    // Offline evaluation cannot decrypt `secure:` values: accept the placeholder without validating it.
    if (v === SECURE_PLACEHOLDER) return pulumi.secret(v);
    if (!/^https:\/\/[^\s/$.?#].[^\s]*$/.test(v)) {
      err(
        full(key),
        `is not an HTTPS URL (value not shown: it is a secret)`,
        setCmd(full(key), `<${label} https URL>`, true),
      );
      return undefined;
    }
    return pulumi.secret(v);
  };
  const pd = url("alertPagerDutyUrl", "PagerDuty integration");
  if (pd) alerts.pagerDutyUrl = pd;
  const slack = url("alertSlackWebhookUrl", "Slack webhook");
  if (slack) alerts.slackWebhookUrl = slack;
  const emailsRaw = raw("alertEmails");
  if (emailsRaw === SECURE_PLACEHOLDER) {
    alerts.emails = [pulumi.secret(emailsRaw)];
  } else if (emailsRaw !== undefined) {
    let list: unknown;
    try {
      list = emailsRaw.trim().startsWith("[")
        ? JSON.parse(emailsRaw)
        : emailsRaw.split(",").map((s) => s.trim());
    } catch {
      list = undefined;
    }
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((e) => typeof e === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e))
    )
      err(
        full("alertEmails"),
        "is not a comma-separated list of e-mail addresses (value not shown: it is a secret)",
        setCmd(full("alertEmails"), "oncall@example.com,team@example.com", true),
      );
    else alerts.emails = (list as string[]).map((e) => pulumi.secret(e));
  }
  if (!alerts.pagerDutyUrl && !alerts.slackWebhookUrl && !alerts.emails)
    warnings.push(
      `no alert endpoint configured: alarms publish to SNS topics without subscribers. Set ${full("alertPagerDutyUrl")}, ${full("alertSlackWebhookUrl")} or ${full("alertEmails")} with pulumi config set --secret`,
    );
  else if (environmentType === "production" && !alerts.pagerDutyUrl)
    warnings.push(`no ${full("alertPagerDutyUrl")} in production: critical alarms do not page anyone`);

  // SLA, tracing, retention, ALB.
  let uptimeSlaTarget = d.uptimeSlaTarget;
  const sla = raw("uptimeSlaTarget");
  if (sla !== undefined) {
    const n = Number(sla);
    if (!Number.isFinite(n) || n < 90 || n >= 100)
      err(
        full("uptimeSlaTarget"),
        `"${sla}" is not a percentage in [90, 100)`,
        setCmd(full("uptimeSlaTarget"), "99.9"),
      );
    else uptimeSlaTarget = n;
  }
  const tracing = bool("tracing") ?? d.tracing;
  const logRetentionDays = logRetention("logRetentionDays", d.logRetentionDays);
  const loadBalancerDeletionProtection =
    bool("loadBalancerDeletionProtection") ?? d.loadBalancerDeletionProtection;

  // Env var secrets.
  const secrets: Record<string, pulumi.Output<string>> = {};
  const secretsOffline = raw("secrets") === SECURE_PLACEHOLDER;
  if (secretsOffline)
    warnings.push(
      `${full("secrets")} is encrypted and cannot be read offline: every required secret is treated as generated`,
    );
  const sec = secretsOffline ? undefined : json("secrets", true);
  if (sec !== undefined) {
    const key = full("secrets");
    if (!isObject(sec))
      err(
        key,
        "must be an object of environment variable name -> value (value not shown)",
        setCmd(`--path '${key}.JWT_SIGNING_KEY'`, "<value>", true),
      );
    else
      for (const [name, v] of Object.entries(sec)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
          err(
            `${key}.${name}`,
            "is not an environment variable name",
            "use the variable's name from the backend report",
          );
        else if (typeof v !== "string" || v === "")
          err(
            `${key}.${name}`,
            "must be a non-empty string (value not shown: it is a secret)",
            setCmd(`--path '${key}.${name}'`, "<value>", true),
          );
        else secrets[name] = pulumi.secret(v);
      }
  }

  // Migration command and site assets.
  let migrationCommand: string[] | undefined;
  const mc = raw("migrationCommand");
  if (mc !== undefined) {
    let parsed: unknown;
    if (mc.trim().startsWith("[")) {
      try {
        parsed = JSON.parse(mc);
      } catch {
        parsed = undefined;
      }
    } else parsed = ["sh", "-c", mc];
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((p) => typeof p === "string" && p !== "")
    )
      err(
        full("migrationCommand"),
        "is not a command (a string or a list of strings)",
        setCmd(full("migrationCommand"), "'npm run migrate'"),
      );
    else migrationCommand = parsed as string[];
  }
  // Secret rotation (not secret: Lambda ARNs and schedules).
  const secretRotation: Record<string, SecretRotationConfig> = {};
  const rot = json("secretRotation");
  if (rot !== undefined) {
    const key = full("secretRotation");
    const example = (name: string) =>
      setCmd(`--path '${key}.${name}.automaticallyAfterDays'`, "30") +
      ` and ${setCmd(`--path '${key}.${name}.lambdaArn'`, "arn:aws:lambda:eu-west-1:123456789012:function:rotate")}`;
    if (!isObject(rot)) err(key, "must be an object keyed by environment variable name", example("API_KEY"));
    else
      for (const [name, r] of Object.entries(rot)) {
        const k = `${key}.${name}`;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          err(k, "is not an environment variable name", "use the variable's name from the backend report");
          continue;
        }
        if (!isObject(r)) {
          err(
            k,
            "must be an object (lambdaArn and automaticallyAfterDays or scheduleExpression)",
            example(name),
          );
          continue;
        }
        const before = errors.length;
        for (const f of Object.keys(r))
          if (!["lambdaArn", "automaticallyAfterDays", "scheduleExpression"].includes(f))
            err(
              `${k}.${f}`,
              "is not a rotation field",
              "use lambdaArn, automaticallyAfterDays or scheduleExpression",
            );
        const arn = r.lambdaArn;
        if (
          typeof arn !== "string" ||
          !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/.test(arn)
        )
          err(
            `${k}.lambdaArn`,
            `${JSON.stringify(arn)} is not a Lambda function ARN`,
            setCmd(`--path '${k}.lambdaArn'`, "arn:aws:lambda:eu-west-1:123456789012:function:rotate"),
          );
        const days =
          typeof r.automaticallyAfterDays === "string"
            ? Number(r.automaticallyAfterDays)
            : r.automaticallyAfterDays;
        const schedule = r.scheduleExpression;
        if ((days === undefined) === (schedule === undefined))
          err(k, "needs exactly one of automaticallyAfterDays and scheduleExpression", example(name));
        if (
          days !== undefined &&
          (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 1000)
        )
          err(
            `${k}.automaticallyAfterDays`,
            `${JSON.stringify(r.automaticallyAfterDays)} is not an integer 1..1000`,
            setCmd(`--path '${k}.automaticallyAfterDays'`, "30"),
          );
        if (schedule !== undefined && (typeof schedule !== "string" || !/^(rate|cron)\(.+\)$/.test(schedule)))
          err(
            `${k}.scheduleExpression`,
            `${JSON.stringify(schedule)} is not rate(...) or cron(...)`,
            setCmd(`--path '${k}.scheduleExpression'`, "'rate(30 days)'"),
          );
        if (errors.length === before)
          secretRotation[name] = {
            lambdaArn: arn as string,
            ...(days !== undefined ? { automaticallyAfterDays: days as number } : {}),
            ...(schedule !== undefined ? { scheduleExpression: schedule as string } : {}),
          };
      }
  }

  const assets = str("siteAssetsDir");
  const siteAssetsDir =
    assets === undefined ? undefined : isAbsolute(assets) ? assets : resolve(ctx.projectDir, assets);
  if (siteAssetsDir !== undefined && !isDirectory(siteAssetsDir))
    err(
      full("siteAssetsDir"),
      `${siteAssetsDir} is not a directory`,
      `build the site first or ${setCmd(full("siteAssetsDir"), "frontend/dist")}`,
    );
  else if (siteAssetsDir !== undefined && !existsSync(join(siteAssetsDir, "index.html")))
    err(
      full("siteAssetsDir"),
      `${siteAssetsDir} has no index.html (the site's root object)`,
      `point it at the built site, e.g. ${setCmd(full("siteAssetsDir"), "frontend/dist")}`,
    );

  throwInputErrors(errors);

  return {
    project: ctx.project,
    stack: ctx.stack,
    stackFile,
    environmentType,
    region: region!,
    artifactsDir,
    ...(strategy ? { strategy } : {}),
    release,
    network,
    database,
    apiDefaults,
    workerDefaults,
    services,
    ...(domain ? { domain } : {}),
    alerts,
    uptimeSlaTarget,
    tracing,
    logRetentionDays,
    loadBalancerDeletionProtection,
    secrets,
    ...(migrationCommand ? { migrationCommand } : {}),
    ...(siteAssetsDir ? { siteAssetsDir } : {}),
    secretRotation,
    warnings,
  };
}

/** Problems with a service size: `[key, problem, example value]` (pure). */
export function sizeIssues(s: ServiceSize, keyPrefix: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  const mem = fargateMemoryOptions(s.cpu);
  if (mem.length === 0) out.push([`${keyPrefix}Cpu`, `${s.cpu} is not a Fargate CPU size`, "512"]);
  else if (!mem.includes(s.memory))
    out.push([
      `${keyPrefix}Memory`,
      `${s.memory} MiB is not a Fargate memory size for ${s.cpu} CPU units (allowed: ${mem.join(", ")})`,
      String(mem[0]),
    ]);
  if (s.minCount > s.maxCount)
    out.push([
      `${keyPrefix}MinCount`,
      `${s.minCount} is above the maximum ${s.maxCount}`,
      String(s.maxCount),
    ]);
  if (s.desiredCount < s.minCount || s.desiredCount > s.maxCount)
    out.push([
      `${keyPrefix}DesiredCount`,
      `${s.desiredCount} is outside ${s.minCount}..${s.maxCount}`,
      String(Math.max(s.minCount, Math.min(s.desiredCount, s.maxCount))),
    ]);
  return out;
}

/** A service's effective settings: kind defaults overlaid with its `slipway:services.<name>` override. */
export interface ResolvedService extends ServiceSize {
  readonly image?: string;
  readonly buildContext?: string;
  readonly dockerfile?: string;
}

/** Problems with one service's effective settings, as InputErrors naming its override keys (pure). */
function serviceSettingsIssues(config: StackConfig, name: string, merged: ServiceSize): InputError[] {
  return sizeIssues(merged, `${NAMESPACE}:services.${name}.`).map(([key, problem, example]) => {
    const field = key.replace(
      /\.(Cpu|Memory|MinCount|MaxCount|DesiredCount)$/,
      (_m, f: string) => `.${f[0].toLowerCase()}${f.slice(1)}`,
    );
    return new InputError(
      config.stackFile,
      field,
      problem,
      `pulumi config set --path '${field}' ${example} --stack ${config.stack}`,
    );
  });
}

function mergedSettings(
  config: StackConfig,
  service: { name: string; kind: "api" | "worker" },
): ResolvedService {
  const base = service.kind === "api" ? config.apiDefaults : config.workerDefaults;
  return { ...base, ...(config.services[service.name] ?? {}) };
}

/**
 * Effective settings of one service (pure). Throws InputError(s) when the merged size is invalid
 * (e.g. an override's memory does not fit the default CPU).
 */
export function serviceSettings(
  config: StackConfig,
  service: { name: string; kind: "api" | "worker" },
): ResolvedService {
  const merged = mergedSettings(config, service);
  throwInputErrors(serviceSettingsIssues(config, service.name, merged));
  return merged;
}

/**
 * Effective settings of every service of the release, by name (pure). Reports every problem at once:
 * invalid merged sizes of any service and overrides for services the release does not have.
 */
export function resolveServiceSettings(
  config: StackConfig,
  services: readonly { name: string; kind: "api" | "worker" }[],
): Map<string, ResolvedService> {
  const settings = new Map(services.map((s) => [s.name, mergedSettings(config, s)]));
  throwInputErrors([
    ...unknownServiceOverrides(
      config,
      services.map((s) => s.name),
    ),
    ...[...settings].flatMap(([name, merged]) => serviceSettingsIssues(config, name, merged)),
  ]);
  return settings;
}

/**
 * Entries of a config map (`slipway:<key>.<name>`) whose name the release does not have (pure): likely
 * typos, each an InputError with the names it does have and the command that removes the entry.
 */
function unknownNames(
  config: StackConfig,
  key: "services" | "secretRotation",
  known: readonly string[],
  what: { missing: (name: string) => string; has: string; renameTo: string },
): InputError[] {
  return Object.keys(config[key])
    .filter((n) => !known.includes(n))
    .map(
      (n) =>
        new InputError(
          config.stackFile,
          `${NAMESPACE}:${key}.${n}`,
          `the release has no ${what.missing(n)} (${what.has} ${known.join(", ") || "none"})`,
          `rename ${what.renameTo} or remove it (pulumi config rm --path '${NAMESPACE}:${key}.${n}' --stack ${config.stack})`,
        ),
    );
}

/** Config overrides for services the release does not have (pure): likely typos. */
export function unknownServiceOverrides(config: StackConfig, serviceNames: readonly string[]): InputError[] {
  return unknownNames(config, "services", serviceNames, {
    missing: (n) => `backend component named "${n}"`,
    has: "it has",
    renameTo: "the override to one of the release's services",
  });
}

/** Rotation config for variables that are not secrets of the release (pure): likely typos. */
export function unknownSecretRotations(config: StackConfig, secretNames: readonly string[]): InputError[] {
  return unknownNames(config, "secretRotation", secretNames, {
    missing: (n) => `secret environment variable "${n}"`,
    has: "its secrets:",
    renameTo: "it to one of the release's secrets",
  });
}

/** The release state for this deployment, with defaults filled in. */
export interface ResolvedReleaseState {
  readonly strategy: Strategy;
  /** Two colours (blue_green, canary) or one (rolling, direct). */
  readonly twoColour: boolean;
  readonly activeColour: Colour;
  readonly idleColour: Colour;
  /** Version per colour (only `blue` for one-colour strategies). */
  readonly versions: Partial<Record<Colour, string>>;
  /** Percent of traffic to the idle colour (0 for one-colour strategies). */
  readonly idleWeight: number;
  /** Version the one-off migration task definition runs (`migrationVersion`, else the idle colour's, else `version`). */
  readonly migrationVersion: string;
}

/**
 * Combine the release (its version and strategy) with `slipway:release` / `slipway:strategy` (pure).
 * One-colour strategies run `blue` only and must not ask for idle traffic.
 */
export function resolveReleaseState(
  config: Pick<StackConfig, "release" | "strategy" | "stackFile" | "stack">,
  release: { version: string; strategy: Strategy },
): ResolvedReleaseState {
  const strategy = config.strategy ?? release.strategy;
  const version = config.release.version ?? release.version;
  const twoColour = strategy === "blue_green" || strategy === "canary";
  if (!twoColour) {
    const key = `${NAMESPACE}:release`;
    if (config.release.idleWeight !== 0)
      throw new InputError(
        config.stackFile,
        `${key}.idleWeight`,
        `is ${config.release.idleWeight} but strategy "${strategy}" runs one colour`,
        `pulumi config set --path '${key}.idleWeight' 0 --stack ${config.stack}`,
      );
    if (config.release.activeColour !== "blue")
      throw new InputError(
        config.stackFile,
        `${key}.activeColour`,
        `is "${config.release.activeColour}" but strategy "${strategy}" runs one service (blue)`,
        `pulumi config set --path '${key}.activeColour' blue --stack ${config.stack}`,
      );
    return {
      strategy,
      twoColour,
      activeColour: "blue",
      idleColour: "green",
      versions: { blue: version },
      idleWeight: 0,
      migrationVersion: config.release.migrationVersion ?? version,
    };
  }
  const activeColour = config.release.activeColour;
  const idleColour: Colour = activeColour === "blue" ? "green" : "blue";
  const idleVersion = config.release.idleVersion ?? version;
  return {
    strategy,
    twoColour,
    activeColour,
    idleColour,
    versions: { [activeColour]: version, [idleColour]: idleVersion },
    idleWeight: config.release.idleWeight,
    migrationVersion: config.release.migrationVersion ?? idleVersion,
  };
}

/**
 * Read the current stack's configuration through `pulumi.Config` (the only place that does) and
 * validate it. Works under `pulumi up` and under the mock runtime.
 */
export function loadStackConfig(
  options: { projectDir?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): StackConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
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
  return resolveStackConfig(read, {
    project,
    stack,
    projectDir: options.projectDir ?? __dirname,
    env: options.env ?? process.env,
    keys: Object.keys(pulumi.runtime.allConfig()),
  });
}
