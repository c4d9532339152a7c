/**
 * Monitoring: SNS topics per severity (KMS-encrypted), CloudWatch alarms with the role document's
 * thresholds, informational EventBridge events, a dashboard and uptime canaries.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentKey } from "../kms/component-key";
import { InputError } from "../../lib/errors";
import type { AlarmOutput, Colour } from "../../outputs";
import {
  SecureBucket,
  serverAccessLogStatements,
  type SecureBucketAccessLogs,
} from "../storage/secure-bucket";
import {
  buildAlarmSpecs,
  DEFAULT_CONNECTION_FAILURE_THRESHOLD,
  SEVERITIES,
  type AlarmInput,
  type AlarmSpec,
  type ApiInput,
  type Severity,
  US_EAST_1,
  type WorkerInput,
} from "./alarms";
import {
  CANARY_HANDLER,
  CANARY_URL_VARIABLE,
  canaryArchiveFiles,
  canaryCodeHash,
  canaryName,
  DEFAULT_CANARY_RUNTIME,
} from "./canary";
import { buildDashboardBody, dashboardConsoleUrl } from "./dashboard";
import { buildEventRuleSpecs } from "./events";

/** One colour (target group + ECS service) of an API service behind the ALB. */
export interface MonitoredApiTarget {
  /** Colour of this deployment (`blue` only for rolling/direct). */
  readonly colour: Colour;
  /**
   * ARN suffix of the colour's target group (`targetgroup/<name>/<id>`), the CloudWatch `TargetGroup`
   * dimension (`aws.lb.TargetGroup.arnSuffix`).
   * @example "targetgroup/orders-blue/73e2d6bc24d8a067"
   */
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /** ECS service name of this colour (`ServiceName` dimension). */
  readonly serviceName: pulumi.Input<string>;
}

/** An API service (`backend_api`): reachable through the ALB. */
export interface MonitoredApi {
  /** Component name from the architecture packet (used in alarm names). @example "api" */
  readonly name: string;
  /**
   * ARN suffix of the ALB (`app/<name>/<id>`), the CloudWatch `LoadBalancer` dimension
   * (`aws.lb.LoadBalancer.arnSuffix`).
   */
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  /** ECS cluster name (`ClusterName` dimension). */
  readonly clusterName: pulumi.Input<string>;
  /** One entry per colour: one (`blue`) for rolling/direct, two for blue_green/canary. */
  readonly targets: readonly MonitoredApiTarget[];
  /**
   * The colour that takes the main share of traffic; the "zero healthy hosts" alarm watches it.
   * @default "blue"
   */
  readonly activeColour?: Colour;
}

/** A backend service that is not behind the ALB (`backend_worker` and other backend types). */
export interface MonitoredWorker {
  /** Component name from the architecture packet. @example "worker" */
  readonly name: string;
  /** ECS cluster name (needs Container Insights for the running-task alarm). */
  readonly clusterName: pulumi.Input<string>;
  /** ECS service name. */
  readonly serviceName: pulumi.Input<string>;
}

/** The RDS instance. */
export interface MonitoredDatabase {
  /** Component name from the architecture packet. @example "db" */
  readonly name: string;
  /** RDS instance identifier (`DBInstanceIdentifier` dimension). */
  readonly instanceIdentifier: pulumi.Input<string>;
  /**
   * Allocated storage in GiB: the free-storage alarm fires below 10 % of it (raise it with storage
   * autoscaling's maximum in mind).
   * @example 20
   */
  readonly allocatedStorageGiB: number;
  /**
   * CloudWatch log group that receives the instance's exported `postgresql` log; the connection-failure
   * metric filter is created on it. Pass the database component's log group so it exists first.
   * @default "/aws/rds/instance/<instanceIdentifier>/postgresql"
   */
  readonly logGroupName?: pulumi.Input<string>;
  /**
   * Memory of the instance class in GiB (`lib/rds.ts` `dbInstanceMemoryGiB`): adds the freeable-memory
   * (< 20 %) and connections (> 80 % of the default max_connections) alarms.
   * @default undefined (no memory and connection alarms)
   * @example 16
   */
  readonly memoryGiB?: number;
}

/** An ACM certificate: the ALB's (stack region) or CloudFront's (us-east-1). */
export interface MonitoredCertificate {
  /** Short name used in the alarm name. @example "api" */
  readonly name: string;
  /** Certificate ARN (`CertificateArn` dimension of `AWS/CertificateManager DaysToExpiry`). */
  readonly arn: pulumi.Input<string>;
  /**
   * `"us-east-1"` for a CloudFront certificate when the stack is elsewhere: ACM publishes DaysToExpiry
   * in the certificate's region, so its alarms live there (needs `usEast1Provider`).
   * @default undefined (the stack's region)
   */
  readonly region?: typeof US_EAST_1;
}

/** A NAT gateway (port allocation errors). */
export interface MonitoredNatGateway {
  /** Short name used in the alarm name. @example "nat-1" */
  readonly name: string;
  /** NAT gateway id (`NatGatewayId` dimension). */
  readonly natGatewayId: pulumi.Input<string>;
}

/** An ElastiCache (Valkey) replication group. */
export interface MonitoredCache {
  /** Component name from the architecture packet. @example "cache" */
  readonly name: string;
  /** The member cluster ids, one per node (`CacheClusterId` dimension). */
  readonly nodeIds: readonly pulumi.Input<string>[];
}

/** An SQS queue and its dead-letter queue. */
export interface MonitoredQueue {
  /** Component name from the architecture packet. @example "jobs" */
  readonly name: string;
  /** Queue name (`QueueName` dimension). */
  readonly queueName: pulumi.Input<string>;
  /** Dead-letter queue name. */
  readonly deadLetterQueueName: pulumi.Input<string>;
}

/** A CloudFront distribution (its metrics and alarms are in us-east-1). */
export interface MonitoredDistribution {
  /** Short name used in the alarm name. @example "site" */
  readonly name: string;
  /** Distribution id (`DistributionId` dimension). */
  readonly distributionId: pulumi.Input<string>;
}

/** A public endpoint checked by an uptime canary. */
export interface UptimeEndpoint {
  /** Short name (lowercase letters, digits, `-`; used in the canary name). @example "site" */
  readonly name: string;
  /** Absolute HTTPS (or HTTP when no domain is configured) URL that must answer 2xx. */
  readonly url: pulumi.Input<string>;
}

/**
 * Where alerts go. Values are secrets (webhook URLs and addresses): they are only ever used as SNS
 * subscription endpoints and never exported or logged.
 */
