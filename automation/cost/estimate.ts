/**
 * Monthly cost estimate per resource, from the captured resources of a stack and the embedded price
 * table for its region. Pure. Every resource gets a pricing class:
 *
 * - `fixed`: a monthly figure from the table (hourly prices x 730 h), with the arithmetic in `basis`;
 * - `usage_priced`: billed on usage only (S3, CloudFront, logs, data transfer...): no figure, what it is
 *   billed on in `basis`;
 * - `free`: no charge of its own (VPC, subnets, IAM, security groups...);
 * - `unpriced`: has a price the table does not cover (another region, an instance class not listed).
 */
import type { CapturedResource } from "../engine/types";
import {
  FREE,
  HOURS_PER_MONTH,
  PRICE_TABLE_DATE,
  PRICES,
  USAGE_PRICED,
  VALKEY_NODE_FACTOR,
  type RegionPrices,
} from "./prices";

export type Pricing = "fixed" | "usage_priced" | "free" | "unpriced";

export interface CostItem {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly pricing: Pricing;
  /** Monthly USD (0 unless `fixed`), rounded to cents. */
  readonly monthlyUsd: number;
  /** How the figure was computed, or what the resource is billed on. */
  readonly basis: string;
}

export interface CostEstimate {
  readonly currency: "USD";
  readonly region: string;
  readonly priceTableDate: string;
  /** False when the table has no prices for the region (every fixed-price resource is then `unpriced`). */
  readonly regionPriced: boolean;
  /** Sum of the fixed monthly prices, rounded to cents. Usage-priced resources come on top. */
  readonly monthlyUsd: number;
  /** Every custom resource (components and providers are not billed), sorted by URN. */
  readonly items: readonly CostItem[];
  readonly counts: Readonly<Record<Pricing, number>>;
}

const round = (n: number): number => Math.round(n * 100) / 100;
const money = (n: number): string =>
  `$${n
    .toFixed(n < 1 ? 6 : 2)
    .replace(/0+$/, "")
    .replace(/\.$/, "")}`;

type Rule = (
  r: CapturedResource,
  p: RegionPrices,
  all: readonly CapturedResource[],
) => { monthlyUsd: number; basis: string } | { pricing: Exclude<Pricing, "fixed">; basis: string };

function hourly(price: number, what: string, count = 1): { monthlyUsd: number; basis: string } {
  const n = count === 1 ? "" : `${count} x `;
  return {
    monthlyUsd: price * HOURS_PER_MONTH * count,
    basis: `${n}${money(price)}/h x ${HOURS_PER_MONTH} h (${what})`,
  };
}

