/**
 * What the schema cannot say: small named checks over the effective values of a stack (set or
 * defaulted, already valid against `schema.json`). Each returns its problems (pure apart from the file
 * checks, which look at the disk); `resolve.ts` runs them all and reports every problem at once.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fargateMemoryOptions } from "../lib/aws";
import { CidrLayoutError, defaultPrefixLengths, layoutSubnets } from "../components/network/cidr";
import { NAMESPACE } from "./declarations";
import type { ServiceSize } from "./types";
import { type Problem, setCommand } from "./validate";

/** Effective typed values by full key, and which of them the stack sets. */
export interface Values {
  readonly stack: string;
  readonly get: (fullKey: string) => unknown;
  readonly isSet: (fullKey: string) => boolean;
}

const full = (key: string) => `${NAMESPACE}:${key}`;

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Problems with a service size: `[key, problem, example value]` (pure). `keyPrefix` ends the key stem. */
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

/** The api or worker size of a stack (`slipway:apiCpu` ... `slipway:workerMaxCount`). */
export function kindSize(v: Values, kind: "api" | "worker"): ServiceSize {
  const n = (f: string) => v.get(full(`${kind}${f}`)) as number;
  return {
    cpu: n("Cpu"),
    memory: n("Memory"),
    desiredCount: n("DesiredCount"),
    minCount: n("MinCount"),
    maxCount: n("MaxCount"),
  };
}

/** API and worker sizes are Fargate sizes with desired count within min..max. */
export function checkKindSizes(v: Values): Problem[] {
  return (["api", "worker"] as const).flatMap((kind) =>
    sizeIssues(kindSize(v, kind), full(kind)).map(([field, problem, example]) => ({
      field,
      problem,
      fix: setCommand(v.stack, field, example),
    })),
  );
}

/** The subnets of every AZ fit the VPC (the network component's layout, checked here to name the key). */
export function checkVpcLayout(v: Values): Problem[] {
  const vpcCidr = v.get(full("vpcCidr")) as string;
  const azCount = v.get(full("azCount")) as number;
  try {
    layoutSubnets({ vpcCidr, azCount, prefixLengths: defaultPrefixLengths(Number(vpcCidr.split("/")[1])) });
    return [];
  } catch (e) {
    if (!(e instanceof CidrLayoutError)) throw e;
    return [
      {
        field: full("vpcCidr"),
        problem: `"${vpcCidr}" is too small for three subnet tiers in ${azCount} AZs (${e.problem})`,
        fix: `${setCommand(v.stack, full("vpcCidr"), "10.0.0.0/16")}, or fewer AZs with ${full("azCount")}`,
      },
    ];
  }
}

/** The storage autoscaling ceiling is not below the allocated storage. */
export function checkStorageCeiling(v: Values): Problem[] {
  const allocated = v.get(full("dbAllocatedStorageGb")) as number;
  const max = v.get(full("dbMaxAllocatedStorageGb")) as number;
  return max < allocated
    ? [
        {
          field: full("dbMaxAllocatedStorageGb"),
          problem: `${max} is below ${full("dbAllocatedStorageGb")} (${allocated})`,
          fix: setCommand(v.stack, full("dbMaxAllocatedStorageGb"), String(allocated * 5)),
        },
      ]
    : [];
}

/** A domain comes with its hosted zone; host names lie within it; zone and host names need a domain. */
export function checkDomain(v: Values): Problem[] {
  const domain = v.get(full("domain")) as string | undefined;
  if (domain === undefined)
    return ["hostedZoneId", "apiHostname", "siteHostname"]
      .filter((k) => v.isSet(full(k)))
      .map((k) => ({
        field: full(k),
        problem: `is set but ${full("domain")} is not`,
        fix: `${setCommand(v.stack, full("domain"), "app.example.com")}, or remove ${full(k)}`,
      }));
  const out: Problem[] = [];
  if (!v.isSet(full("hostedZoneId")))
    out.push({
      field: full("hostedZoneId"),
      problem: `is required with ${full("domain")}`,
      fix: setCommand(v.stack, full("hostedZoneId"), "Z0123456789ABCDEFGHIJ"),
    });
  for (const key of ["apiHostname", "siteHostname"]) {
    const host = v.get(full(key)) as string | undefined;
    if (host !== undefined && host !== domain && !host.endsWith(`.${domain}`))
      out.push({
        field: full(key),
        problem: `"${host}" is not within ${full("domain")} "${domain}"`,
        fix: setCommand(v.stack, full(key), `api.${domain}`),
      });
  }
  return out;
}

