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
import { elapsedOf, formatDuration, PROGRESS_INTERVAL_MS } from "../pipeline/progress";

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
  /** Progress lines, at least once a minute (elapsed of total, alarm states, canary metrics). @default none */
  readonly progress?: (message: string) => void;
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
  /** Poll interval; at most a minute (each poll reports progress). @default 60000 */
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

/** What the stack's alarms say right now. */
export interface AlarmStates {
  /** Alarms in ALARM. */
  readonly firing: FiringAlarm[];
  /** Alarms in the outputs that CloudWatch does not know. */
  readonly missing: string[];
  /** Alarms in INSUFFICIENT_DATA: not evaluated (no datapoints yet), neither OK nor firing. */
  readonly insufficient: { readonly name: string; readonly severity: AlarmOutput["severity"] }[];
  /** Alarms in OK. */
  readonly ok: number;
}

/** `alarms 4 OK, 1 ALARM, 1 INSUFFICIENT_DATA` (and missing ones): a progress line's alarm part. */
export function alarmSummary(a: AlarmStates): string {
  return `alarms ${a.ok} OK, ${a.firing.length} ALARM, ${a.insufficient.length} INSUFFICIENT_DATA${
    a.missing.length > 0 ? `, ${a.missing.length} missing` : ""
  }`;
}

/** Explicit warnings for critical alarms in INSUFFICIENT_DATA: they cannot vouch for the release. */
function insufficientWarnings(a: AlarmStates, during: string): string[] {
  return a.insufficient
    .filter((x) => x.severity === "critical")
    .map(
      (x) =>
        `critical alarm ${x.name} had INSUFFICIENT_DATA ${during}: it could not fire, so it vouches for nothing`,
    );
}

/** Current state of the given alarms: what fires, by severity, and which alarms CloudWatch does not know. */
export async function checkAlarms(
  cloudwatch: Pick<CloudWatchClient, "send">,
  alarms: readonly AlarmOutput[],
  signal?: AbortSignal,
): Promise<AlarmStates> {
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
  const insufficient: AlarmStates["insufficient"] = [];
  let ok = 0;
  for (const a of alarms) {
    const cw = byName.get(a.name);
    if (!cw) missing.push(a.name);
    else if (cw.StateValue === "ALARM") {
      firing.push({ name: a.name, severity: a.severity, reason: cw.StateReason ?? a.condition });
    } else if (cw.StateValue === "INSUFFICIENT_DATA")
      insufficient.push({ name: a.name, severity: a.severity });
    else ok++;
  }
  return { firing, missing, insufficient, ok };
}

/**
 * Watch the alarms for the bake window. Returns early with `failed` on the first critical alarm. Warning
 * alarms and alarms missing from CloudWatch are recorded, not ignored.
 */