export interface NotificationEndpoints {
  /** PagerDuty CloudWatch integration URL (HTTPS). Subscribed to the critical topic (pages). */
  readonly pagerDutyUrl?: pulumi.Input<string>;
  /**
   * Slack webhook / relay URL (HTTPS). Subscribed to the critical, warning and info topics. SNS posts
   * its own JSON (and a subscription confirmation first), so point this at an SNS-aware relay (AWS
   * Chatbot, a small Lambda/HTTPS bridge); a raw Slack incoming webhook cannot confirm the subscription.
   */
  readonly slackWebhookUrl?: pulumi.Input<string>;
  /** E-mail addresses. Subscribed to the critical and warning topics. */
  readonly emails?: readonly pulumi.Input<string>[];
}

/** Uptime canary settings. */
export interface UptimeSettings {
  /**
   * Availability target in percent: the uptime alarm fires when the canary's `SuccessPercent` over
   * `windowMinutes` falls below it.
   * @default 99.9
   */
  readonly slaPercent?: number;
  /**
   * Window the availability is computed over, in minutes (1..1440, at least `scheduleMinutes`). With
   * one run a minute over 60 minutes a single failed run is 98.3 %: below 99.9 % it alarms at once.
   * @default 60
   */
  readonly windowMinutes?: number;
  /** How often each canary runs, in minutes. @default 1 */
  readonly scheduleMinutes?: number;
  /** Synthetics runtime (Node.js + Puppeteer). @default "syn-nodejs-puppeteer-15.0" */
  readonly runtimeVersion?: string;
  /** Days to keep canary artifacts (screenshots, HAR, logs) in the private bucket. @default 30 */
  readonly artifactRetentionDays?: number;
}

/**
 * S3 server access logging of the canary artifacts bucket (FSBP S3.9). By default the component
 * creates a dedicated log bucket `<name>-access-logs`: private, bucket-owner-enforced, SSE-S3
 * (server access log destinations do not support SSE-KMS default encryption), versioned, TLS-only,
 * expiring logs after `retentionDays`, writable only by `logging.s3.amazonaws.com` for the artifacts
 * bucket of this account.
 */
export interface CanaryAccessLogSettings {
  /**
   * Name of an existing log bucket (same account and region) to deliver the server access logs to,
   * instead of the dedicated one. Its bucket policy must let `logging.s3.amazonaws.com` put objects
   * under `targetPrefix` (conditioned on `aws:SourceAccount` / `aws:SourceArn`), its default
   * encryption must be SSE-S3 and its object ownership bucket-owner-enforced.
   * @default undefined (the component creates the dedicated log bucket `<name>-access-logs`)
   * @example "taskflow-production-logs"
   */
  readonly targetBucket?: pulumi.Input<string>;
  /**
   * Key prefix of the access logs in the log bucket (ends with `/`).
   * @default "s3/canary-artifacts/"
   */
  readonly targetPrefix?: string;
  /**
   * Days to keep the access logs in the dedicated log bucket (1..3650). Not allowed with
   * `targetBucket`: an existing bucket's retention is its owner's choice.
   * @default 90
   */
  readonly retentionDays?: number;
}

export interface MonitoringArgs {
  /**
   * Prefix of every alarm, topic, dashboard and canary name: `<project>-<environment>`.
   * Lowercase letters, digits and `-`.
   * @example "taskflow-production"
   */
  readonly namePrefix: string;
  /** AWS region of the stack (dashboard widgets and console URL). @example "eu-west-1" */
  readonly region: string;
  /** API services behind the ALB. @default [] */
  readonly apis?: readonly MonitoredApi[];
  /**
   * ARN suffix of the shared ALB (`aws.lb.LoadBalancer.arnSuffix`): adds the load-balancer-generated
   * 5xx alarms (502/503/504 the targets never saw).
   * @default undefined (no ALB-level alarms)
   */
  readonly loadBalancerArnSuffix?: pulumi.Input<string>;
  /** Worker services (not behind the ALB). @default [] */
  readonly workers?: readonly MonitoredWorker[];
  /** The database, when the release has one. @default undefined (no database alarms) */
  readonly database?: MonitoredDatabase;
  /** ACM certificates to watch for expiry (warning < 30 days, page < 7). @default [] */
  readonly certificates?: readonly MonitoredCertificate[];
  /** NAT gateways. @default [] */
  readonly natGateways?: readonly MonitoredNatGateway[];
  /** ElastiCache replication groups. @default [] */
  readonly caches?: readonly MonitoredCache[];
  /** SQS queues. @default [] */
  readonly queues?: readonly MonitoredQueue[];
  /** CloudFront distributions (5xx error rate alarms in us-east-1). @default [] */
  readonly distributions?: readonly MonitoredDistribution[];
  /**
   * AWS provider for us-east-1, where CloudFront's metrics and CloudFront certificates live: alarms on
   * them are created there, with their own KMS key and alert topics (`<namePrefix>-critical|warning`)
   * carrying the same subscriptions. Required for `distributions` or a us-east-1 certificate when
   * `region` is not us-east-1.
   * @default undefined
   */
  readonly usEast1Provider?: pulumi.ProviderResource;
  /**
   * p95 latency baseline in milliseconds, from the QA report's performance metrics. Critical above 2x,
   * warning above 1.5x.
   * @default 500 (when the QA report has no p95: critical 1 s, warning 0.75 s)
   * @example 180
   */
  readonly latencyBaselineP95Ms?: number;
  /** Public endpoints (site URL, API health URL) checked by uptime canaries. @default [] */
  readonly endpoints?: readonly UptimeEndpoint[];
  /** Uptime canary and SLA settings. @default {} (99.9 % over 60 minutes, runs every minute) */
  readonly uptime?: UptimeSettings;
  /**
   * Server access logging of the canary artifacts bucket (only used when `endpoints` is not empty).
   * @default {} (a dedicated, component-owned log bucket keeping logs for 90 days)
   * @example { targetBucket: "taskflow-production-logs", targetPrefix: "s3/canary-artifacts/" }
   */
  readonly canaryAccessLogs?: CanaryAccessLogSettings;
  /** Alert endpoints (secrets). @default {} (topics without subscriptions) */
  readonly notifications?: NotificationEndpoints;
  /**
   * Connection failures (PostgreSQL FATAL connection/authentication errors) in 5 minutes above which
   * the database alarm pages.
   * @default 5
   */
  readonly databaseConnectionFailureThreshold?: number;
  /**
   * Alarms built elsewhere for components this one has no input of its own for (e.g. the Bedrock
   * invocation alarms of `program/ai.ts`): named `<namePrefix>-<key>` and routed by severity like the
   * others. Keys must not collide with the built-in alarms'.
   * @default []
   */
  readonly additionalAlarms?: readonly AdditionalAlarm[];
  /** Tags on taggable resources (on top of the provider's default tags). @default {} */
  readonly tags?: Record<string, string>;
}

/** An alarm spec without its name and channel (the component sets both). */
export type AdditionalAlarm = Omit<AlarmSpec<pulumi.Input<string>>, "name" | "channel">;

