/**
 * Alarm specs: the role document's MONITORING & ALERTS thresholds turned into CloudWatch alarm
 * definitions. Pure: no Pulumi resources; dimension values are opaque (`S` is `string` in tests and
 * `pulumi.Input<string>` in the component), so the same code drives both.
 *
 * Critical (pages): service down, error rate > 5 %, p95 latency > 2x baseline, database connection
 * failures, disk space > 90 % (free storage < 10 %), availability below the uptime SLA.
 * Warning (notifies): error rate > 1 %, p95 latency > 1.5x baseline, memory > 80 %, certificate
 * expiring in < 7 days.
 * Informational events (deployment completed, scaling, backup completed) are EventBridge rules
 * (`events.ts`), not alarms.
 */
// @ts-nocheck

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
  certificateWarningDays: 7,
} as const;

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
}

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
}

export interface CertificateInput<S> {
  readonly name: string;
  readonly arn: S;
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

/** Build every alarm spec for one environment. */
export function buildAlarmSpecs<S>(input: AlarmInput<S>): AlarmSpec<S>[] {
  const specs: AlarmSpec<S>[] = [];
  const add = (spec: Omit<AlarmSpec<S>, "name" | "channel">): void => {
    specs.push({
      ...spec,
      name: `${input.namePrefix}-${spec.key}`,
      channel: input.channels[spec.severity],
    });
  };
  const latency = latencyThresholds(input.latencyBaselineP95Ms);
  const baselineText = latency.fromQa
    ? `QA p95 ${latency.baselineMs} ms`
    : `default baseline ${latency.baselineMs} ms (QA report has no p95)`;

  for (const api of input.apis) {
    const targets = api.targets;
    const colours = targets.map((t) => t.colour);

    // Service down: any unhealthy target, or no healthy target on the active colour.
    add({
      key: `${api.name}-unhealthy-hosts`,
      severity: "critical",
      condition: `UnHealthyHostCount > 0 (${colours.join(", ")}) for 3 of 3 minutes`,
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
    });
    const active = targets.find((t) => t.colour === api.activeColour) ?? targets[0];
    add({
      key: `${api.name}-no-healthy-hosts`,
      severity: "critical",
      condition: `HealthyHostCount < 1 (${active.colour}, active) for 2 of 2 minutes; no data counts as down`,
      description: `${api.name}: the active colour has no healthy target, the API is down. Roll back or restore capacity now.`,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "breaching",
      queries: [
        {
          id: "healthy",
          label: `Healthy targets (${active.colour})`,
          returnData: true,
          metric: {
            namespace: ALB,
            metricName: "HealthyHostCount",
            dimensions: tgDims(api, active),
            stat: "Minimum",
            period: 60,
          },
        },
      ],
    });

    // Error rate: 100 * target 5xx / requests over every colour of the API.
    const errorQueries = (period: number): MetricQuerySpec<S>[] => [
      ...targets.flatMap((t) => [
        {
          id: `errors_${t.colour}`,
          returnData: false,
          metric: {
            namespace: ALB,
            metricName: "HTTPCode_Target_5XX_Count",
            dimensions: tgDims(api, t),
            stat: "Sum",
            period,
          },
        },
        {
          id: `requests_${t.colour}`,
          returnData: false,
          metric: {
            namespace: ALB,
            metricName: "RequestCount",
            dimensions: tgDims(api, t),
            stat: "Sum",
            period,
          },
        },
      ]),
      {
        id: "errors",
        returnData: false,
        expression: fillSum(targets.map((t) => `errors_${t.colour}`)),
      },
      {
        id: "requests",
        returnData: false,
        expression: fillSum(targets.map((t) => `requests_${t.colour}`)),
      },
      {
        id: "error_rate",
        label: "5xx error rate (%)",
        returnData: true,
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
      },
    ];
    add({
      key: `${api.name}-error-rate-critical`,
      severity: "critical",
      condition: `5xx error rate > ${THRESHOLDS.errorRateCriticalPercent} % (100 * HTTPCode_Target_5XX_Count / RequestCount) in 3 of 5 one-minute periods`,
      description: `${api.name}: more than ${THRESHOLDS.errorRateCriticalPercent} % of requests fail with 5xx. Roll back a fresh deployment; otherwise check logs and dependencies.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateCriticalPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: errorQueries(60),
    });
    add({
      key: `${api.name}-error-rate-warning`,
      severity: "warning",
      condition: `5xx error rate > ${THRESHOLDS.errorRateWarningPercent} % (100 * HTTPCode_Target_5XX_Count / RequestCount) in 2 of 3 five-minute periods`,
      description: `${api.name}: more than ${THRESHOLDS.errorRateWarningPercent} % of requests fail with 5xx.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: errorQueries(300),
    });

    // p95 latency: the worst colour's p95 (seconds) against 2x / 1.5x the QA baseline.
    const latencyQueries = (period: number): MetricQuerySpec<S>[] =>
      targets.length === 1
        ? [
            {
              id: "p95",
              label: "p95 TargetResponseTime (s)",
              returnData: true,
              metric: {
                namespace: ALB,
                metricName: "TargetResponseTime",
                dimensions: tgDims(api, targets[0]),
                stat: "p95",
                period,
              },
            },
          ]
        : [
            ...targets.map((t) => ({
              id: `p95_${t.colour}`,
              returnData: false,
              metric: {
                namespace: ALB,
                metricName: "TargetResponseTime",
                dimensions: tgDims(api, t),
                stat: "p95",
                period,
              },
            })),
            {
              id: "p95",
              label: "p95 TargetResponseTime, worst colour (s)",
              returnData: true,
              expression: `MAX([${targets.map((t) => `p95_${t.colour}`).join(", ")}])`,
            },
          ];
    add({
      key: `${api.name}-latency-p95-critical`,
      severity: "critical",
      condition: `p95 latency > ${latency.criticalSeconds} s (${THRESHOLDS.latencyCriticalFactor}x ${baselineText}) in 3 of 5 one-minute periods`,
      description: `${api.name}: p95 response time is above ${THRESHOLDS.latencyCriticalFactor}x the baseline.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: latency.criticalSeconds,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: latencyQueries(60),
    });
    add({
      key: `${api.name}-latency-p95-warning`,
      severity: "warning",
      condition: `p95 latency > ${latency.warningSeconds} s (${THRESHOLDS.latencyWarningFactor}x ${baselineText}) in 2 of 3 five-minute periods`,
      description: `${api.name}: p95 response time is above ${THRESHOLDS.latencyWarningFactor}x the baseline.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: latency.warningSeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: latencyQueries(300),
    });

    for (const t of targets) {
      add(memorySpec(`${api.name}-${t.colour}`, api.clusterName, t.serviceName));
    }
  }

  if (input.loadBalancerArnSuffix !== undefined) {
    const lb = { LoadBalancer: input.loadBalancerArnSuffix };
    const lbQueries = (period: number): MetricQuerySpec<S>[] => [
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
    add({
      key: "alb-5xx-rate-critical",
      severity: "critical",
      condition: `load balancer 5xx rate > ${THRESHOLDS.errorRateCriticalPercent} % (100 * HTTPCode_ELB_5XX_Count / (RequestCount + HTTPCode_ELB_5XX_Count)) in 3 of 5 one-minute periods`,
      description:
        "The ALB itself answers 5xx (502/503/504: no healthy target, target resets or timeouts). Check target health and recent deployments.",
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateCriticalPercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: lbQueries(60),
    });
    add({
      key: "alb-5xx-rate-warning",
      severity: "warning",
      condition: `load balancer 5xx rate > ${THRESHOLDS.errorRateWarningPercent} % in 2 of 3 five-minute periods`,
      description: "The ALB itself answers 5xx for more than 1 % of requests.",
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.errorRateWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries: lbQueries(300),
    });
  }

  for (const w of input.workers) {
    const dims = { ClusterName: w.clusterName, ServiceName: w.serviceName };
    add({
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
        {
          id: "running",
          returnData: false,
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: dims,
            stat: "Minimum",
            period: 60,
          },
        },
        {
          id: "desired",
          returnData: false,
          metric: {
            namespace: "ECS/ContainerInsights",
            metricName: "DesiredTaskCount",
            dimensions: dims,
            stat: "Maximum",
            period: 60,
          },
        },
        {
          id: "missing_tasks",
          label: "Desired - running tasks",
          returnData: true,
          expression: "desired - running",
        },
      ],
    });
    add(memorySpec(w.name, w.clusterName, w.serviceName));
  }

