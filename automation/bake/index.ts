/**
 * Watching a deployment: CloudWatch alarms of the stack during the bake window, and canary analysis
 * (alarms + the idle colour's error rate and p95 against the QA baseline) at each traffic step. Clock and
 * sleep are injected so tests run instantly; the CloudWatch client is the real SDK v3 client (mocked in
 * tests).
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import type { AlarmOutput } from "../../outputs";
import type { QaBaseline } from "../../release/model";
import { withAwsRetries } from "../../lib/aws";

/** Role-document thresholds. */
export const THRESHOLDS = {
  errorRateCriticalPercent: 5,
  errorRateWarningPercent: 1,
  p95CriticalFactor: 2,
  p95WarningFactor: 1.5,
} as const;

export interface FiringAlarm {
  readonly name: string;
  readonly severity: AlarmOutput["severity"];
  readonly reason: string;
}

export interface WatchBase {
  readonly cloudwatch: Pick<CloudWatchClient, "send">;
  /** The stack's alarms (from the stack outputs), with their severity. */
  readonly alarms: readonly AlarmOutput[];
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
}

export interface BakeOptions extends WatchBase {
  /** Bake window. */
  readonly durationMs: number;
  /** Poll interval. @default 60000 */
  readonly intervalMs?: number;
}

export interface BakeResult {
  /** `failed`: a critical alarm fired; `aborted`: the signal fired before the window ended. */
  readonly status: "passed" | "failed" | "aborted";
  readonly watchedMs: number;
  readonly polls: number;
  /** Critical alarms in ALARM (the reason to roll back). */
  readonly critical: FiringAlarm[];
  /** Warnings: warning/info alarms that fired, alarms missing from CloudWatch. */
  readonly warnings: string[];
}

/** Current state of the given alarms: what fires, by severity, and which alarms CloudWatch does not know. */
export async function checkAlarms(
  cloudwatch: Pick<CloudWatchClient, "send">,
  alarms: readonly AlarmOutput[],
  signal?: AbortSignal,
): Promise<{ firing: FiringAlarm[]; missing: string[] }> {
  const found: MetricAlarm[] = [];
  for (let i = 0; i < alarms.length; i += 100) {
    const names = alarms.slice(i, i + 100).map((a) => a.name);
    let token: string | undefined;
    do {
      const out = await cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ["MetricAlarm"], NextToken: token }),
        { abortSignal: signal },
      );
      found.push(...(out.MetricAlarms ?? []));
      token = out.NextToken;
    } while (token);
  }
  const byName = new Map(found.map((a) => [a.AlarmName, a]));
  const firing: FiringAlarm[] = [];
  const missing: string[] = [];
  for (const a of alarms) {
    const cw = byName.get(a.name);
    if (!cw) missing.push(a.name);
    else if (cw.StateValue === "ALARM") {
      firing.push({ name: a.name, severity: a.severity, reason: cw.StateReason ?? a.condition });
    }
  }
  return { firing, missing };
}

/**
 * Watch the alarms for the bake window. Returns early with `failed` on the first critical alarm. Warning
 * alarms and alarms missing from CloudWatch are recorded, not ignored.
 */
export async function bake(opts: BakeOptions): Promise<BakeResult> {
  const interval = opts.intervalMs ?? 60_000;
  // A NaN window never ends and a zero interval polls CloudWatch in a tight loop: refuse both.
  if (!(Number.isFinite(opts.durationMs) && opts.durationMs >= 0))
    throw new RangeError(`bake window must be a finite number of ms >= 0, got ${opts.durationMs}`);
  if (!(Number.isFinite(interval) && interval > 0))
    throw new RangeError(`bake poll interval must be a finite number of ms > 0, got ${interval}`);
  const start = opts.now();
  const warnings = new Set<string>();
  let polls = 0;
  // Time watched: the pauses the bake actually waited, not the clock's difference, so a clock that jumps
  // forward does not shorten the bake and one that jumps back does not lengthen it. An abort cuts the
  // last pause short: then the clock's difference (never below zero) bounds it.
  let waited = 0;
  for (;;) {
    if (opts.signal?.aborted) {
      return {
        status: "aborted",
        watchedMs: Math.max(0, Math.min(opts.now() - start, waited)),
        polls,
        critical: [],
        warnings: [...warnings],
      };
    }
    const { firing, missing } = await withAwsRetries(
      () => checkAlarms(opts.cloudwatch, opts.alarms, opts.signal),
      { sleep: opts.sleep, signal: opts.signal },
    );
    polls++;
    for (const m of missing) warnings.add(`alarm ${m} is in the stack outputs but not in CloudWatch`);
    for (const f of firing.filter((x) => x.severity !== "critical")) {
      warnings.add(`${f.severity} alarm ${f.name} fired during bake: ${f.reason}`);
    }
    const critical = firing.filter((f) => f.severity === "critical");
    const watchedMs = waited;
    if (critical.length > 0) return { status: "failed", watchedMs, polls, critical, warnings: [...warnings] };
    if (watchedMs >= opts.durationMs)
      return { status: "passed", watchedMs, polls, critical: [], warnings: [...warnings] };
    const pause = Math.min(interval, opts.durationMs - watchedMs);
    await opts.sleep(pause);
    waited += pause;
  }
}

/** Metrics of one colour over an analysis window. */
export interface CanaryMetrics {
  readonly requests: number;
  readonly errors5xx: number;
  /** p95 target response time in milliseconds, when there were requests. */
  readonly p95Ms?: number;
}

export interface CanaryVerdict {
  readonly ok: boolean;
  /** Why it fails (empty when ok). */
  readonly reasons: string[];
  readonly warnings: string[];
  readonly errorRatePercent?: number;
  readonly p95Ms?: number;
}

