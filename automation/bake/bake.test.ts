import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { analyseCanary, bake, judgeCanary, type CanaryMetrics } from "./index";
import type { AlarmOutput } from "../../outputs";
import { fakeClock, type FakeClock } from "../../test/harness/clock";

const alarms: AlarmOutput[] = [
  { name: "api-5xx-critical", severity: "critical", condition: "5xx > 5 %", channel: "sns:critical" },
  { name: "api-5xx-warning", severity: "warning", condition: "5xx > 1 %", channel: "sns:warning" },
];
const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: "eu-west-1" });
const state = (critical: string, warning = "OK") => ({
  MetricAlarms: [
    {
      AlarmName: "api-5xx-critical",
      StateValue: critical as "OK",
      StateReason: "Threshold Crossed: 3 datapoints > 5",
    },
    {
      AlarmName: "api-5xx-warning",
      StateValue: warning as "OK",
      StateReason: "Threshold Crossed: 1 datapoint > 1",
    },
  ],
});
beforeEach(() => cw.reset());

/** The seams every bake and canary analysis here runs on: the mocked CloudWatch, the alarms, a fake clock. */
const on = (clock: FakeClock) => ({ cloudwatch: client, alarms, now: clock.now, sleep: clock.sleep });

describe("bake", () => {
  it("passes a quiet window after polling for its whole length", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    const clock = fakeClock();
    const r = await bake({
      ...on(clock),
      durationMs: 60 * 60_000,
    });
    expect(r).toMatchObject({
      status: "passed",
      watchedMs: 3_600_000,
      polls: 61,
      critical: [],
      warnings: [],
    });
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames).toEqual([
      "api-5xx-critical",
      "api-5xx-warning",
    ]);
  });

  it("fails on the first poll that sees a critical alarm", async () => {
    cw.on(DescribeAlarmsCommand).resolvesOnce(state("OK")).resolvesOnce(state("OK")).resolves(state("ALARM"));
    const clock = fakeClock();
    const r = await bake({
      ...on(clock),
      durationMs: 600_000,
      intervalMs: 60_000,
    });
    expect(r.status).toBe("failed");
    expect(r.polls).toBe(3);
    expect(r.watchedMs).toBe(120_000);
    expect(r.critical).toEqual([
      { name: "api-5xx-critical", severity: "critical", reason: "Threshold Crossed: 3 datapoints > 5" },
    ]);
  });

  it("records warning alarms and missing alarms without failing", async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [state("OK", "ALARM").MetricAlarms[1]] });
    const clock = fakeClock();
    const r = await bake({
      ...on(clock),
      durationMs: 120_000,
    });
    expect(r.status).toBe("passed");
    expect(r.warnings).toEqual([
      "alarm api-5xx-critical is in the stack outputs but not in CloudWatch",
      "warning alarm api-5xx-warning fired during bake: Threshold Crossed: 1 datapoint > 1",
    ]);
  });

  it("stops when aborted", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    const clock = fakeClock();
    const ac = new AbortController();
    clock.at(180_000, () => ac.abort());
    const r = await bake({
      ...on(clock),
      durationMs: 3_600_000,
      signal: ac.signal,
    });
    expect(r.status).toBe("aborted");
    expect(r.polls).toBe(3);
  });
});

describe("bake window and interval", () => {
  it.each([
    [{ durationMs: Number.NaN }, /bake window must be a finite number of ms >= 0, got NaN/],
    [{ durationMs: -1 }, /bake window must be a finite number of ms >= 0, got -1/],
    [{ durationMs: 60_000, intervalMs: 0 }, /bake poll interval must be a finite number of ms > 0, got 0/],
  ])("%j is refused before CloudWatch is polled (no endless loop)", async (over, message) => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    const clock = fakeClock();
    await expect(bake({ ...on(clock), ...over })).rejects.toThrow(message);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });
});

