/**
 * Alarm specs: the role document's MONITORING & ALERTS thresholds turned into CloudWatch alarm
 * definitions. Pure: no Pulumi resources; dimension values are opaque (`S` is `string` in tests and
 * `pulumi.Input<string>` in the component), so the same code drives both.
 *
 * Critical (pages): service down, error rate > 5 %, p95 latency > 2x baseline, database connection
 * failures, disk space > 90 % (free storage < 10 %), availability below the uptime SLA, a certificate
 * expiring in < 7 days, a queue whose oldest message waits an hour (its consumer is down).
 * Warning (notifies): error rate > 1 %, p95 latency > 1.5x baseline, memory > 80 % (ECS, RDS freeable
 * memory, cache memory), saturation > 80 % (CPU of services, database and cache, database and cache
 * connections), database read/write latency, NAT port allocation errors, cache evictions, queue
 * backlog and age, messages in a dead-letter queue, a certificate expiring in < 30 days.
 *
 * `buildAlarmSpecs` is a table of contents: one small builder per family (API, load balancer, worker,
 * database, NAT gateway, cache, queue, CloudFront distribution, certificate, canary).
 * Informational events (deployment completed, scaling, backup completed) are EventBridge rules
 * (`events.ts`), not alarms.
 */
import { postgresMaxConnections } from "../../lib/rds";
import type { Colour } from "../../outputs";

export type Severity = "critical" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["critical", "warning", "info"];

export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/**
 * What an alarm does without data: `notBreaching` where silence means "nothing is wrong" (no traffic,
 * no errors), `breaching` where silence means "we cannot see it" (no healthy-host or canary data),
 * `missing` where the metric is slow (daily) and the last state should hold.
 */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/** Default p95 baseline when the QA report has no p95 (critical 1 s, warning 0.75 s). */
export const DEFAULT_LATENCY_BASELINE_P95_MS = 500;
/** Default PostgreSQL connection failures per 5 minutes above which the database alarm pages. */
export const DEFAULT_CONNECTION_FAILURE_THRESHOLD = 5;
/** Thresholds of the role document. */
export const THRESHOLDS = {
  errorRateCriticalPercent: 5,
  errorRateWarningPercent: 1,
  latencyCriticalFactor: 2,
  latencyWarningFactor: 1.5,
  freeStorageCriticalFraction: 0.1,
  memoryWarningPercent: 80,
  /** CPU (ECS services, RDS, ElastiCache host and engine) above which a warning notifies. */
  cpuWarningPercent: 80,
  /** Connections (RDS, ElastiCache) above this share of the limit notify. */
  connectionsWarningPercent: 80,
  /** RDS average read or write latency (seconds) above which a warning notifies. */
  databaseLatencyWarningSeconds: 0.02,
  /** ACM DaysToExpiry below which a warning notifies (ACM renews 60 days ahead: renewal is stuck). */
  certificateWarningDays: 30,
  /** ACM DaysToExpiry below which it pages. */
  certificateCriticalDays: 7,
  /** Visible messages in a queue above which a warning notifies (the consumer falls behind). */
  queueBacklogWarningMessages: 1000,
  /** Age of the oldest message (seconds) above which a warning notifies. */
  queueAgeWarningSeconds: 900,
  /** Age of the oldest message (seconds) above which it pages: nothing consumes the queue. */
  queueAgeCriticalSeconds: 3600,
} as const;

/** ElastiCache for Valkey/Redis OSS `maxclients` (fixed by ElastiCache). */
export const CACHE_MAX_CLIENTS = 65000;

/** Namespace of the metrics slipway derives from logs (metric filters). */
export const SLIPWAY_METRIC_NAMESPACE = "Slipway";

/**
 * PostgreSQL log lines that mean a client could not connect: authentication failures, rejected by
 * pg_hba (e.g. no TLS), connection slots exhausted. A CloudWatch Logs filter pattern (`?` = OR).
 */
export const POSTGRES_CONNECTION_FAILURE_PATTERN = [
  "password authentication failed",
  "no pg_hba.conf entry",
  "too many clients already",
  "remaining connection slots are reserved",
  "connection requires a valid client certificate",
  "PAM authentication failed",
]
  .map((p) => `?"${p}"`)
  .join(" ");

export interface MetricStatSpec<S> {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, S>>;
  /** `Sum`, `Average`, `Minimum`, `Maximum` or a percentile like `p95`. */
  readonly stat: string;
  /** Seconds. */
  readonly period: number;
}

/** One entry of an alarm's `metricQueries`: a metric, or a metric-math expression over other ids. */
export interface MetricQuerySpec<S> {
  readonly id: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly metric?: MetricStatSpec<S>;
  readonly expression?: string;
  /** Seconds (expressions only). */
  readonly period?: number;
}

/** A CloudWatch Logs metric filter the alarm's metric comes from. */
export interface LogMetricFilterSpec<S> {
  readonly logGroupName: S;
  readonly pattern: string;
  readonly metricNamespace: string;
  readonly metricName: string;
}