/** Pure judgement of a canary's metrics against the QA baseline and the role-document thresholds. */
export function judgeCanary(metrics: CanaryMetrics | undefined, baseline: QaBaseline): CanaryVerdict {
  const reasons: string[] = [];
  const warnings: string[] = [];
  if (!metrics) {
    return {
      ok: true,
      reasons,
      warnings: ["error rate and p95 not analysed: no per-colour metric dimensions in the stack outputs"],
    };
  }
  if (metrics.requests === 0) {
    return { ok: true, reasons, warnings: ["the canary received no requests in the analysis window"] };
  }
  const errorRatePercent = (metrics.errors5xx / metrics.requests) * 100;
  const rate = errorRatePercent.toFixed(2);
  if (errorRatePercent > THRESHOLDS.errorRateCriticalPercent) {
    reasons.push(`canary 5xx error rate ${rate} % > ${THRESHOLDS.errorRateCriticalPercent} %`);
  } else if (errorRatePercent > THRESHOLDS.errorRateWarningPercent) {
    warnings.push(`canary 5xx error rate ${rate} % > ${THRESHOLDS.errorRateWarningPercent} %`);
  }
  const p95Ms = metrics.p95Ms;
  if (p95Ms !== undefined) {
    if (baseline.p95Ms === undefined) {
      warnings.push(`canary p95 ${p95Ms.toFixed(0)} ms not compared: the QA report has no p95 baseline`);
    } else if (p95Ms > baseline.p95Ms * THRESHOLDS.p95CriticalFactor) {
      reasons.push(
        `canary p95 ${p95Ms.toFixed(0)} ms > ${THRESHOLDS.p95CriticalFactor}x baseline ${baseline.p95Ms} ms`,
      );
    } else if (p95Ms > baseline.p95Ms * THRESHOLDS.p95WarningFactor) {
      warnings.push(
        `canary p95 ${p95Ms.toFixed(0)} ms > ${THRESHOLDS.p95WarningFactor}x baseline ${baseline.p95Ms} ms`,
      );
    }
  }
  return { ok: reasons.length === 0, reasons, warnings, errorRatePercent, p95Ms };
}

export interface CanaryOptions extends WatchBase {
  readonly baseline: QaBaseline;
  /** CloudWatch dimensions of the canary colour, when the outputs provide them. */
  readonly dimensions?: { readonly loadBalancer: string; readonly targetGroup: string };
  /** How long traffic runs at this weight before it is judged. @default 300000 (5 min) */
  readonly windowMs?: number;
}

/** Read the canary's request count, 5xx count and p95 latency for the window that just ended. */
export async function canaryMetrics(
  cloudwatch: Pick<CloudWatchClient, "send">,
  dims: { readonly loadBalancer: string; readonly targetGroup: string },
  start: Date,
  end: Date,
  signal?: AbortSignal,
): Promise<CanaryMetrics> {
  const dimensions = [
    { Name: "LoadBalancer", Value: dims.loadBalancer },
    { Name: "TargetGroup", Value: dims.targetGroup },
  ];
  const period = Math.max(60, Math.ceil((end.getTime() - start.getTime()) / 60_000) * 60);
  const metric = (id: string, name: string, stat: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/ApplicationELB", MetricName: name, Dimensions: dimensions },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  });
  const out = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: start,
      EndTime: end,
      MetricDataQueries: [
        metric("requests", "RequestCount", "Sum"),
        metric("errors", "HTTPCode_Target_5XX_Count", "Sum"),
        metric("p95", "TargetResponseTime", "p95"),
      ],
    }),
    { abortSignal: signal },
  );
  const values = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values ?? [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const p95s = values("p95");
  return {
    requests: sum(values("requests")),
    errors5xx: sum(values("errors")),
    ...(p95s.length > 0 ? { p95Ms: Math.max(...p95s) * 1000 } : {}),
  };
}

/**
 * One canary step: let traffic run for the window, then judge the stack's alarms and the canary's metrics.
 * A critical alarm or a failing metric fails the step.
 */
export async function analyseCanary(
  opts: CanaryOptions,
): Promise<CanaryVerdict & { readonly aborted: boolean }> {
  const windowMs = opts.windowMs ?? 300_000;
  const start = opts.now();
  await opts.sleep(windowMs);
  if (opts.signal?.aborted) return { ok: false, aborted: true, reasons: ["aborted"], warnings: [] };
  const retry = { sleep: opts.sleep, signal: opts.signal };
  const { firing, missing } = await withAwsRetries(
    () => checkAlarms(opts.cloudwatch, opts.alarms, opts.signal),
    retry,
  );
  const dims = opts.dimensions;
  const end = new Date(opts.now());
  const metrics = dims
    ? await withAwsRetries(
        () => canaryMetrics(opts.cloudwatch, dims, new Date(start), end, opts.signal),
        retry,
      )
    : undefined;
  const verdict = judgeCanary(metrics, opts.baseline);
  const reasons = [
    ...firing.filter((f) => f.severity === "critical").map((f) => `critical alarm ${f.name}: ${f.reason}`),
    ...verdict.reasons,
  ];
  const warnings = [
    ...missing.map((m) => `alarm ${m} is in the stack outputs but not in CloudWatch`),
    ...firing
      .filter((f) => f.severity !== "critical")
      .map((f) => `${f.severity} alarm ${f.name}: ${f.reason}`),
    ...verdict.warnings,
  ];
  return { ...verdict, ok: reasons.length === 0, reasons, warnings, aborted: false };
}