  if (input.database) {
    const db = input.database;
    const dims = { DBInstanceIdentifier: db.instanceIdentifier };
    const metricName = `${input.namePrefix}-${db.name}-ConnectionFailures`;
    add({
      key: `${db.name}-connection-failures`,
      severity: "critical",
      condition: `PostgreSQL connection failures (auth, pg_hba, no free slots) > ${input.connectionFailureThreshold} in 5 minutes`,
      description: `${db.name}: clients cannot connect (wrong or rotated credentials, TLS refused, connection slots exhausted). Check the postgresql log.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: input.connectionFailureThreshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      queries: [
        {
          id: "failures",
          label: "Connection failures",
          returnData: true,
          metric: {
            namespace: SLIPWAY_METRIC_NAMESPACE,
            metricName,
            dimensions: {},
            stat: "Sum",
            period: 300,
          },
        },
      ],
      logMetricFilter: {
        logGroupName: db.logGroupName,
        pattern: POSTGRES_CONNECTION_FAILURE_PATTERN,
        metricNamespace: SLIPWAY_METRIC_NAMESPACE,
        metricName,
      },
    });
    const bytes = freeStorageThresholdBytes(db.allocatedStorageGiB);
    add({
      key: `${db.name}-free-storage-low`,
      severity: "critical",
      condition: `Disk space > 90 %: FreeStorageSpace < ${formatBytes(bytes)} (10 % of ${db.allocatedStorageGiB} GiB) for 2 of 2 five-minute periods`,
      description: `${db.name}: less than 10 % storage free. Raise allocated storage (or the autoscaling ceiling) and find what grows.`,
      comparisonOperator: "LessThanThreshold",
      threshold: bytes,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "missing",
      queries: [
        {
          id: "free",
          label: "FreeStorageSpace (bytes)",
          returnData: true,
          metric: {
            namespace: "AWS/RDS",
            metricName: "FreeStorageSpace",
            dimensions: dims,
            stat: "Minimum",
            period: 300,
          },
        },
      ],
    });
  }

  for (const c of input.certificates) {
    add({
      key: `${c.name}-certificate-expiry`,
      severity: "warning",
      condition: `ACM DaysToExpiry < ${THRESHOLDS.certificateWarningDays} days`,
      description: `${c.name}: the certificate expires within ${THRESHOLDS.certificateWarningDays} days (DNS validation or renewal is stuck). Check the ACM validation record.`,
      comparisonOperator: "LessThanThreshold",
      threshold: THRESHOLDS.certificateWarningDays,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "missing",
      queries: [
        {
          id: "days",
          label: "Days to expiry",
          returnData: true,
          metric: {
            namespace: "AWS/CertificateManager",
            metricName: "DaysToExpiry",
            dimensions: { CertificateArn: c.arn },
            stat: "Minimum",
            period: 86400,
          },
        },
      ],
    });
  }

  for (const c of input.canaries) {
    add({
      key: `${c.name}-availability`,
      severity: "critical",
      condition: `availability (canary SuccessPercent over ${minutes(input.uptimeWindowMinutes)}) < ${input.uptimeSlaPercent} % SLA; no data counts as down`,
      description: `${c.name}: the uptime canary fails; availability is below the ${input.uptimeSlaPercent} % target. Open the canary run for the failing step.`,
      comparisonOperator: "LessThanThreshold",
      threshold: input.uptimeSlaPercent,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "breaching",
      queries: [
        {
          id: "availability",
          label: "SuccessPercent",
          returnData: true,
          metric: {
            namespace: "CloudWatchSynthetics",
            metricName: "SuccessPercent",
            dimensions: { CanaryName: c.canaryName },
            stat: "Average",
            period: input.uptimeWindowMinutes * 60,
          },
        },
      ],
    });
  }

  return specs;

  function memorySpec(label: string, clusterName: S, serviceName: S): Omit<AlarmSpec<S>, "name" | "channel"> {
    return {
      key: `${label}-memory-high`,
      severity: "warning",
      condition: `ECS MemoryUtilization > ${THRESHOLDS.memoryWarningPercent} % (average) for 3 of 3 five-minute periods`,
      description: `${label}: memory above ${THRESHOLDS.memoryWarningPercent} % of the task reservation; raise task memory or find the leak before tasks are OOM-killed.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: THRESHOLDS.memoryWarningPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      queries: [
        {
          id: "memory",
          label: "MemoryUtilization (%)",
          returnData: true,
          metric: {
            namespace: "AWS/ECS",
            metricName: "MemoryUtilization",
            dimensions: { ClusterName: clusterName, ServiceName: serviceName },
            stat: "Average",
            period: 300,
          },
        },
      ],
    };
  }
}