const TYPE = "slipway:monitoring:Monitoring";

/** Args after defaults and validation. */
export interface ResolvedMonitoringArgs {
  namePrefix: string;
  region: string;
  apis: ApiInput<pulumi.Input<string>>[];
  workers: WorkerInput<pulumi.Input<string>>[];
  database?: MonitoredDatabase;
  certificates: readonly MonitoredCertificate[];
  natGateways: readonly MonitoredNatGateway[];
  caches: readonly MonitoredCache[];
  queues: readonly MonitoredQueue[];
  distributions: readonly MonitoredDistribution[];
  usEast1Provider?: pulumi.ProviderResource;
  loadBalancerArnSuffix?: pulumi.Input<string>;
  latencyBaselineP95Ms?: number;
  endpoints: (UptimeEndpoint & { canaryName: string })[];
  uptime: Required<UptimeSettings>;
  canaryAccessLogs: ResolvedCanaryAccessLogs;
  notifications: NotificationEndpoints;
  connectionFailureThreshold: number;
  tags: Record<string, string>;
}

/** Canary access log settings after defaults and validation. */
export interface ResolvedCanaryAccessLogs {
  /** Existing log bucket, or undefined for the dedicated one. */
  targetBucket?: pulumi.Input<string>;
  targetPrefix: string;
  /** Retention in the dedicated log bucket (unused with `targetBucket`). */
  retentionDays: number;
}

/** Default key prefix of the canary artifacts bucket's server access logs. */
export const DEFAULT_CANARY_ACCESS_LOG_PREFIX = "s3/canary-artifacts/";
/** Default retention of the dedicated access log bucket, in days. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;

/**
 * Longest `args.namePrefix`: it starts explicit names with limits of their own (EventBridge rules 64,
 * Synthetics canaries via `canaryName`), so callers with longer prefixes fit them first
 * (`fitLength` in `lib/aws-names.ts`).
 */