export interface AlarmSpec<S = string> {
  /** Stable short role, used for the Pulumi resource name (`<component>-<key>`). */
  readonly key: string;
  /** CloudWatch alarm name: `<namePrefix>-<key>`. */
  readonly name: string;
  readonly severity: Severity;
  /** Human-readable condition, e.g. `5xx error rate > 5 % in 3 of 5 one-minute periods`. */
  readonly condition: string;
  /** Alarm description (what it means, what to do first). */
  readonly description: string;
  /** Where it notifies (from `AlarmInput.channels`). */
  readonly channel: string;
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  /** Exactly one query has `returnData: true`: the alarm's value. */
  readonly queries: readonly MetricQuerySpec<S>[];
  /** Present when the metric comes from logs (created before the alarm). */
  readonly logMetricFilter?: LogMetricFilterSpec<S>;
  /**
   * Present when the metric exists only in us-east-1 (CloudFront, a CloudFront certificate): the alarm
   * must live there, and notify topics there.
   */
  readonly region?: typeof US_EAST_1;
  /** Title of the dashboard widget that draws this alarm's metrics (alarms sharing it share a widget). */
  readonly widget?: string;
}

/** The alarm as a family builder returns it: `name` and `channel` are added by `buildAlarmSpecs`. */
export type AlarmDraft<S> = Omit<AlarmSpec<S>, "name" | "channel">;

/** Region of CloudFront's metrics and of CloudFront certificates. */
export const US_EAST_1 = "us-east-1";

export interface ApiTargetInput<S> {
  readonly colour: Colour;
  readonly targetGroupArnSuffix: S;
  readonly serviceName: S;
}

export interface ApiInput<S> {
  readonly name: string;
  readonly loadBalancerArnSuffix: S;
  readonly clusterName: S;
  readonly targets: readonly ApiTargetInput<S>[];
  readonly activeColour: Colour;
}

export interface WorkerInput<S> {
  readonly name: string;
  readonly clusterName: S;
  readonly serviceName: S;
}

export interface DatabaseInput<S> {
  readonly name: string;
  readonly instanceIdentifier: S;
  readonly allocatedStorageGiB: number;
  readonly logGroupName: S;
  /** Memory of the instance class (`lib/rds.ts`); without it no memory and connection alarms. */
  readonly memoryGiB?: number;
}

export interface CertificateInput<S> {
  readonly name: string;
  readonly arn: S;
  /** `us-east-1` for a CloudFront certificate in another stack region. */
  readonly region?: typeof US_EAST_1;
}

export interface NatGatewayInput<S> {
  /** Short name (`nat-1`). */
  readonly name: string;
  readonly natGatewayId: S;
}

export interface CacheInput<S> {
  readonly name: string;
  /** One `CacheClusterId` per node of the replication group. */
  readonly nodeIds: readonly S[];
}

export interface QueueInput<S> {
  readonly name: string;
  readonly queueName: S;
  readonly deadLetterQueueName: S;
}

export interface DistributionInput<S> {
  readonly name: string;
  readonly distributionId: S;
}

export interface CanaryInput<S> {
  /** Endpoint name. */
  readonly name: string;
  readonly canaryName: S;
}

export interface AlarmInput<S> {
  readonly namePrefix: string;
  readonly apis: readonly ApiInput<S>[];
  readonly workers: readonly WorkerInput<S>[];
  readonly database?: DatabaseInput<S>;
  readonly certificates: readonly CertificateInput<S>[];
  /** ALB ARN suffix for the load-balancer-generated 5xx alarms (omit when there is no ALB). */
  readonly loadBalancerArnSuffix?: S;
  readonly canaries: readonly CanaryInput<S>[];
  /** NAT gateways (port allocation errors). @default [] */
  readonly natGateways?: readonly NatGatewayInput<S>[];
  /** ElastiCache replication groups. @default [] */
  readonly caches?: readonly CacheInput<S>[];
  /** SQS queues with their dead-letter queues. @default [] */
  readonly queues?: readonly QueueInput<S>[];
  /** CloudFront distributions (alarms in us-east-1). @default [] */
  readonly distributions?: readonly DistributionInput<S>[];
  /** QA p95 in ms; `undefined` uses `DEFAULT_LATENCY_BASELINE_P95_MS`. */
  readonly latencyBaselineP95Ms?: number;
  readonly uptimeSlaPercent: number;
  readonly uptimeWindowMinutes: number;
  readonly connectionFailureThreshold: number;
  /** Channel description per severity, e.g. `sns:app-prod-critical (pagerduty, slack)`. */
  readonly channels: Readonly<Record<Severity, string>>;
}

/** Latency thresholds in seconds (TargetResponseTime is in seconds) from a p95 in milliseconds. */
export function latencyThresholds(p95Ms: number | undefined): {
  baselineMs: number;
  fromQa: boolean;
  criticalSeconds: number;
  warningSeconds: number;
} {
  const fromQa = p95Ms !== undefined;
  const baselineMs = p95Ms ?? DEFAULT_LATENCY_BASELINE_P95_MS;
  // Multiply in ms, divide once: 2 * 180 / 1000 = 0.36 exactly as written (no 0.36000000000000004).
  const seconds = (factor: number): number => Number(((factor * baselineMs) / 1000).toPrecision(12));
  return {
    baselineMs,
    fromQa,
    criticalSeconds: seconds(THRESHOLDS.latencyCriticalFactor),
    warningSeconds: seconds(THRESHOLDS.latencyWarningFactor),
  };
}