/**
 * Service overrides: an image or a build context, not both; a build context is a directory with its
 * Dockerfile. `resolvePath` makes a configured path absolute.
 */
export function checkServiceOverrides(v: Values, resolvePath: (p: string) => string): Problem[] {
  const services = (v.get(full("services")) ?? {}) as Record<string, Record<string, unknown>>;
  const out: Problem[] = [];
  for (const [name, o] of Object.entries(services)) {
    const k = `${full("services")}.${name}`;
    if (o.image !== undefined && o.buildContext !== undefined)
      out.push({
        field: `${k}.image`,
        problem: "is set together with buildContext",
        fix: "set either an explicit image or a build context, not both",
      });
    if (typeof o.buildContext !== "string") continue;
    const context = resolvePath(o.buildContext);
    const dockerfile = join(context, typeof o.dockerfile === "string" ? o.dockerfile : "Dockerfile");
    if (!isDirectory(context))
      out.push({
        field: `${k}.buildContext`,
        problem: `${context} is not a directory`,
        fix: setCommand(v.stack, `${k}.buildContext`, "path/to/service"),
      });
    else if (!existsSync(dockerfile))
      out.push({
        field: `${k}.${o.dockerfile ? "dockerfile" : "buildContext"}`,
        problem: `${dockerfile} does not exist`,
        fix: `add the Dockerfile or ${setCommand(v.stack, `${k}.dockerfile`, "docker/Dockerfile")} (relative to buildContext)`,
      });
  }
  return out;
}

/** The built site to upload is a directory with an index.html. */
export function checkSiteAssets(v: Values, resolvePath: (p: string) => string): Problem[] {
  const dir = v.get(full("siteAssetsDir")) as string | undefined;
  if (dir === undefined) return [];
  const abs = resolvePath(dir);
  if (!isDirectory(abs))
    return [
      {
        field: full("siteAssetsDir"),
        problem: `${abs} is not a directory`,
        fix: `build the site first or ${setCommand(v.stack, full("siteAssetsDir"), "frontend/dist")}`,
      },
    ];
  if (!existsSync(join(abs, "index.html")))
    return [
      {
        field: full("siteAssetsDir"),
        problem: `${abs} has no index.html (the site's root object)`,
        fix: `point it at the built site, e.g. ${setCommand(v.stack, full("siteAssetsDir"), "frontend/dist")}`,
      },
    ];
  return [];
}

/** Things worth saying under `pulumi up` (never secret): choices that weaken production, missing endpoints. */
export function configWarnings(v: Values, environmentType: string, secretsOffline: boolean): string[] {
  const out: string[] = [];
  const production = environmentType === "production";
  if (production && v.get(full("natGateways")) === "single")
    out.push(`${full("natGateways")} is "single" in production: one AZ outage cuts the services' egress`);
  if (production && v.get(full("dbMultiAz")) === false)
    out.push(`${full("dbMultiAz")} is false in production: a single-AZ database has no automatic failover`);
  if (v.get(full("domain")) === undefined)
    out.push(
      `no ${full("domain")}: the API is served on the load balancer's AWS name over HTTP and the site on its CloudFront name; set slipway:domain and slipway:hostedZoneId for HTTPS with your own names`,
    );
  const alerts = ["alertPagerDutyUrl", "alertSlackWebhookUrl", "alertEmails"].map(full);
  if (!alerts.some((k) => v.isSet(k)))
    out.push(
      `no alert endpoint configured: alarms publish to SNS topics without subscribers. Set ${alerts.join(", ").replace(/, ([^,]*)$/, " or $1")} with pulumi config set --secret`,
    );
  else if (production && !v.isSet(full("alertPagerDutyUrl")))
    out.push(`no ${full("alertPagerDutyUrl")} in production: critical alarms do not page anyone`);
  if (secretsOffline)
    out.push(
      `${full("secrets")} is encrypted and cannot be read offline: every required secret is treated as generated`,
    );
  return out;
}