export const MAX_NAME_PREFIX_LENGTH = 40;
const NAME_PREFIX = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_NAME_PREFIX_LENGTH - 2}}[a-z0-9]$`);
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LOG_PREFIX = /^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]{0,253}\/$/;
const SHORT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,47}$/;
const ENDPOINT_NAME = /^[a-z0-9][a-z0-9-]{0,19}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validate args synchronously and apply defaults; errors name the argument path. Plain-string secret
 * endpoints are checked here (without echoing them); Output endpoints are checked when they resolve.
 */
export function resolveMonitoringArgs(name: string, args: MonitoringArgs): ResolvedMonitoringArgs {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new InputError(`${TYPE} "${name}"`, field, problem, fix);
  };
  const num = (field: string, value: number, min: number, max: number, integer: boolean): number => {
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      fail(
        field,
        `${String(value)} is not ${integer ? "an integer" : "a number"} between ${min} and ${max}`,
        `use a value in ${min}..${max}`,
      );
    }
    return value;
  };
  if (typeof args.namePrefix !== "string" || !NAME_PREFIX.test(args.namePrefix)) {
    fail(
      "args.namePrefix",
      `"${String(args.namePrefix)}" is not 2-${MAX_NAME_PREFIX_LENGTH} lowercase letters, digits and "-"`,
      'use "<project>-<environment>", e.g. "taskflow-production"',
    );
  }
  if (typeof args.region !== "string" || !REGION.test(args.region)) {
    fail(
      "args.region",
      `"${String(args.region)}" is not an AWS region name`,
      'use a region like "eu-west-1"',
    );
  }
  const seen = new Map<string, string>();
  const uniqueName = (field: string, value: string): void => {
    if (typeof value !== "string" || !SHORT_NAME.test(value)) {
      fail(
        field,
        `"${String(value)}" is not 1-48 letters, digits, "_" or "-"`,
        "use the component name from the packet",
      );
    }
    const other = seen.get(value);
    if (other)
      fail(field, `"${value}" is also used by ${other}`, "give every service and database a distinct name");
    seen.set(value, field);
  };

  const apis = (args.apis ?? []).map((api, i): ApiInput<pulumi.Input<string>> => {
    const at = `args.apis[${i}]`;
    uniqueName(`${at}.name`, api.name);
    if (!api.targets || api.targets.length < 1 || api.targets.length > 2) {
      fail(
        `${at}.targets`,
        `has ${api.targets?.length ?? 0} entries`,
        "list one target (rolling/direct) or two, blue and green",
      );
    }
    api.targets.forEach((t, j) => {
      if (t.colour !== "blue" && t.colour !== "green") {
        fail(`${at}.targets[${j}].colour`, `"${String(t.colour)}" is not a colour`, 'use "blue" or "green"');
      }
    });
    if (new Set(api.targets.map((t) => t.colour)).size !== api.targets.length) {
      fail(`${at}.targets`, "lists a colour twice", "give each colour once");
    }
    const activeColour = api.activeColour ?? "blue";
    if (!api.targets.some((t) => t.colour === activeColour)) {
      fail(
        `${at}.activeColour`,
        `"${activeColour}" has no target`,
        `use one of ${api.targets.map((t) => t.colour).join(", ")}`,
      );
    }
    return {
      name: api.name,
      loadBalancerArnSuffix: api.loadBalancerArnSuffix,
      clusterName: api.clusterName,
      targets: api.targets.map((t) => ({
        colour: t.colour,
        targetGroupArnSuffix: t.targetGroupArnSuffix,
        serviceName: t.serviceName,
      })),
      activeColour,
    };
  });
  const workers = (args.workers ?? []).map((w, i) => {
    uniqueName(`args.workers[${i}].name`, w.name);
    return { name: w.name, clusterName: w.clusterName, serviceName: w.serviceName };
  });
  if (args.database) {
    uniqueName("args.database.name", args.database.name);
    num("args.database.allocatedStorageGiB", args.database.allocatedStorageGiB, 1, 65536, true);
  }
  const certNames = new Set<string>();
  (args.certificates ?? []).forEach((c, i) => {
    if (typeof c.name !== "string" || !SHORT_NAME.test(c.name)) {
      fail(
        `args.certificates[${i}].name`,
        `"${String(c.name)}" is not 1-48 letters, digits, "_" or "-"`,
        'use a short name like "api"',
      );
    }
    if (certNames.has(c.name))
      fail(`args.certificates[${i}].name`, `"${c.name}" is used twice`, "name each certificate once");
    certNames.add(c.name);
    const wanted = c.region ?? args.region;
    const certRegion = typeof c.arn === "string" ? c.arn.split(":")[3] : undefined;
    if (certRegion !== undefined && certRegion !== wanted) {
      fail(
        `args.certificates[${i}].arn`,
        `is in ${certRegion || "no region"}, not ${wanted} (ACM publishes DaysToExpiry in the certificate's region)`,
        certRegion === US_EAST_1
          ? `set args.certificates[${i}].region to "${US_EAST_1}" (a CloudFront certificate)`
          : "pass only certificates of the stack's region (the ALB's) or CloudFront's (us-east-1)",
      );
    }
    if (c.region !== undefined && c.region !== US_EAST_1) {
      fail(
        `args.certificates[${i}].region`,
        `"${String(c.region)}" is not "${US_EAST_1}"`,
        "leave it unset for the stack's region",
      );
    }
  });
  const needsUsEast1 = [
    ...(args.distributions ?? []).map((_, i) => `args.distributions[${i}]`),
    ...(args.certificates ?? []).flatMap((c, i) => (c.region ? [`args.certificates[${i}].region`] : [])),
  ];
  if (needsUsEast1.length > 0 && args.region !== US_EAST_1 && !args.usEast1Provider) {
    fail(
      "args.usEast1Provider",
      `is not set, and ${needsUsEast1[0]} needs alarms in ${US_EAST_1} (CloudFront's metrics are only there)`,
      `pass an aws.Provider for ${US_EAST_1}`,
    );
  }
  (args.natGateways ?? []).forEach((x, i) => uniqueName(`args.natGateways[${i}].name`, x.name));
  (args.caches ?? []).forEach((x, i) => {
    uniqueName(`args.caches[${i}].name`, x.name);
    if (!Array.isArray(x.nodeIds) || x.nodeIds.length < 1) {
      fail(`args.caches[${i}].nodeIds`, "is empty", "list the member cluster id of every node");
    }
  });
  (args.queues ?? []).forEach((x, i) => uniqueName(`args.queues[${i}].name`, x.name));
  (args.distributions ?? []).forEach((x, i) => uniqueName(`args.distributions[${i}].name`, x.name));
  if (args.database?.memoryGiB !== undefined) {
    num("args.database.memoryGiB", args.database.memoryGiB, 0.5, 24576, false);
  }
  if (args.latencyBaselineP95Ms !== undefined) {
    num("args.latencyBaselineP95Ms", args.latencyBaselineP95Ms, 1, 60000, false);
  }

  const u = args.uptime ?? {};
  const uptime: Required<UptimeSettings> = {
    slaPercent: u.slaPercent ?? 99.9,
    windowMinutes: u.windowMinutes ?? 60,
    scheduleMinutes: u.scheduleMinutes ?? 1,
    runtimeVersion: u.runtimeVersion ?? DEFAULT_CANARY_RUNTIME,
    artifactRetentionDays: u.artifactRetentionDays ?? 30,
  };
  num("args.uptime.slaPercent", uptime.slaPercent, 50, 100, false);
  num("args.uptime.scheduleMinutes", uptime.scheduleMinutes, 1, 60, true);
  num("args.uptime.windowMinutes", uptime.windowMinutes, 1, 1440, true);
  if (uptime.windowMinutes < uptime.scheduleMinutes) {
    fail(
      "args.uptime.windowMinutes",
      `${uptime.windowMinutes} is shorter than args.uptime.scheduleMinutes ${uptime.scheduleMinutes}`,
      "use a window of at least one canary run",
    );
  }
  num("args.uptime.artifactRetentionDays", uptime.artifactRetentionDays, 1, 455, true);
  if (!/^syn-nodejs-puppeteer-\d+\.\d+$/.test(uptime.runtimeVersion)) {
    fail(
      "args.uptime.runtimeVersion",
      `"${uptime.runtimeVersion}" is not a Node.js Puppeteer Synthetics runtime`,
      `use a supported "syn-nodejs-puppeteer-<major>.<minor>" runtime, e.g. "${DEFAULT_CANARY_RUNTIME}"`,
    );
  }

  const logs = args.canaryAccessLogs ?? {};
  const canaryAccessLogs: ResolvedCanaryAccessLogs = {
    targetBucket: logs.targetBucket,
    targetPrefix: logs.targetPrefix ?? DEFAULT_CANARY_ACCESS_LOG_PREFIX,
    retentionDays: logs.retentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  };
  if (typeof logs.targetBucket === "string" && !BUCKET_NAME.test(logs.targetBucket)) {
    fail(
      "args.canaryAccessLogs.targetBucket",
      `"${logs.targetBucket}" is not an S3 bucket name`,
      "use the name (not the ARN) of an existing log bucket, 3-63 lowercase letters, digits, '.' and '-'",
    );
  }
  if (typeof canaryAccessLogs.targetPrefix !== "string" || !LOG_PREFIX.test(canaryAccessLogs.targetPrefix)) {
    fail(
      "args.canaryAccessLogs.targetPrefix",
      `"${String(canaryAccessLogs.targetPrefix)}" is not a key prefix ending with "/"`,
      `use a prefix like "${DEFAULT_CANARY_ACCESS_LOG_PREFIX}" (no leading "/")`,
    );
  }
  if (logs.targetBucket !== undefined && logs.retentionDays !== undefined) {
    fail(
      "args.canaryAccessLogs.retentionDays",
      "only applies to the dedicated log bucket, and args.canaryAccessLogs.targetBucket is set",
      "remove retentionDays and expire the logs with the existing bucket's lifecycle rules",
    );
  }
  num("args.canaryAccessLogs.retentionDays", canaryAccessLogs.retentionDays, 1, 3650, true);

  const endpointNames = new Set<string>();
  const endpoints = (args.endpoints ?? []).map((e, i) => {
    const at = `args.endpoints[${i}]`;
    if (typeof e.name !== "string" || !ENDPOINT_NAME.test(e.name)) {
      fail(
        `${at}.name`,
        `"${String(e.name)}" is not 1-20 lowercase letters, digits and "-"`,
        'use a short name like "site" or "api"',
      );
    }
    if (endpointNames.has(e.name)) fail(`${at}.name`, `"${e.name}" is used twice`, "name each endpoint once");
    endpointNames.add(e.name);
    if (typeof e.url === "string" && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(e.url)) {
      fail(
        `${at}.url`,
        `"${e.url}" is not an absolute http(s) URL`,
        'use a URL like "https://app.example.com/health"',
      );
    }
    return { ...e, canaryName: canaryName(args.namePrefix, e.name) };
  });
  if (new Set(endpoints.map((e) => e.canaryName)).size !== endpoints.length) {
    fail(
      "args.endpoints",
      "two endpoints map to the same canary name",
      "use endpoint names that differ in their first characters",
    );
  }

  const n = args.notifications ?? {};
  // Never echo a secret value in an error: name the field only.
  if (typeof n.pagerDutyUrl === "string" && !n.pagerDutyUrl.startsWith("https://")) {
    fail(
      "args.notifications.pagerDutyUrl",
      "is not an https:// URL (value not shown)",
      "use the PagerDuty CloudWatch integration URL",
    );
  }
  if (typeof n.slackWebhookUrl === "string" && !n.slackWebhookUrl.startsWith("https://")) {
    fail(
      "args.notifications.slackWebhookUrl",
      "is not an https:// URL (value not shown)",
      "use the Slack webhook or relay HTTPS URL",
    );
  }
  (n.emails ?? []).forEach((e, i) => {
    if (typeof e === "string" && !EMAIL.test(e)) {
      fail(
        `args.notifications.emails[${i}]`,
        "is not an e-mail address (value not shown)",
        "use an address like oncall@example.com",
      );
    }
  });

  const connectionFailureThreshold = num(
    "args.databaseConnectionFailureThreshold",
    args.databaseConnectionFailureThreshold ?? DEFAULT_CONNECTION_FAILURE_THRESHOLD,
    0,
    100000,
    true,
  );

  return {
    namePrefix: args.namePrefix,
    region: args.region,
    apis,
    workers,
    database: args.database,
    certificates: args.certificates ?? [],
    natGateways: args.natGateways ?? [],
    caches: args.caches ?? [],
    queues: args.queues ?? [],
    distributions: args.distributions ?? [],
    usEast1Provider: args.usEast1Provider,
    loadBalancerArnSuffix: args.loadBalancerArnSuffix,
    latencyBaselineP95Ms: args.latencyBaselineP95Ms,
    endpoints,
    uptime,
    canaryAccessLogs,
    notifications: n,
    connectionFailureThreshold,
    tags: { ...(args.tags ?? {}) },
  };
}