/** Free-storage threshold in bytes: 10 % of the allocated GiB. */
export function freeStorageThresholdBytes(allocatedStorageGiB: number): number {
  return Math.round(allocatedStorageGiB * 1024 ** 3 * THRESHOLDS.freeStorageCriticalFraction);
}

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return `${Number(gib.toPrecision(4))} GiB`;
}

const ALB = "AWS/ApplicationELB";

function tgDims<S>(api: ApiInput<S>, t: ApiTargetInput<S>): Record<string, S> {
  return { LoadBalancer: api.loadBalancerArnSuffix, TargetGroup: t.targetGroupArnSuffix };
}

/** Sum of `FILL(id, 0)` over ids, as metric math. */
function fillSum(ids: readonly string[]): string {
  return ids.map((id) => `FILL(${id}, 0)`).join(" + ");
}

function minutes(n: number): string {
  return n === 1 ? "1 minute" : `${n} minutes`;
}

/** "2 of 3 five-minute periods" style text. */
function periods(datapoints: number, evaluation: number, seconds: number): string {
  const length = seconds === 60 ? "one-minute" : seconds === 300 ? "five-minute" : `${seconds}-second`;
  return `${datapoints} of ${evaluation} ${length} periods`;
}

/** An alarm on one metric (no metric math): the metric is the returned query. */
interface SingleMetricDraft<S> extends Omit<AlarmDraft<S>, "queries"> {
  readonly id: string;
  readonly label: string;
  readonly metric: MetricStatSpec<S>;
}

function singleMetric<S>({ id, label, metric, ...rest }: SingleMetricDraft<S>): AlarmDraft<S> {
  return { ...rest, queries: [{ id, label, returnData: true, metric }] };
}

/**
 * Build every alarm spec for one environment: a table of contents of the families, in a stable order
 * (the order of the stack outputs' `alarms`).
 */
export function buildAlarmSpecs<S>(input: AlarmInput<S>): AlarmSpec<S>[] {
  const drafts: AlarmDraft<S>[] = [
    ...input.apis.flatMap((api) => apiAlarms(api, input.latencyBaselineP95Ms)),
    ...(input.loadBalancerArnSuffix !== undefined ? loadBalancerAlarms(input.loadBalancerArnSuffix) : []),
    ...input.workers.flatMap(workerAlarms),
    ...(input.database ? databaseAlarms(input.database, input) : []),
    ...(input.natGateways ?? []).flatMap(natGatewayAlarms),
    ...(input.caches ?? []).flatMap(cacheAlarms),
    ...(input.queues ?? []).flatMap(queueAlarms),
    ...(input.distributions ?? []).flatMap(distributionAlarms),
    ...input.certificates.flatMap(certificateAlarms),
    ...input.canaries.map((c) => canaryAlarm(c, input.uptimeSlaPercent, input.uptimeWindowMinutes)),
  ];
  return drafts.map((d) => ({
    ...d,
    name: `${input.namePrefix}-${d.key}`,
    channel: input.channels[d.severity],
  }));
}

/** An API behind the ALB: down, error rate, p95 latency, and per colour memory and CPU. */
export function apiAlarms<S>(api: ApiInput<S>, latencyBaselineP95Ms: number | undefined): AlarmDraft<S>[] {
  return [
    ...apiHealthAlarms(api),
    ...apiErrorRateAlarms(api),
    ...apiLatencyAlarms(api, latencyBaselineP95Ms),
    ...api.targets.flatMap((t) => [
      memoryAlarm(`${api.name}-${t.colour}`, api.clusterName, t.serviceName),
      serviceCpuAlarm(`${api.name}-${t.colour}`, api.clusterName, t.serviceName),
    ]),
  ];
}