export async function bake(opts: BakeOptions): Promise<BakeResult> {
  // Each poll reports progress: never more than a minute apart.
  const interval = Math.min(opts.intervalMs ?? PROGRESS_INTERVAL_MS, PROGRESS_INTERVAL_MS);
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
    const states = await withAwsRetries(() => checkAlarms(opts.cloudwatch, opts.alarms, opts.signal), {
      sleep: opts.sleep,
      signal: opts.signal,
    });
    const { firing, missing } = states;
    polls++;
    for (const w of insufficientWarnings(states, "during bake")) warnings.add(w);
    opts.progress?.(`bake ${elapsedOf(waited, opts.durationMs)}: ${alarmSummary(states)}`);
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

/** Fewest requests a canary step must see to be judged at all (fewer fails the step). */
export const DEFAULT_CANARY_MIN_REQUESTS = 50;

/**
 * Pure judgement of a canary's metrics against the QA baseline and the role-document thresholds. Fewer than
 * `minRequests` requests fail the step: an error rate and a p95 over too few requests prove nothing.
 */
export function judgeCanary(
  metrics: CanaryMetrics | undefined,
  baseline: QaBaseline,
  minRequests: number = DEFAULT_CANARY_MIN_REQUESTS,
): CanaryVerdict {
  const reasons: string[] = [];
  const warnings: string[] = [];
  if (!metrics) {
    return {
      ok: true,
      reasons,
      warnings: ["error rate and p95 not analysed: no per-colour metric dimensions in the stack outputs"],
    };
  }
  if (metrics.requests < minRequests) {
    return {
      ok: false,
      reasons: [
        `the canary received ${metrics.requests} request(s) in the analysis window, fewer than the ${minRequests} needed to judge it: send traffic (or lengthen the window) and deploy again`,
      ],
      warnings,
    };
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
  /** Fewest requests the window must see (fewer fails the step). @default DEFAULT_CANARY_MIN_REQUESTS */
  readonly minRequests?: number;
  /**
   * How long after the window its ALB metrics are complete in CloudWatch (they arrive minutes late); the
   * window is judged only after this wait. @default DEFAULT_METRIC_DELAY_MS
   */
  readonly metricDelayMs?: number;
  /** Traffic weight of this step, for the progress lines. */
  readonly weight?: number;
}

/** ALB metrics reach CloudWatch about a minute or two after the requests: wait this long before reading. */
export const DEFAULT_METRIC_DELAY_MS = 120_000;

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
  const delayMs = opts.metricDelayMs ?? DEFAULT_METRIC_DELAY_MS;
  const minRequests = opts.minRequests ?? DEFAULT_CANARY_MIN_REQUESTS;
  const at = opts.weight !== undefined ? `canary at ${opts.weight} %` : "canary";
  // The metrics are read in whole minutes (the ALB's period): the window starts at the minute.
  const start = Math.floor(opts.now() / 60_000) * 60_000;
  const retry = { sleep: opts.sleep, signal: opts.signal };
  const aborted = { ok: false, aborted: true, reasons: ["aborted"], warnings: [] };
  // Traffic runs for the window; each minute of it a progress line (elapsed, alarm states). A critical alarm
  // that fires meanwhile ends the step at once: no more users on a failing canary.
  let early: AlarmStates | undefined;
  for (let waited = 0; waited < windowMs;) {
    const pause = Math.min(PROGRESS_INTERVAL_MS, windowMs - waited);
    await opts.sleep(pause);
    waited += pause;
    if (opts.signal?.aborted) return aborted;
    if (waited >= windowMs) break;
    const states = await withAwsRetries(() => checkAlarms(opts.cloudwatch, opts.alarms, opts.signal), retry);
    opts.progress?.(`${at}: traffic ${elapsedOf(waited, windowMs)}: ${alarmSummary(states)}`);
    if (states.firing.some((f) => f.severity === "critical")) {
      early = states;
      break;
    }
  }
  const end = start + Math.ceil(windowMs / 60_000) * 60_000;
  if (early) {
    const critical = early.firing.filter((f) => f.severity === "critical");
    return {
      ok: false,
      aborted: false,
      reasons: critical.map((f) => `critical alarm ${f.name}: ${f.reason}`),
      warnings: insufficientWarnings(early, `at the ${at}`),
    };
  }
  if (opts.dimensions && delayMs > 0) {
    opts.progress?.(
      `${at}: waiting ${formatDuration(delayMs)} for CloudWatch to receive the window's metrics`,
    );
    await opts.sleep(delayMs);
    if (opts.signal?.aborted) return aborted;
  }
  const states = await withAwsRetries(() => checkAlarms(opts.cloudwatch, opts.alarms, opts.signal), retry);
  const { firing, missing } = states;
  const dims = opts.dimensions;
  const metrics = dims
    ? await withAwsRetries(
        () => canaryMetrics(opts.cloudwatch, dims, new Date(start), new Date(end), opts.signal),
        retry,
      )
    : undefined;
  const verdict = judgeCanary(metrics, opts.baseline, minRequests);
  const reasons = [
    ...firing.filter((f) => f.severity === "critical").map((f) => `critical alarm ${f.name}: ${f.reason}`),
    ...verdict.reasons,
  ];
  const warnings = [
    ...missing.map((m) => `alarm ${m} is in the stack outputs but not in CloudWatch`),
    ...firing
      .filter((f) => f.severity !== "critical")
      .map((f) => `${f.severity} alarm ${f.name}: ${f.reason}`),
    ...insufficientWarnings(states, `at the ${at}`),
    ...verdict.warnings,
  ];
  opts.progress?.(
    `${at}: ${metrics ? canarySummary(metrics, opts.baseline) : "no per-colour metrics"}; ${alarmSummary(states)}`,
  );
  return { ...verdict, ok: reasons.length === 0, reasons, warnings, aborted: false };
}

/** `1200 requests, error rate 0.08 %, p95 190 ms (baseline 180 ms)`: a canary's numbers for a progress line. */
export function canarySummary(m: CanaryMetrics, baseline: QaBaseline): string {
  const rate = m.requests > 0 ? `${((m.errors5xx / m.requests) * 100).toFixed(2)} %` : "n/a";
  const p95 = m.p95Ms !== undefined ? `${m.p95Ms.toFixed(0)} ms` : "n/a";
  const base = baseline.p95Ms !== undefined ? ` (baseline ${baseline.p95Ms} ms)` : " (no baseline)";
  return `${m.requests} requests, error rate ${rate}, p95 ${p95}${base}`;
}