/** Check a secret endpoint once it resolves; the error names the field, never the value. */
function checkedSecret(
  name: string,
  field: string,
  value: pulumi.Input<string>,
  valid: (v: string) => boolean,
  fix: string,
): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.output(value).apply((v) => {
      if (!valid(v)) throw new InputError(`${TYPE} "${name}"`, field, "is not valid (value not shown)", fix);
      return v;
    }),
  );
}

/**
 * The monitoring stack of one environment.
 *
 * Resources (children named `<name>-<role>`): a KMS key (rotation on) whose policy lets CloudWatch and
 * EventBridge use it; SNS topics `<namePrefix>-critical|warning|info` encrypted with it, with topic
 * policies that admit only this account's CloudWatch alarms and EventBridge rules (and deny non-TLS
 * publishing); subscriptions (PagerDuty -> critical; Slack -> all three; e-mail -> critical and
 * warning); one CloudWatch alarm per {@link buildAlarmSpecs} spec with alarm and OK actions on its
 * severity's topic; EventBridge rules for the informational events; a dashboard; and per endpoint a
 * Synthetics canary with its private, KMS-encrypted artifacts bucket, whose server access logs go to a
 * dedicated log bucket `<name>-access-logs` (or to `canaryAccessLogs.targetBucket`).
 *
 * @example
 * new Monitoring("monitoring", {
 *   namePrefix: "taskflow-staging",
 *   region: "eu-west-1",
 *   apis: [{ name: "api", loadBalancerArnSuffix: alb.arnSuffix, clusterName: cluster.name,
 *            targets: [{ colour: "blue", targetGroupArnSuffix: tg.arnSuffix, serviceName: svc.name }] }],
 *   latencyBaselineP95Ms: release.qaBaseline.p95Ms,
 *   endpoints: [{ name: "site", url: siteUrl }],
 *   notifications: { pagerDutyUrl: cfg.requireSecret("pagerDutyUrl") },
 * });
 */
export class Monitoring extends pulumi.ComponentResource {
  /** Every alarm as `{ name, severity, condition, channel }` (the stack outputs' `alarms`). */
  public readonly alarms!: pulumi.Output<AlarmOutput[]>;
  /** Informational EventBridge rules (deployment completed, scaling, backup completed) on the info topic. */
  public readonly events!: pulumi.Output<AlarmOutput[]>;
  /** SNS topic ARNs per severity. */
  public readonly topicArns!: pulumi.Output<Record<Severity, string>>;
  /** KMS key that encrypts the topics and the canary artifacts. */
  public readonly kmsKeyArn!: pulumi.Output<string>;
  /** CloudWatch dashboard name. */
  public readonly dashboardName!: pulumi.Output<string>;
  /** CloudWatch console URL of the dashboard. */
  public readonly dashboardUrl!: pulumi.Output<string>;
  /** Names of the uptime canaries, one per endpoint. */
  public readonly canaryNames!: pulumi.Output<string[]>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const a = resolveMonitoringArgs(name, args);
    const ctx: BuildContext = {
      name,
      a,
      tags: (role) => ({ ...a.tags, Name: `${name}-${role}` }),
      accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
      partition: aws.getPartitionOutput({}, { parent: this }).partition,
    };
    const channels = alertChannels(a);
    const key = this.createKey(ctx, name, a.region);
    const topics = this.createTopics(ctx, key, name, a.region, SEVERITIES);
    const canaryNames = a.endpoints.length > 0 ? this.createCanaries(ctx, key) : [];
    const specs = withAdditionalAlarms(
      name,
      a.namePrefix,
      buildAlarmSpecs<pulumi.Input<string>>(alarmInput(a, channels)),
      args.additionalAlarms ?? [],
      channels,
    );
    this.createAlarms(ctx, specs, topics, this.createUsEast1Topics(ctx, specs));
    this.events = this.createEvents(ctx, topics.info, channels.info);
    const dashboard = this.createDashboard(ctx, specs);