/** Service down: any unhealthy target, or no healthy target on the active colour. */
function apiHealthAlarms<S>(api: ApiInput<S>): AlarmDraft<S>[] {
  const targets = api.targets;
  const active = targets.find((t) => t.colour === api.activeColour) ?? targets[0];
  return [
    {
      key: `${api.name}-unhealthy-hosts`,
      severity: "critical",
      condition: `UnHealthyHostCount > 0 (${targets.map((t) => t.colour).join(", ")}) for 3 of 3 minutes`,
      description: `${api.name}: a target is failing its health check. Check the service's events and logs; roll back if it started with a deployment.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: [
        ...targets.map((t) => ({
          id: `unhealthy_${t.colour}`,
          returnData: false,
          metric: {
            namespace: ALB,
            metricName: "UnHealthyHostCount",
            dimensions: tgDims(api, t),
            stat: "Maximum",
            period: 60,
          },
        })),
        {
          id: "unhealthy",
          label: "Unhealthy targets",
          returnData: true,
          expression: fillSum(targets.map((t) => `unhealthy_${t.colour}`)),
        },
      ],
    },
    singleMetric({
      key: `${api.name}-no-healthy-hosts`,
      severity: "critical",
      condition: `HealthyHostCount < 1 (${active.colour}, active) for 2 of 2 minutes; no data counts as down`,
      description: `${api.name}: the active colour has no healthy target, the API is down. Roll back or restore capacity now.`,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "breaching",
      id: "healthy",
      label: `Healthy targets (${active.colour})`,
      metric: {
        namespace: ALB,
        metricName: "HealthyHostCount",
        dimensions: tgDims(api, active),
        stat: "Minimum",
        period: 60,
      },
    }),
  ];
}

/** Error rate: 100 * target 5xx / requests over every colour of the API. */
function apiErrorRateAlarms<S>(api: ApiInput<S>): AlarmDraft<S>[] {
  const targets = api.targets;
  const queries = (period: number): MetricQuerySpec<S>[] => [
    ...targets.flatMap((t) =>
      (
        [
          ["errors", "HTTPCode_Target_5XX_Count"],
          ["requests", "RequestCount"],
        ] as const
      ).map(([id, metricName]) => ({
        id: `${id}_${t.colour}`,
        returnData: false,
        metric: { namespace: ALB, metricName, dimensions: tgDims(api, t), stat: "Sum", period },
      })),
    ),
    { id: "errors", returnData: false, expression: fillSum(targets.map((t) => `errors_${t.colour}`)) },
    { id: "requests", returnData: false, expression: fillSum(targets.map((t) => `requests_${t.colour}`)) },
    {
      id: "error_rate",
      label: "5xx error rate (%)",
      returnData: true,
      expression: "IF(requests > 0, 100 * errors / requests, 0)",
    },
  ];
  return [
    {
      key: `${api.name}-error-rate-critical`,
      severity: "critical",
      condition: `5xx error rate > ${THRESHOLDS.errorRateCriticalPercent} % (100 * HTTPCode_Target_5XX_Count / RequestCount) in ${periods(3, 5, 60)}`,
      description: `${api.name}: more than ${THRESHOLDS.errorRateCriticalPercent} % of requests fail with 5xx. Roll back a fresh deployment; otherwise check logs and dependencies.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateCriticalPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: queries(60),
    },
    {
      key: `${api.name}-error-rate-warning`,
      severity: "warning",
      condition: `5xx error rate > ${THRESHOLDS.errorRateWarningPercent} % (100 * HTTPCode_Target_5XX_Count / RequestCount) in ${periods(2, 3, 300)}`,
      description: `${api.name}: more than ${THRESHOLDS.errorRateWarningPercent} % of requests fail with 5xx.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: queries(300),
    },
  ];
}

/** p95 latency: the worst colour's p95 (seconds) against 2x / 1.5x the QA baseline. */
function apiLatencyAlarms<S>(api: ApiInput<S>, latencyBaselineP95Ms: number | undefined): AlarmDraft<S>[] {
  const targets = api.targets;
  const latency = latencyThresholds(latencyBaselineP95Ms);
  const baselineText = latency.fromQa
    ? `QA p95 ${latency.baselineMs} ms`
    : `default baseline ${latency.baselineMs} ms (QA report has no p95)`;
  const p95 = (t: ApiTargetInput<S>, period: number): MetricStatSpec<S> => ({
    namespace: ALB,
    metricName: "TargetResponseTime",
    dimensions: tgDims(api, t),
    stat: "p95",
    period,
  });
  const queries = (period: number): MetricQuerySpec<S>[] =>
    targets.length === 1
      ? [
          {
            id: "p95",
            label: "p95 TargetResponseTime (s)",
            returnData: true,
            metric: p95(targets[0], period),
          },
        ]
      : [
          ...targets.map((t) => ({ id: `p95_${t.colour}`, returnData: false, metric: p95(t, period) })),
          {
            id: "p95",
            label: "p95 TargetResponseTime, worst colour (s)",
            returnData: true,
            expression: `MAX([${targets.map((t) => `p95_${t.colour}`).join(", ")}])`,
          },
        ];
  return [
    {
      key: `${api.name}-latency-p95-critical`,
      severity: "critical",
      condition: `p95 latency > ${latency.criticalSeconds} s (${THRESHOLDS.latencyCriticalFactor}x ${baselineText}) in ${periods(3, 5, 60)}`,
      description: `${api.name}: p95 response time is above ${THRESHOLDS.latencyCriticalFactor}x the baseline.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: latency.criticalSeconds,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: queries(60),
    },
    {
      key: `${api.name}-latency-p95-warning`,
      severity: "warning",
      condition: `p95 latency > ${latency.warningSeconds} s (${THRESHOLDS.latencyWarningFactor}x ${baselineText}) in ${periods(2, 3, 300)}`,
      description: `${api.name}: p95 response time is above ${THRESHOLDS.latencyWarningFactor}x the baseline.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: latency.warningSeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: queries(300),
    },
  ];
}

/** The ALB's own 5xx (502/503/504 the targets never saw), as a share of all requests. */
export function loadBalancerAlarms<S>(loadBalancerArnSuffix: S): AlarmDraft<S>[] {
  const lb = { LoadBalancer: loadBalancerArnSuffix };
  const queries = (period: number): MetricQuerySpec<S>[] => [
    {
      id: "elb_errors",
      returnData: false,
      metric: { namespace: ALB, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, stat: "Sum", period },
    },
    {
      id: "requests",
      returnData: false,
      metric: { namespace: ALB, metricName: "RequestCount", dimensions: lb, stat: "Sum", period },
    },
    {
      id: "elb_error_rate",
      label: "Load balancer 5xx rate (%)",
      returnData: true,
      expression:
        "IF(FILL(requests, 0) + FILL(elb_errors, 0) > 0, 100 * FILL(elb_errors, 0) / (FILL(requests, 0) + FILL(elb_errors, 0)), 0)",
    },
  ];
  return [
    {
      key: "alb-5xx-rate-critical",
      severity: "critical",
      condition: `load balancer 5xx rate > ${THRESHOLDS.errorRateCriticalPercent} % (100 * HTTPCode_ELB_5XX_Count / (RequestCount + HTTPCode_ELB_5XX_Count)) in ${periods(3, 5, 60)}`,
      description:
        "The ALB itself answers 5xx (502/503/504: no healthy target, target resets or timeouts). Check target health and recent deployments.",
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateCriticalPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: queries(60),
    },
    {
      key: "alb-5xx-rate-warning",
      severity: "warning",
      condition: `load balancer 5xx rate > ${THRESHOLDS.errorRateWarningPercent} % in ${periods(2, 3, 300)}`,
      description: `The ALB itself answers 5xx for more than ${THRESHOLDS.errorRateWarningPercent} % of requests.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: queries(300),
    },
  ];
}