describe("judgeCanary", () => {
  const baseline = { p95Ms: 180 };
  it.each<[string, CanaryMetrics | undefined, boolean, number, number]>([
    ["healthy", { requests: 1000, errors5xx: 2, p95Ms: 190 }, true, 0, 0],
    ["error rate above 5 %", { requests: 1000, errors5xx: 51, p95Ms: 190 }, false, 1, 0],
    ["error rate at exactly 5 % warns", { requests: 1000, errors5xx: 50, p95Ms: 190 }, true, 0, 1],
    ["error rate above 1 % warns", { requests: 1000, errors5xx: 11 }, true, 0, 1],
    ["p95 above 2x baseline", { requests: 1000, errors5xx: 0, p95Ms: 361 }, false, 1, 0],
    ["p95 above 1.5x baseline warns", { requests: 1000, errors5xx: 0, p95Ms: 271 }, true, 0, 1],
    ["both critical", { requests: 100, errors5xx: 10, p95Ms: 1000 }, false, 2, 0],
    ["no traffic fails", { requests: 0, errors5xx: 0 }, false, 1, 0],
    ["fewer requests than the minimum fail", { requests: 49, errors5xx: 0, p95Ms: 190 }, false, 1, 0],
    ["exactly the minimum is judged", { requests: 50, errors5xx: 0, p95Ms: 190 }, true, 0, 0],
    ["no metric dimensions is a warning", undefined, true, 0, 1],
  ])("%s", (_n, metrics, ok, reasons, warnings) => {
    const v = judgeCanary(metrics, baseline);
    expect([v.ok, v.reasons.length, v.warnings.length]).toEqual([ok, reasons, warnings]);
  });

  it("warns when there is no p95 baseline to compare with", () => {
    expect(judgeCanary({ requests: 10, errors5xx: 0, p95Ms: 5000 }, {}, 10).warnings).toEqual([
      "canary p95 5000 ms not compared: the QA report has no p95 baseline",
    ]);
  });
});

describe("analyseCanary", () => {
  const dims = {
    loadBalancer: "app/taskflow/50dc6c495c0c9188",
    targetGroup: "targetgroup/taskflow-green/73e2d6bc24d8a067",
  };
  it("reads the canary colour's metrics over the window and judges them", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "requests", Values: [400, 600] },
        { Id: "errors", Values: [30, 40] },
        { Id: "p95", Values: [0.2, 0.3] },
      ],
    });
    const clock = fakeClock();
    const v = await analyseCanary({
      ...on(clock),
      baseline: { p95Ms: 180 },
      dimensions: dims,
    });
    // Five minutes of traffic (a progress line each minute), then two for the metrics to arrive.
    expect(clock.sleeps).toEqual([60_000, 60_000, 60_000, 60_000, 60_000, 120_000]);
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual(["canary 5xx error rate 7.00 % > 5 %"]);
    expect(v.warnings).toEqual(["canary p95 300 ms > 1.5x baseline 180 ms"]);
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(
      input.MetricDataQueries?.map((q) => [q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat]),
    ).toEqual([
      ["RequestCount", "Sum"],
      ["HTTPCode_Target_5XX_Count", "Sum"],
      ["TargetResponseTime", "p95"],
    ]);
    expect(input.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions).toEqual([
      { Name: "LoadBalancer", Value: dims.loadBalancer },
      { Name: "TargetGroup", Value: dims.targetGroup },
    ]);
    expect(input.EndTime!.getTime() - input.StartTime!.getTime()).toBe(300_000);
  });

  it("fails on a critical alarm even when metrics look fine", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("ALARM"));
    const clock = fakeClock();
    const v = await analyseCanary({
      ...on(clock),
      baseline: {},
      windowMs: 60_000,
    });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual(["critical alarm api-5xx-critical: Threshold Crossed: 3 datapoints > 5"]);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});