    this.alarms = pulumi.output(
      specs.map((s): AlarmOutput => ({
        name: s.name,
        severity: s.severity,
        condition: s.condition,
        channel: s.channel,
      })),
    );
    this.topicArns = pulumi
      .all([topics.critical.arn, topics.warning.arn, topics.info.arn])
      .apply(([critical, warning, info]) => ({ critical, warning, info }));
    this.kmsKeyArn = key.arn;
    this.dashboardName = dashboard.dashboardName;
    this.dashboardUrl = dashboard.dashboardName.apply((d) => dashboardConsoleUrl(a.region, d));
    this.canaryNames = pulumi.output(canaryNames);
    this.registerOutputs({
      alarms: this.alarms,
      events: this.events,
      topicArns: this.topicArns,
      kmsKeyArn: this.kmsKeyArn,
      dashboardName: this.dashboardName,
      dashboardUrl: this.dashboardUrl,
      canaryNames: this.canaryNames,
    });
  }

  /** KMS key for the topics (and the canary artifacts): CloudWatch and EventBridge may use it to publish. */
  private createKey(
    ctx: BuildContext,
    keyName: string,
    region: string,
    provider?: pulumi.ProviderResource,
  ): aws.kms.Key {
    const { a, accountId, partition } = ctx;
    const edge = region !== a.region;
    return componentKey(
      keyName,
      {
        description: edge
          ? `${a.namePrefix} monitoring: SNS alert topics in ${region}`
          : `${a.namePrefix} monitoring: SNS alert topics and canary artifacts`,
        deletionWindowInDays: 30,
        policy: pulumi
          .all([accountId, partition])
          .apply(([account, p]) => JSON.stringify(monitoringKeyPolicy(account, p))),
        alias: { name: `alias/${a.namePrefix}-monitoring` },
        tags: ctx.tags(edge ? `key-${region}` : "key"),
      },
      this,
      provider,
    );
  }

  /**
   * SNS topics `<namePrefix>-<severity>` in `region` (KMS-encrypted, publishable only by this account's
   * alarms and rules) with the alert endpoints subscribed: PagerDuty -> critical; Slack -> every
   * severity; e-mail -> critical and warning.
   */
  private createTopics(
    ctx: BuildContext,
    key: aws.kms.Key,
    prefix: string,
    region: string,
    severities: readonly Severity[],
    provider?: pulumi.ProviderResource,
  ): Record<Severity, aws.sns.Topic> {
    const { a, accountId, partition } = ctx;
    const opts = { parent: this, provider };
    const topics = {} as Record<Severity, aws.sns.Topic>;
    for (const severity of severities) {
      const topic = new aws.sns.Topic(
        `${prefix}-${severity}`,
        {
          name: `${a.namePrefix}-${severity}`,
          kmsMasterKeyId: key.arn,
          tags: ctx.tags(region === a.region ? severity : `${region}-${severity}`),
        },
        opts,
      );
      topics[severity] = topic;
      new aws.sns.TopicPolicy(
        `${prefix}-${severity}-policy`,
        {
          arn: topic.arn,
          policy: pulumi
            .all([topic.arn, accountId, partition])
            .apply(([arn, account, p]) => JSON.stringify(topicPolicy(arn, account, p, region))),
        },
        opts,
      );
    }
    this.subscribe(ctx, topics, prefix, opts);
    return topics;
  }

  /** Subscriptions: endpoint values stay secret inputs of the subscription, nowhere else. */
  private subscribe(
    { name, a }: BuildContext,
    topics: Partial<Record<Severity, aws.sns.Topic>>,
    prefix: string,
    opts: pulumi.CustomResourceOptions,
  ): void {
    const n = a.notifications;
    const https = (v: string): boolean => /^https:\/\/\S+$/.test(v);
    const on = (severities: readonly Severity[]) =>
      severities.flatMap((s) => (topics[s] ? [[s, topics[s]] as const] : []));
    if (n.pagerDutyUrl) {
      const endpoint = checkedSecret(
        name,
        "args.notifications.pagerDutyUrl",
        n.pagerDutyUrl,
        https,
        "use the PagerDuty CloudWatch integration URL",
      );
      for (const [severity, topic] of on(["critical"])) {
        new aws.sns.TopicSubscription(
          `${prefix}-${severity}-pagerduty`,
          { topic: topic.arn, protocol: "https", endpoint, endpointAutoConfirms: true },
          opts,
        );
      }
    }
    if (n.slackWebhookUrl) {
      const endpoint = checkedSecret(
        name,
        "args.notifications.slackWebhookUrl",
        n.slackWebhookUrl,
        https,
        "use the Slack webhook or relay HTTPS URL",
      );
      for (const [severity, topic] of on(SEVERITIES)) {
        new aws.sns.TopicSubscription(
          `${prefix}-${severity}-slack`,
          { topic: topic.arn, protocol: "https", endpoint },
          opts,
        );
      }
    }
    (n.emails ?? []).forEach((email, i) => {
      const endpoint = checkedSecret(
        name,
        `args.notifications.emails[${i}]`,
        email,
        (v) => EMAIL.test(v),
        "use an address like oncall@example.com",
      );
      for (const [severity, topic] of on(["critical", "warning"])) {
        new aws.sns.TopicSubscription(
          `${prefix}-${severity}-email-${i}`,
          { topic: topic.arn, protocol: "email", endpoint },
          opts,
        );
      }
    });
  }

  /**
   * Topics in us-east-1 for the alarms whose metrics only exist there (CloudFront, its certificate),
   * with their own key and the same subscriptions; none when no alarm needs them or the stack is there.
   */
  private createUsEast1Topics(
    ctx: BuildContext,
    specs: readonly AlarmSpec<pulumi.Input<string>>[],
  ): Partial<Record<Severity, aws.sns.Topic>> | undefined {
    const severities = SEVERITIES.filter((s) => specs.some((x) => x.severity === s && isElsewhere(ctx.a, x)));
    if (severities.length === 0) return undefined;
    const prefix = `${ctx.name}-${US_EAST_1}`;
    const key = this.createKey(ctx, prefix, US_EAST_1, ctx.a.usEast1Provider);
    return this.createTopics(ctx, key, prefix, US_EAST_1, severities, ctx.a.usEast1Provider);
  }

  /** One CloudWatch alarm per spec (and its log metric filter) with alarm and OK actions on its topic. */
  private createAlarms(
    ctx: BuildContext,
    specs: readonly AlarmSpec<pulumi.Input<string>>[],
    topics: Record<Severity, aws.sns.Topic>,
    usEast1Topics: Partial<Record<Severity, aws.sns.Topic>> | undefined,
  ): void {
    const { name } = ctx;
    for (const spec of specs) {
      const elsewhere = isElsewhere(ctx.a, spec);
      const provider = elsewhere ? ctx.a.usEast1Provider : undefined;
      const topic = elsewhere ? usEast1Topics![spec.severity]! : topics[spec.severity];
      const dependsOn: pulumi.Resource[] = [];
      if (spec.logMetricFilter) {
        const f = spec.logMetricFilter;
        dependsOn.push(
          new aws.cloudwatch.LogMetricFilter(
            `${name}-${spec.key}-filter`,
            {
              name: spec.name,
              logGroupName: f.logGroupName,
              pattern: f.pattern,
              metricTransformation: {
                name: f.metricName,
                namespace: f.metricNamespace,
                value: "1",
                defaultValue: "0",
              },
            },
            { parent: this },
          ),
        );
      }
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.key}`,
        {
          name: spec.name,
          alarmDescription: `${spec.condition}. ${spec.description}`,
          comparisonOperator: spec.comparisonOperator,
          threshold: spec.threshold,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: spec.treatMissingData,
          metricQueries: spec.queries.map((q) => ({
            id: q.id,
            label: q.label,
            returnData: q.returnData,
            expression: q.expression,
            period: q.expression ? q.period : undefined,
            metric: q.metric
              ? {
                  namespace: q.metric.namespace,
                  metricName: q.metric.metricName,
                  dimensions: q.metric.dimensions as Record<string, pulumi.Input<string>>,
                  stat: q.metric.stat,
                  period: q.metric.period,
                }
              : undefined,
          })),
          actionsEnabled: true,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags: ctx.tags(spec.key),
        },
        { parent: this, dependsOn, provider },
      );
    }
  }

  /** Informational EventBridge rules (deployment completed, scaling, backup completed) -> info topic. */
  private createEvents(
    ctx: BuildContext,
    info: aws.sns.Topic,
    channel: string,
  ): pulumi.Output<AlarmOutput[]> {
    const { name, a } = ctx;
    const parent = { parent: this };
    const clusterNames = [...a.apis.map((x) => x.clusterName), ...a.workers.map((x) => x.clusterName)];
    const resolvedEvents = pulumi
      .all([pulumi.all(clusterNames), pulumi.output(a.database?.instanceIdentifier)])
      .apply(([clusters, db]) => buildEventRuleSpecs({ clusterNames: clusters, databaseIdentifier: db }));
    const eventKeys = [
      ...(clusterNames.length > 0 ? ["deployment-completed", "service-scaled", "autoscaling-at-max"] : []),
      ...(a.database ? ["backup-completed"] : []),
    ];
    const eventOutputs: pulumi.Output<AlarmOutput>[] = [];
    for (const k of eventKeys) {
      const spec = resolvedEvents.apply((rules) => {
        const r = rules.find((x) => x.key === k);
        if (!r) throw new Error(`event rule ${k} missing`);
        return r;
      });
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${k}`,
        {
          name: `${a.namePrefix}-${k}`,
          description: spec.description,
          eventPattern: spec.apply((r) => JSON.stringify(r.pattern)),
          tags: ctx.tags(k),
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${k}-target`,
        {
          rule: rule.name,
          arn: info.arn,
          retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 3600 },
        },
        parent,
      );
      eventOutputs.push(
        spec.apply((r) => ({
          name: `${a.namePrefix}-${k}`,
          severity: "info" as const,
          condition: r.description,
          channel,
        })),
      );
    }
    return eventOutputs.length ? pulumi.all(eventOutputs) : pulumi.output([]);
  }

  /** The dashboard: hand-laid widgets per API, service, database and canary, plus one per alarm widget. */
  private createDashboard(
    { name, a }: BuildContext,
    specs: readonly AlarmSpec<pulumi.Input<string>>[],
  ): aws.cloudwatch.Dashboard {
    const body = pulumi
      .all([
        pulumi.output(
          a.apis.map((x) => ({
            name: x.name,
            loadBalancerArnSuffix: x.loadBalancerArnSuffix,
            clusterName: x.clusterName,
            targets: x.targets,
          })),
        ),
        pulumi.output(a.workers),
        pulumi.output(a.database?.instanceIdentifier),
        pulumi.output(specs.filter((s) => s.widget)) as unknown as pulumi.Output<AlarmSpec[]>,
      ])
      .apply(([apis, workers, dbId, alarmWidgets]) =>
        JSON.stringify(
          buildDashboardBody({
            region: a.region,
            title: `${a.namePrefix} service health`,
            apis,
            workers,
            database:
              a.database && dbId !== undefined
                ? {
                    name: a.database.name,
                    instanceIdentifier: dbId,
                    allocatedStorageGiB: a.database.allocatedStorageGiB,
                    connectionFailureMetric: `${a.namePrefix}-${a.database.name}-ConnectionFailures`,
                  }
                : undefined,
            canaries: a.endpoints.map((e) => ({ name: e.name, canaryName: e.canaryName })),
            latencyBaselineP95Ms: a.latencyBaselineP95Ms,
            uptimeSlaPercent: a.uptime.slaPercent,
            alarms: alarmWidgets,
          }),
        ),
      );
    return new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      { dashboardName: a.namePrefix, dashboardBody: body },
      { parent: this },
    );
  }

  /** Private artifacts bucket, execution role, packaged script and one canary per endpoint. */
  private createCanaries(ctx: BuildContext, key: aws.kms.Key): string[] {
    const { name, a, accountId, partition, tags } = ctx;
    const parent = { parent: this };
    // Server access logs (FSBP S3.9): into the dedicated log bucket unless the caller names one.
    const logs = a.canaryAccessLogs;
    const [artifactsArn, resolveArtifactsArn] = pulumi.deferredOutput<string>();
    let accessLogs: SecureBucketAccessLogs;
    if (logs.targetBucket !== undefined) {
      accessLogs = { targetBucket: logs.targetBucket, targetPrefix: logs.targetPrefix };
    } else {
      const dedicated = new SecureBucket(
        `${name}-access-logs`,
        {
          tags: tags("access-logs"),
          // SSE-S3 (the default): S3 server access logging cannot deliver to an SSE-KMS bucket.
          expirationDays: logs.retentionDays,
          policyStatements: (logsArn) =>
            pulumi.all([logsArn, artifactsArn, accountId]).apply(([l, source, account]) =>
              serverAccessLogStatements({
                logsArn: l,
                targetPrefix: logs.targetPrefix,
                accountId: account,
                sourceArns: [source],
              }),
            ),
        },
        parent,
      );
      // Delivery needs the log bucket's policy in place first.
      accessLogs = {
        targetBucket: dedicated.bucket.id,
        targetPrefix: logs.targetPrefix,
        dependsOn: [dedicated.policy],
      };
    }
    const artifacts = new SecureBucket(
      `${name}-canary-artifacts`,
      {
        tags: tags("canary-artifacts"),
        kmsKeyArn: key.arn,
        expirationDays: a.uptime.artifactRetentionDays,
        expirationPrefix: `${CANARY_ARTIFACT_PREFIX}/`,
        accessLogs,
      },
      parent,
    );
    resolveArtifactsArn(artifacts.bucketArn);
    const bucket = artifacts.bucket;
    const bucketPolicy = artifacts.policy;

    const role = new aws.iam.Role(
      `${name}-canary-role`,
      {
        description: `${a.namePrefix} uptime canaries`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
        tags: tags("canary-role"),
      },
      parent,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-canary-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([bucket.arn, key.arn, accountId, partition])
          .apply(([bucketArn, keyArn, account, p]) =>
            JSON.stringify(canaryRolePolicy({ bucketArn, keyArn, account, partition: p, region: a.region })),
          ),
      },
      parent,
    );

    const files = canaryArchiveFiles();
    const code = new aws.s3.BucketObjectv2(
      `${name}-canary-code`,
      {
        bucket: bucket.id,
        key: `code/uptime-${canaryCodeHash()}.zip`,
        source: new pulumi.asset.AssetArchive(
          Object.fromEntries(
            Object.entries(files).map(([path, text]) => [path, new pulumi.asset.StringAsset(text)]),
          ),
        ),
        tags: tags("canary-code"),
      },
      { parent: this, dependsOn: [...artifacts.ready] },
    );

    for (const e of a.endpoints) {
      new aws.synthetics.Canary(
        `${name}-${e.name}-canary`,
        {
          name: e.canaryName,
          artifactS3Location: pulumi.interpolate`s3://${bucket.bucket}/${CANARY_ARTIFACT_PREFIX}/${e.name}/`,
          artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: key.arn } },
          executionRoleArn: role.arn,
          handler: CANARY_HANDLER,
          runtimeVersion: a.uptime.runtimeVersion,
          s3Bucket: bucket.bucket,
          s3Key: code.key,
          schedule: {
            expression:
              a.uptime.scheduleMinutes === 1 ? "rate(1 minute)" : `rate(${a.uptime.scheduleMinutes} minutes)`,
          },
          runConfig: {
            timeoutInSeconds: Math.min(60, a.uptime.scheduleMinutes * 60),
            environmentVariables: { [CANARY_URL_VARIABLE]: e.url },
          },
          successRetentionPeriod: a.uptime.artifactRetentionDays,
          failureRetentionPeriod: a.uptime.artifactRetentionDays,
          startCanary: true,
          deleteLambda: true,
          tags: tags(`${e.name}-canary`),
        },
        { parent: this, dependsOn: [rolePolicy, bucketPolicy, code] },
      );
    }
    return a.endpoints.map((e) => e.canaryName);
  }
}