function num(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** The task definition an ECS service runs: by ARN in `taskDefinition`, else through its dependencies. */
export function taskDefinitionOf(
  service: CapturedResource,
  all: readonly CapturedResource[],
): CapturedResource | undefined {
  const defs = all.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
  const ref = service.inputs.taskDefinition;
  return (
    defs.find(
      (d) => ref !== undefined && (d.outputs.arn === ref || d.id === ref || d.inputs.family === ref),
    ) ?? defs.find((d) => service.dependencies.includes(d.urn))
  );
}

/** Runs per month of a Synthetics schedule expression like `rate(5 minutes)`, or undefined. */
export function runsPerMonth(expression: unknown): number | undefined {
  if (typeof expression !== "string") return undefined;
  const m = /^rate\((\d+)\s+(minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const every = Number(m[1]);
  if (every === 0) return 1;
  const minutes = m[2].startsWith("hour") ? every * 60 : every;
  return Math.round((HOURS_PER_MONTH * 60) / minutes);
}

const RULES: Readonly<Record<string, Rule>> = {
  "aws:ec2/natGateway:NatGateway": (_r, p) => ({
    ...hourly(p.natGatewayHour, "NAT gateway; data processed is usage-priced"),
  }),
  "aws:ec2/eip:Eip": (_r, p) => hourly(p.publicIpv4Hour, "public IPv4 address"),
  "aws:lb/loadBalancer:LoadBalancer": (r, p) => {
    const kind = (r.inputs.loadBalancerType as string | undefined) ?? "application";
    if (kind !== "application")
      return { pricing: "unpriced", basis: `${kind} load balancers are not in the price table` };
    return hourly(p.albHour, "ALB; LCUs are usage-priced");
  },
  "aws:ecs/service:Service": (r, p, all) => {
    const launchType = r.inputs.launchType as string | undefined;
    const strategies =
      (r.inputs.capacityProviderStrategies as { capacityProvider?: string }[] | undefined) ?? [];
    const fargate =
      launchType === "FARGATE" || strategies.some((s) => /^FARGATE/.test(s.capacityProvider ?? ""));
    if (!fargate)
      return { pricing: "unpriced", basis: "not a Fargate service (EC2 capacity is not in the price table)" };
    const def = taskDefinitionOf(r, all);
    const cpu = num(def?.inputs.cpu);
    const memory = num(def?.inputs.memory);
    if (cpu === undefined || memory === undefined) {
      return { pricing: "unpriced", basis: "task size unknown (no task definition with cpu and memory)" };
    }
    const count = num(r.inputs.desiredCount) ?? 0;
    const arm =
      (def?.inputs.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture === "ARM64";
    const vcpu = cpu / 1024;
    const gb = memory / 1024;
    const vcpuPrice = arm ? p.fargateArmVcpuHour : p.fargateVcpuHour;
    const gbPrice = arm ? p.fargateArmGbHour : p.fargateGbHour;
    const perTaskHour = vcpu * vcpuPrice + gb * gbPrice;
    const spot = strategies.some((s) => s.capacityProvider === "FARGATE_SPOT")
      ? "; Fargate Spot would cost less"
      : "";
    return {
      monthlyUsd: perTaskHour * HOURS_PER_MONTH * count,
      basis:
        `${count} task(s) x (${vcpu} vCPU x ${money(vcpuPrice)} + ${gb} GB x ${money(gbPrice)})/h x ${HOURS_PER_MONTH} h` +
        ` (Fargate ${arm ? "ARM" : "x86"}${spot})`,
    };
  },
  "aws:rds/instance:Instance": (r, p) => {
    const cls = r.inputs.instanceClass as string | undefined;
    const hour = cls ? p.rdsPostgresHour[cls] : undefined;
    if (hour === undefined)
      return { pricing: "unpriced", basis: `instance class ${cls ?? "(unset)"} is not in the price table` };
    const multiAz = r.inputs.multiAz === true;
    const factor = multiAz ? 2 : 1;
    const storageType = (r.inputs.storageType as string | undefined) ?? "gp2";
    const gbMonth =
      storageType === "gp3" ? p.rdsGp3GbMonth : storageType === "gp2" ? p.rdsGp2GbMonth : undefined;
    const size = num(r.inputs.allocatedStorage) ?? 0;
    const instance = hour * factor * HOURS_PER_MONTH;
    const storage = gbMonth === undefined ? 0 : size * gbMonth * factor;
    const az = multiAz ? "Multi-AZ" : "single-AZ";
    const storageBasis =
      gbMonth === undefined
        ? `; ${storageType} storage not in the price table`
        : ` + ${size} GB ${storageType} x ${money(gbMonth)}${multiAz ? " x 2" : ""}/GB-month`;
    return {
      monthlyUsd: instance + storage,
      basis: `${cls} ${az}: ${money(hour)}${multiAz ? " x 2" : ""}/h x ${HOURS_PER_MONTH} h${storageBasis}; backups beyond the DB size and I/O are usage-priced`,
    };
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": (r, p) => {
    const nodeType = r.inputs.nodeType as string | undefined;
    const nodes = num(r.inputs.numCacheClusters) ?? 1;
    const engine = (r.inputs.engine as string | undefined) ?? "redis";
    const redis = nodeType ? p.elasticacheRedisOssHour?.[nodeType] : undefined;
    if (redis === undefined)
      return {
        pricing: "unpriced",
        basis: `${nodes} x ${nodeType ?? "(unset)"} ${engine} node(s): node type not in the price table for this region`,
      };
    const valkey = engine === "valkey";
    const hour = valkey ? redis * VALKEY_NODE_FACTOR : redis;
    return hourly(
      hour,
      `${nodeType} ${engine} node${valkey ? `, ${VALKEY_NODE_FACTOR} x the Redis OSS price` : ""}; snapshots beyond one copy and data transfer are usage-priced`,
      nodes,
    );
  },
  "aws:kms/key:Key": (_r, p) => ({
    monthlyUsd: p.kmsKeyMonth,
    basis: `${money(p.kmsKeyMonth)}/key-month; requests are usage-priced`,
  }),
  "aws:secretsmanager/secret:Secret": (_r, p) => ({
    monthlyUsd: p.secretMonth,
    basis: `${money(p.secretMonth)}/secret-month; API calls are usage-priced`,
  }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (r, p) => {
    const queries = (r.inputs.metricQueries as { metric?: unknown }[] | undefined) ?? [];
    const metrics =
      queries.length > 0 ? Math.max(1, queries.filter((q) => q.metric !== undefined).length) : 1;
    const period = num(r.inputs.period) ?? 60;
    const price = period < 60 ? p.alarmMonth * 3 : p.alarmMonth;
    return {
      monthlyUsd: metrics * price,
      basis: `${metrics} metric(s) x ${money(price)}/alarm-metric-month (${period < 60 ? "high" : "standard"} resolution)`,
    };
  },
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": (_r, p) => ({
    monthlyUsd: p.compositeAlarmMonth,
    basis: `${money(p.compositeAlarmMonth)}/composite-alarm-month`,
  }),
  "aws:cloudwatch/dashboard:Dashboard": (_r, p) => ({
    monthlyUsd: p.dashboardMonth,
    basis: `${money(p.dashboardMonth)}/dashboard-month (the free tier's 3 dashboards not counted)`,
  }),
  "aws:synthetics/canary:Canary": (r, p) => {
    const schedule = r.inputs.schedule as { expression?: unknown } | undefined;
    const runs = runsPerMonth(schedule?.expression);
    if (runs === undefined)
      return { pricing: "usage_priced", basis: "canary runs (schedule not a fixed rate)" };
    return {
      monthlyUsd: runs * p.canaryRun,
      basis: `${runs} runs x ${money(p.canaryRun)}/run (${String(schedule?.expression)}); artifacts in S3 are usage-priced`,
    };
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": (r, p) => {
    const kind = (r.inputs.vpcEndpointType as string | undefined) ?? "Gateway";
    if (kind === "Gateway") return { pricing: "free", basis: "gateway endpoint (no hourly charge)" };
    if (kind !== "Interface")
      return { pricing: "unpriced", basis: `${kind} endpoints are not in the price table` };
    const azs = Math.max(1, ((r.inputs.subnetIds as unknown[] | undefined) ?? []).length);
    return hourly(
      p.interfaceEndpointAzHour,
      `interface endpoint in ${azs} AZ(s); data processed is usage-priced`,
      azs,
    );
  },
  "aws:route53/zone:Zone": (_r, p) => ({
    monthlyUsd: p.hostedZoneMonth,
    basis: `${money(p.hostedZoneMonth)}/hosted-zone-month; queries are usage-priced`,
  }),
  "aws:route53/healthCheck:HealthCheck": (r, p) => {
    const target = String(r.inputs.fqdn ?? r.inputs.ipAddress ?? "");
    const aws = /\.(amazonaws\.com|cloudfront\.net)$/.test(target);
    const price = aws ? p.healthCheckAwsMonth : p.healthCheckOtherMonth;
    return {
      monthlyUsd: price,
      basis: `${money(price)}/health-check-month (${aws ? "AWS" : "non-AWS"} endpoint; optional features extra)`,
    };
  },
  "aws:wafv2/webAcl:WebAcl": (r, p) => {
    const rules = ((r.inputs.rules as unknown[] | undefined) ?? []).length;
    return {
      monthlyUsd: p.wafWebAclMonth + rules * p.wafRuleMonth,
      basis: `${money(p.wafWebAclMonth)}/web-ACL-month + ${rules} rule(s) x ${money(p.wafRuleMonth)}; requests are usage-priced`,
    };
  },
};

/** Price one custom resource. */
export function priceResource(
  r: CapturedResource,
  region: string,
  all: readonly CapturedResource[] = [r],
): CostItem {
  const base = { urn: r.urn, type: r.type, name: r.name };
  const prices = PRICES[region];
  const rule = RULES[r.type];
  if (rule) {
    if (!prices)
      return {
        ...base,
        pricing: "unpriced",
        monthlyUsd: 0,
        basis: `no prices for region ${region} in the table`,
      };
    const result = rule(r, prices, all);
    if ("pricing" in result) return { ...base, pricing: result.pricing, monthlyUsd: 0, basis: result.basis };
    return { ...base, pricing: "fixed", monthlyUsd: round(result.monthlyUsd), basis: result.basis };
  }
  if (USAGE_PRICED[r.type])
    return { ...base, pricing: "usage_priced", monthlyUsd: 0, basis: USAGE_PRICED[r.type] };
  if (FREE.has(r.type) || r.type.startsWith("pulumi:providers:")) {
    return { ...base, pricing: "free", monthlyUsd: 0, basis: "no charge of its own" };
  }
  return { ...base, pricing: "unpriced", monthlyUsd: 0, basis: "not in the price table" };
}

/** Estimate the monthly cost of a stack's resources in `region`. */
export function estimateCost(resources: readonly CapturedResource[], region: string): CostEstimate {
  const items = resources
    .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
    .map((r) => priceResource(r, region, resources))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const counts: Record<Pricing, number> = { fixed: 0, usage_priced: 0, free: 0, unpriced: 0 };
  for (const i of items) counts[i.pricing]++;
  return {
    currency: "USD",
    region,
    priceTableDate: PRICE_TABLE_DATE,
    regionPriced: PRICES[region] !== undefined,
    monthlyUsd: round(items.reduce((s, i) => s + i.monthlyUsd, 0)),
    items,
    counts,
  };
}