describe("progress, INSUFFICIENT_DATA, minimum requests and metric delay", () => {
  const dims = {
    loadBalancer: "app/taskflow/50dc6c495c0c9188",
    targetGroup: "targetgroup/taskflow-green/73e2d6bc24d8a067",
  };
  const metrics = (requests: number, errors: number, p95s: number) => ({
    MetricDataResults: [
      { Id: "requests", Values: [requests] },
      { Id: "errors", Values: [errors] },
      { Id: "p95", Values: [p95s] },
    ],
  });

  it("the bake reports elapsed of total and the alarm states at every poll, at least once a minute", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK", "INSUFFICIENT_DATA"));
    const clock = fakeClock();
    const lines: { at: number; line: string }[] = [];
    const t0 = clock.now();
    await bake({
      ...on(clock),
      durationMs: 60 * 60_000,
      intervalMs: 5 * 60_000, // asked for 5 min: clamped to a minute, so progress is never quieter
      progress: (line) => lines.push({ at: clock.now() - t0, line }),
    });
    expect(lines).toHaveLength(61);
    expect(lines.every((l, i) => l.at === i * 60_000)).toBe(true);
    expect(lines[12].line).toBe("bake 12 min of 1 h (20 %): alarms 1 OK, 0 ALARM, 1 INSUFFICIENT_DATA");
  });

  it("a critical alarm in INSUFFICIENT_DATA during the bake is named as a warning, never taken for OK", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("INSUFFICIENT_DATA"));
    const r = await bake({ ...on(fakeClock()), durationMs: 120_000 });
    expect(r.status).toBe("passed");
    expect(r.warnings).toEqual([
      "critical alarm api-5xx-critical had INSUFFICIENT_DATA during bake: it could not fire, so it vouches for nothing",
    ]);
  });

  it("a canary step reads its metrics only after the metric delay, for the whole minutes of its window", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    const clock = fakeClock();
    const t0 = clock.now();
    let readAt = -1;
    cw.on(GetMetricDataCommand).callsFake(() => {
      readAt = clock.now() - t0;
      return metrics(1200, 1, 0.19);
    });
    const lines: string[] = [];
    const v = await analyseCanary({
      ...on(clock),
      baseline: { p95Ms: 180 },
      dimensions: dims,
      weight: 10,
      metricDelayMs: 180_000,
      progress: (l) => lines.push(l),
    });
    expect(v.ok).toBe(true);
    expect(readAt).toBe(300_000 + 180_000);
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.StartTime!.getTime() % 60_000).toBe(0);
    expect(input.EndTime!.getTime() - input.StartTime!.getTime()).toBe(300_000);
    expect(lines).toEqual([
      "canary at 10 %: traffic 1 min of 5 min (20 %): alarms 2 OK, 0 ALARM, 0 INSUFFICIENT_DATA",
      "canary at 10 %: traffic 2 min of 5 min (40 %): alarms 2 OK, 0 ALARM, 0 INSUFFICIENT_DATA",
      "canary at 10 %: traffic 3 min of 5 min (60 %): alarms 2 OK, 0 ALARM, 0 INSUFFICIENT_DATA",
      "canary at 10 %: traffic 4 min of 5 min (80 %): alarms 2 OK, 0 ALARM, 0 INSUFFICIENT_DATA",
      "canary at 10 %: waiting 3 min for CloudWatch to receive the window's metrics",
      "canary at 10 %: 1200 requests, error rate 0.08 %, p95 190 ms (baseline 180 ms); alarms 2 OK, 0 ALARM, 0 INSUFFICIENT_DATA",
    ]);
  });

  it("a canary step with fewer requests than the minimum fails and says how many it saw", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("OK"));
    cw.on(GetMetricDataCommand).resolves(metrics(12, 0, 0.1));
    const v = await analyseCanary({ ...on(fakeClock()), baseline: {}, dimensions: dims, minRequests: 100 });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual([
      "the canary received 12 request(s) in the analysis window, fewer than the 100 needed to judge it: send traffic (or lengthen the window) and deploy again",
    ]);
  });

  it("a critical alarm in INSUFFICIENT_DATA at a canary step is an explicit warning", async () => {
    cw.on(DescribeAlarmsCommand).resolves(state("INSUFFICIENT_DATA"));
    cw.on(GetMetricDataCommand).resolves(metrics(1200, 0, 0.1));
    const v = await analyseCanary({ ...on(fakeClock()), baseline: {}, dimensions: dims, weight: 50 });
    expect(v.ok).toBe(true);
    expect(v.warnings).toContain(
      "critical alarm api-5xx-critical had INSUFFICIENT_DATA at the canary at 50 %: it could not fire, so it vouches for nothing",
    );
  });

  it("a critical alarm during the window ends the step at once (no metric wait)", async () => {
    cw.on(DescribeAlarmsCommand).resolvesOnce(state("OK")).resolves(state("ALARM"));
    const clock = fakeClock();
    const v = await analyseCanary({ ...on(clock), baseline: {}, dimensions: dims });
    expect(v).toMatchObject({
      ok: false,
      aborted: false,
      reasons: ["critical alarm api-5xx-critical: Threshold Crossed: 3 datapoints > 5"],
    });
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