/** What every part of the constructor reads. */
interface BuildContext {
  readonly name: string;
  readonly a: ResolvedMonitoringArgs;
  readonly tags: (role: string) => Record<string, string>;
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
}

/** Where each severity notifies, as the stack outputs describe it: `sns:<topic> (<subscribers>)`. */
export function alertChannels(
  a: Pick<ResolvedMonitoringArgs, "namePrefix" | "notifications">,
): Record<Severity, string> {
  const n = a.notifications;
  const emails = (n.emails ?? []).length > 0;
  const subscribers: Record<Severity, string[]> = {
    critical: [
      ...(n.pagerDutyUrl ? ["pagerduty"] : []),
      ...(n.slackWebhookUrl ? ["slack"] : []),
      ...(emails ? ["email"] : []),
    ],
    warning: [...(n.slackWebhookUrl ? ["slack"] : []), ...(emails ? ["email"] : [])],
    info: [...(n.slackWebhookUrl ? ["slack"] : [])],
  };
  return Object.fromEntries(
    SEVERITIES.map((s) => [
      s,
      `sns:${a.namePrefix}-${s} (${subscribers[s].length ? subscribers[s].join(", ") : "no subscriptions"})`,
    ]),
  ) as Record<Severity, string>;
}

/** The alarm specs' input from the resolved args. */
function alarmInput(
  a: ResolvedMonitoringArgs,
  channels: Record<Severity, string>,
): AlarmInput<pulumi.Input<string>> {
  const db = a.database;
  return {
    namePrefix: a.namePrefix,
    apis: a.apis,
    workers: a.workers,
    database: db
      ? {
          name: db.name,
          instanceIdentifier: db.instanceIdentifier,
          allocatedStorageGiB: db.allocatedStorageGiB,
          logGroupName:
            db.logGroupName ?? pulumi.interpolate`/aws/rds/instance/${db.instanceIdentifier}/postgresql`,
          memoryGiB: db.memoryGiB,
        }
      : undefined,
    certificates: a.certificates,
    natGateways: a.natGateways,
    caches: a.caches,
    queues: a.queues,
    distributions: a.distributions,
    loadBalancerArnSuffix: a.loadBalancerArnSuffix,
    canaries: a.endpoints.map((e) => ({ name: e.name, canaryName: e.canaryName })),
    latencyBaselineP95Ms: a.latencyBaselineP95Ms,
    uptimeSlaPercent: a.uptime.slaPercent,
    uptimeWindowMinutes: a.uptime.windowMinutes,
    connectionFailureThreshold: a.connectionFailureThreshold,
    channels,
  };
}