/** A worker: fewer tasks than desired (down), memory and CPU. */
export function workerAlarms<S>(w: WorkerInput<S>): AlarmDraft<S>[] {
  const dims = { ClusterName: w.clusterName, ServiceName: w.serviceName };
  const insights = (metricName: string, stat: string): MetricStatSpec<S> => ({
    namespace: "ECS/ContainerInsights",
    metricName,
    dimensions: dims,
    stat,
    period: 60,
  });
  return [
    {
      key: `${w.name}-tasks-below-desired`,
      severity: "critical",
      condition:
        "RunningTaskCount < DesiredTaskCount (Container Insights) for 5 of 5 minutes; no data counts as down",
      description: `${w.name}: fewer tasks run than desired (tasks crash or cannot start). Check stopped-task reasons and logs.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "breaching",
      queries: [
        { id: "running", returnData: false, metric: insights("RunningTaskCount", "Minimum") },
        { id: "desired", returnData: false, metric: insights("DesiredTaskCount", "Maximum") },
        {
          id: "missing_tasks",
          label: "Desired - running tasks",
          returnData: true,
          expression: "desired - running",
        },
      ],
    },
    memoryAlarm(w.name, w.clusterName, w.serviceName),
    serviceCpuAlarm(w.name, w.clusterName, w.serviceName),
  ];
}

function ecsMetric<S>(metricName: string, clusterName: S, serviceName: S): MetricStatSpec<S> {
  return {
    namespace: "AWS/ECS",
    metricName,
    dimensions: { ClusterName: clusterName, ServiceName: serviceName },
    stat: "Average",
    period: 300,
  };
}

function memoryAlarm<S>(label: string, clusterName: S, serviceName: S): AlarmDraft<S> {
  return singleMetric({
    key: `${label}-memory-high`,
    severity: "warning",
    condition: `ECS MemoryUtilization > ${THRESHOLDS.memoryWarningPercent} % (average) for 3 of 3 five-minute periods`,
    description: `${label}: memory above ${THRESHOLDS.memoryWarningPercent} % of the task reservation; raise task memory or find the leak before tasks are OOM-killed.`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: THRESHOLDS.memoryWarningPercent,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: "notBreaching",
    id: "memory",
    label: "MemoryUtilization (%)",
    metric: ecsMetric("MemoryUtilization", clusterName, serviceName),
  });
}

function serviceCpuAlarm<S>(label: string, clusterName: S, serviceName: S): AlarmDraft<S> {
  return singleMetric({
    key: `${label}-cpu-high`,
    severity: "warning",
    condition: `ECS CPUUtilization > ${THRESHOLDS.cpuWarningPercent} % (average) for 3 of 3 five-minute periods`,
    description: `${label}: CPU above ${THRESHOLDS.cpuWarningPercent} % of the task reservation; scale out (raise the desired or maximum count) or raise task CPU.`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: THRESHOLDS.cpuWarningPercent,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: "notBreaching",
    id: "cpu",
    label: "CPUUtilization (%)",
    metric: ecsMetric("CPUUtilization", clusterName, serviceName),
  });
}

/**
 * The database: connection failures and free storage (critical); CPU, freeable memory, connections
 * (with the instance class memory) and read/write latency (warning).
 */
export function databaseAlarms<S>(
  db: DatabaseInput<S>,
  input: Pick<AlarmInput<S>, "namePrefix" | "connectionFailureThreshold">,
): AlarmDraft<S>[] {
  const rds = (metricName: string, stat: string): MetricStatSpec<S> => ({
    namespace: "AWS/RDS",
    metricName,
    dimensions: { DBInstanceIdentifier: db.instanceIdentifier },
    stat,
    period: 300,
  });
  const metricName = `${input.namePrefix}-${db.name}-ConnectionFailures`;
  const bytes = freeStorageThresholdBytes(db.allocatedStorageGiB);
  const sustained = { evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: "notBreaching" } as const;
  return [
    singleMetric({
      key: `${db.name}-connection-failures`,
      severity: "critical",
      condition: `PostgreSQL connection failures (auth, pg_hba, no free slots) > ${input.connectionFailureThreshold} in 5 minutes`,
      description: `${db.name}: clients cannot connect (wrong or rotated credentials, TLS refused, connection slots exhausted). Check the postgresql log.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: input.connectionFailureThreshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      id: "failures",
      label: "Connection failures",
      metric: { namespace: SLIPWAY_METRIC_NAMESPACE, metricName, dimensions: {}, stat: "Sum", period: 300 },
      logMetricFilter: {
        logGroupName: db.logGroupName,
        pattern: POSTGRES_CONNECTION_FAILURE_PATTERN,
        metricNamespace: SLIPWAY_METRIC_NAMESPACE,
        metricName,
      },
    }),
    singleMetric({
      key: `${db.name}-free-storage-low`,
      severity: "critical",
      condition: `Disk space > 90 %: FreeStorageSpace < ${formatBytes(bytes)} (10 % of ${db.allocatedStorageGiB} GiB) for 2 of 2 five-minute periods`,
      description: `${db.name}: less than 10 % storage free. Raise allocated storage (or the autoscaling ceiling) and find what grows.`,
      comparisonOperator: "LessThanThreshold",
      threshold: bytes,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "missing",
      id: "free",
      label: "FreeStorageSpace (bytes)",
      metric: rds("FreeStorageSpace", "Minimum"),
    }),
    singleMetric({
      key: `${db.name}-cpu-high`,
      severity: "warning",
      condition: `RDS CPUUtilization > ${THRESHOLDS.cpuWarningPercent} % (average) for 3 of 3 five-minute periods`,
      description: `${db.name}: database CPU is saturated; find the expensive queries (Performance Insights) or move to a larger instance class.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.cpuWarningPercent,
      ...sustained,
      id: "cpu",
      label: "CPUUtilization (%)",
      metric: rds("CPUUtilization", "Average"),
      widget: `${db.name}: CPU utilization (%)`,
    }),
    ...(db.memoryGiB !== undefined ? databaseMemoryAlarms(db, db.memoryGiB, rds) : []),
    ...[
      {
        key: `${db.name}-read-latency-high`,
        severity: "warning" as const,
        kind: "Read",
      },
      {
        key: `${db.name}-write-latency-high`,
        severity: "warning" as const,
        kind: "Write",
      },
    ].map(({ kind, ...k }) =>
      singleMetric<S>({
        ...k,
        condition: `RDS ${kind}Latency > ${THRESHOLDS.databaseLatencyWarningSeconds * 1000} ms (average) for 3 of 3 five-minute periods`,
        description: `${db.name}: ${kind.toLowerCase()} I/O is slow; check IOPS/throughput against the storage limits and the queries behind it.`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: THRESHOLDS.databaseLatencyWarningSeconds,
        ...sustained,
        id: "latency",
        label: `${kind}Latency (s)`,
        metric: rds(`${kind}Latency`, "Average"),
        widget: `${db.name}: read / write latency (s)`,
      }),
    ),
  ];
}

/** Freeable memory below 20 % (memory > 80 %) and connections above 80 % of `max_connections`. */
function databaseMemoryAlarms<S>(
  db: DatabaseInput<S>,
  memoryGiB: number,
  rds: (metricName: string, stat: string) => MetricStatSpec<S>,
): AlarmDraft<S>[] {
  const freeBytes = Math.round(memoryGiB * 1024 ** 3 * (1 - THRESHOLDS.memoryWarningPercent / 100));
  const maxConnections = postgresMaxConnections(memoryGiB);
  const connections = Math.floor((maxConnections * THRESHOLDS.connectionsWarningPercent) / 100);
  const sustained = { evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: "notBreaching" } as const;
  return [
    singleMetric({
      key: `${db.name}-freeable-memory-low`,
      severity: "warning",
      condition: `Memory > ${THRESHOLDS.memoryWarningPercent} %: FreeableMemory < ${formatBytes(freeBytes)} (${100 - THRESHOLDS.memoryWarningPercent} % of ${memoryGiB} GiB) for 3 of 3 five-minute periods`,
      description: `${db.name}: little memory left for caches and connections; reduce connections (pooling) or move to a larger instance class.`,
      comparisonOperator: "LessThanThreshold",
      threshold: freeBytes,
      ...sustained,
      id: "freeable",
      label: "FreeableMemory (bytes)",
      metric: rds("FreeableMemory", "Minimum"),
      widget: `${db.name}: freeable memory (bytes)`,
    }),
    singleMetric({
      key: `${db.name}-connections-high`,
      severity: "warning",
      condition: `DatabaseConnections > ${connections} (${THRESHOLDS.connectionsWarningPercent} % of max_connections ~${maxConnections} for ${memoryGiB} GiB) for 3 of 3 five-minute periods`,
      description: `${db.name}: close to the connection limit, new connections will soon be refused; pool connections or lower the tasks' pool sizes.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: connections,
      ...sustained,
      id: "connections",
      label: "DatabaseConnections",
      metric: rds("DatabaseConnections", "Maximum"),
      widget: `${db.name}: connections`,
    }),
  ];
}