/** The built-in specs followed by the caller's additional alarms (keys must not collide). */
function withAdditionalAlarms(
  name: string,
  namePrefix: string,
  specs: readonly AlarmSpec<pulumi.Input<string>>[],
  additional: readonly AdditionalAlarm[],
  channels: Record<Severity, string>,
): AlarmSpec<pulumi.Input<string>>[] {
  const all = [...specs];
  for (const extra of additional) {
    if (all.some((x) => x.key === extra.key))
      throw new InputError(
        `${name}.additionalAlarms`,
        "",
        `the alarm key "${extra.key}" is already used`,
        "give every additional alarm a key of its own",
      );
    all.push({ ...extra, name: `${namePrefix}-${extra.key}`, channel: channels[extra.severity] });
  }
  return all;
}

/** An alarm whose metric lives in another region than the stack (us-east-1). */
function isElsewhere(
  a: Pick<ResolvedMonitoringArgs, "region">,
  spec: Pick<AlarmSpec<unknown>, "region">,
): boolean {
  return spec.region !== undefined && spec.region !== a.region;
}

/** Prefix of canary run artifacts in the bucket (the code lives under `code/`). */
export const CANARY_ARTIFACT_PREFIX = "artifacts";

/** Key policy: the account administers the key through IAM; CloudWatch and EventBridge may encrypt for SNS. */
export function monitoringKeyPolicy(account: string, partition: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchAndEventBridgePublishToEncryptedTopics",
        Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ],
  };
}

/** Topic policy: only this account's CloudWatch alarms and EventBridge rules publish; TLS only. */
export function topicPolicy(
  topicArn: string,
  account: string,
  partition: string,
  region: string,
): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: [
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:AddPermission",
          "sns:RemovePermission",
          "sns:DeleteTopic",
          "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
          "sns:Publish",
        ],
        Resource: topicArn,
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      },
      {
        Sid: "EventBridgeRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:${partition}:events:${region}:${account}:rule/*` },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/** Least privilege for the canary Lambda: write its artifacts, its logs and its metrics. */
export function canaryRolePolicy(p: {
  bucketArn: string;
  keyArn: string;
  account: string;
  partition: string;
  region: string;
}): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadCode", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${p.bucketArn}/code/*` },
      {
        Sid: "WriteArtifacts",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: `${p.bucketArn}/${CANARY_ARTIFACT_PREFIX}/*`,
      },
      { Sid: "LocateBucket", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: p.bucketArn },
      { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListAllMyBuckets"], Resource: "*" },
      {
        Sid: "EncryptArtifacts",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: p.keyArn,
      },
      {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:${p.partition}:logs:${p.region}:${p.account}:log-group:/aws/lambda/cwsyn-*`,
      },
      {
        Sid: "Metrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } },
      },
    ],
  };
}