/** A NAT gateway: connections dropped because no source port was free. */
export function natGatewayAlarms<S>(nat: NatGatewayInput<S>): AlarmDraft<S>[] {
  return [
    singleMetric({
      key: `${nat.name}-port-allocation-errors`,
      severity: "warning",
      condition: "NAT gateway ErrorPortAllocation > 0 (sum) in 2 of 3 five-minute periods",
      description: `${nat.name}: outbound connections fail because the NAT gateway ran out of source ports (too many connections to one destination); reuse connections or add a secondary IP.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      id: "port_errors",
      label: "ErrorPortAllocation",
      metric: {
        namespace: "AWS/NATGateway",
        metricName: "ErrorPortAllocation",
        dimensions: { NatGatewayId: nat.natGatewayId },
        stat: "Sum",
        period: 300,
      },
      widget: "NAT gateways: port allocation errors",
    }),
  ];
}

/**
 * An ElastiCache (Valkey) replication group, per node: host CPU, engine CPU, memory, evictions and
 * connections (warnings: saturation before the cache fails).
 */
export function cacheAlarms<S>(cache: CacheInput<S>): AlarmDraft<S>[] {
  return cache.nodeIds.flatMap((nodeId, i) => cacheNodeAlarms(cache.name, i + 1, nodeId));
}

function cacheNodeAlarms<S>(cacheName: string, n: number, nodeId: S): AlarmDraft<S>[] {
  const node = `${cacheName}-${n}`;
  const connections = Math.floor((CACHE_MAX_CLIENTS * THRESHOLDS.connectionsWarningPercent) / 100);
  const families: readonly {
    readonly key: string;
    readonly severity: Severity;
    readonly metricName: string;
    readonly stat: string;
    readonly threshold: number;
    readonly what: string;
    readonly fix: string;
  }[] = [
    {
      key: `${node}-cpu-high`,
      severity: "warning",
      metricName: "CPUUtilization",
      stat: "Average",
      threshold: THRESHOLDS.cpuWarningPercent,
      what: `host CPUUtilization > ${THRESHOLDS.cpuWarningPercent} %`,
      fix: "the host is saturated; move to a larger node type",
    },
    {
      key: `${node}-engine-cpu-high`,
      severity: "warning",
      metricName: "EngineCPUUtilization",
      stat: "Average",
      threshold: THRESHOLDS.cpuWarningPercent,
      what: `EngineCPUUtilization > ${THRESHOLDS.cpuWarningPercent} %`,
      fix: "the engine thread is saturated; find slow commands (slow log) or add shards/replicas",
    },
    {
      key: `${node}-memory-high`,
      severity: "warning",
      metricName: "DatabaseMemoryUsagePercentage",
      stat: "Average",
      threshold: THRESHOLDS.memoryWarningPercent,
      what: `DatabaseMemoryUsagePercentage > ${THRESHOLDS.memoryWarningPercent} %`,
      fix: "keys will soon be evicted; set TTLs or move to a larger node type",
    },
    {
      key: `${node}-evictions`,
      severity: "warning",
      metricName: "Evictions",
      stat: "Sum",
      threshold: 0,
      what: "Evictions > 0 (sum)",
      fix: "keys are evicted for lack of memory; set TTLs or move to a larger node type",
    },
    {
      key: `${node}-connections-high`,
      severity: "warning",
      metricName: "CurrConnections",
      stat: "Maximum",
      threshold: connections,
      what: `CurrConnections > ${connections} (${THRESHOLDS.connectionsWarningPercent} % of maxclients ${CACHE_MAX_CLIENTS})`,
      fix: "close to the client limit; reuse connections (a pool per task)",
    },
  ];
  return families.map(({ what, fix, metricName, stat, ...f }) =>
    singleMetric<S>({
      ...f,
      condition: `ElastiCache ${what} on node ${n} for 3 of 3 five-minute periods`,
      description: `${cacheName} node ${n}: ${fix}.`,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      id: "value",
      label: `${metricName} (node ${n})`,
      metric: {
        namespace: "AWS/ElastiCache",
        metricName,
        dimensions: { CacheClusterId: nodeId },
        stat,
        period: 300,
      },
      widget: `${cacheName}: ${metricName}`,
    }),
  );
}

/** An SQS queue: backlog and age of the oldest message; messages in its dead-letter queue. */
export function queueAlarms<S>(q: QueueInput<S>): AlarmDraft<S>[] {
  const sqs = (queueName: S, metricName: string, period: number): MetricStatSpec<S> => ({
    namespace: "AWS/SQS",
    metricName,
    dimensions: { QueueName: queueName },
    stat: "Maximum",
    period,
  });
  const age = sqs(q.queueName, "ApproximateAgeOfOldestMessage", 300);
  const ageWidget = `${q.name}: age of oldest message (s)`;
  return [
    singleMetric({
      key: `${q.name}-backlog-high`,
      severity: "warning",
      condition: `ApproximateNumberOfMessagesVisible > ${THRESHOLDS.queueBacklogWarningMessages} for 3 of 3 five-minute periods`,
      description: `${q.name}: messages pile up faster than the consumers process them; scale the consumer out or find what slows it.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.queueBacklogWarningMessages,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      id: "visible",
      label: "Visible messages",
      metric: sqs(q.queueName, "ApproximateNumberOfMessagesVisible", 300),
      widget: `${q.name}: backlog (messages)`,
    }),
    singleMetric({
      key: `${q.name}-oldest-message-critical`,
      severity: "critical",
      condition: `ApproximateAgeOfOldestMessage > ${THRESHOLDS.queueAgeCriticalSeconds} s for 2 of 2 five-minute periods`,
      description: `${q.name}: a message has waited over an hour, nothing consumes the queue. Check the consumer service now.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.queueAgeCriticalSeconds,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      id: "age",
      label: "Age of oldest message (s)",
      metric: age,
      widget: ageWidget,
    }),
    singleMetric({
      key: `${q.name}-oldest-message-warning`,
      severity: "warning",
      condition: `ApproximateAgeOfOldestMessage > ${THRESHOLDS.queueAgeWarningSeconds} s for 3 of 3 five-minute periods`,
      description: `${q.name}: messages wait longer than ${THRESHOLDS.queueAgeWarningSeconds / 60} minutes; the consumer falls behind or fails on some messages.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.queueAgeWarningSeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      id: "age",
      label: "Age of oldest message (s)",
      metric: age,
      widget: ageWidget,
    }),
    singleMetric({
      key: `${q.name}-dlq-not-empty`,
      severity: "warning",
      condition: "dead-letter queue ApproximateNumberOfMessagesVisible > 0 (one-minute maximum)",
      description: `${q.name}: messages failed every delivery attempt and sit in the dead-letter queue. Inspect them, fix the consumer, then redrive.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      id: "dlq_visible",
      label: "Messages in the dead-letter queue",
      metric: sqs(q.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", 60),
      widget: `${q.name}: dead-letter queue (messages)`,
    }),
  ];
}

/** A CloudFront distribution: viewer 5xx rate (a default metric, us-east-1, `Region: Global`). */
export function distributionAlarms<S>(d: DistributionInput<S>): AlarmDraft<S>[] {
  const metric = (period: number): MetricStatSpec<S> => ({
    namespace: "AWS/CloudFront",
    metricName: "5xxErrorRate",
    dimensions: { DistributionId: d.distributionId, Region: "Global" as S },
    stat: "Average",
    period,
  });
  const common = {
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    id: "rate",
    label: "CloudFront 5xxErrorRate (%)",
    region: US_EAST_1,
    widget: `${d.name}: CloudFront 5xx error rate (%)`,
  } as const;
  return [
    singleMetric({
      ...common,
      key: `${d.name}-cdn-5xx-rate-critical`,
      severity: "critical",
      condition: `CloudFront 5xxErrorRate > ${THRESHOLDS.errorRateCriticalPercent} % in ${periods(3, 5, 60)}`,
      description: `${d.name}: more than ${THRESHOLDS.errorRateCriticalPercent} % of viewer requests get 5xx (origin unreachable or failing). Check the origin and recent deployments.`,
      threshold: THRESHOLDS.errorRateCriticalPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      metric: metric(60),
    }),
    singleMetric({
      ...common,
      key: `${d.name}-cdn-5xx-rate-warning`,
      severity: "warning",
      condition: `CloudFront 5xxErrorRate > ${THRESHOLDS.errorRateWarningPercent} % in ${periods(2, 3, 300)}`,
      description: `${d.name}: more than ${THRESHOLDS.errorRateWarningPercent} % of viewer requests get 5xx.`,
      threshold: THRESHOLDS.errorRateWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      metric: metric(300),
    }),
  ];
}

/** ACM DaysToExpiry in the certificate's region: warning below 30 days, page below 7. */
export function certificateAlarms<S>(c: CertificateInput<S>): AlarmDraft<S>[] {
  const levels: readonly { key: string; severity: Severity; days: number }[] = [
    {
      key: `${c.name}-certificate-expiry-warning`,
      severity: "warning",
      days: THRESHOLDS.certificateWarningDays,
    },
    {
      key: `${c.name}-certificate-expiry-critical`,
      severity: "critical",
      days: THRESHOLDS.certificateCriticalDays,
    },
  ];
  return levels.map(({ key, severity, days }) =>
    singleMetric<S>({
      key,
      severity,
      condition: `ACM DaysToExpiry < ${days} days`,
      description: `${c.name}: the certificate expires within ${days} days (ACM renews 60 days ahead: DNS validation or renewal is stuck). Check the ACM validation record.`,
      comparisonOperator: "LessThanThreshold",
      threshold: days,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "missing",
      id: "days",
      label: "Days to expiry",
      metric: {
        namespace: "AWS/CertificateManager",
        metricName: "DaysToExpiry",
        dimensions: { CertificateArn: c.arn },
        stat: "Minimum",
        period: 86400,
      },
      ...(c.region ? { region: c.region } : {}),
    }),
  );
}

/** Availability: the uptime canary's success rate over the SLA window. */
export function canaryAlarm<S>(c: CanaryInput<S>, slaPercent: number, windowMinutes: number): AlarmDraft<S> {
  return singleMetric({
    key: `${c.name}-availability`,
    severity: "critical",
    condition: `availability (canary SuccessPercent over ${minutes(windowMinutes)}) < ${slaPercent} % SLA; no data counts as down`,
    description: `${c.name}: the uptime canary fails; availability is below the ${slaPercent} % target. Open the canary run for the failing step.`,
    comparisonOperator: "LessThanThreshold",
    threshold: slaPercent,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "breaching",
    id: "availability",
    label: "SuccessPercent",
    metric: {
      namespace: "CloudWatchSynthetics",
      metricName: "SuccessPercent",
      dimensions: { CanaryName: c.canaryName },
      stat: "Average",
      period: windowMinutes * 60,
    },
  });
}
