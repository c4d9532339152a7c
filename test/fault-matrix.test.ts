/**
 * The fault matrix: one deployment per fault, driven through the public library API (`deploy` from
 * `automation/index.ts`) with the recording engine double, aws-sdk-client-mock clients, a real 127.0.0.1
 * HTTP server and a fake clock. Every scenario ends with a report and a stage-completion signal that
 * validate against the reference and project contracts unchanged, says exactly what happened, and leaks
 * no secret: the stacks carry secrets set exactly as the README says
 * (`pulumi config set --secret --path 'slipway:secrets.NAME'`, which Pulumi hands back as one JSON text).
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, DescribeTasksCommand } from "@aws-sdk/client-ecs";
import { DescribeDBSnapshotsCommand } from "@aws-sdk/client-rds";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ConcurrentUpdateError,
  deploy,
  type DeployOptions,
  type DeployResult,
  type Engine,
} from "../automation";
import { parseReleaseState } from "../automation/pipeline/strategy";
import { cw, ecs, pipelineFixture, rds, type FixtureOptions, type PipelineFixture } from "./harness/pipeline";

/** Secret leaves as a user sets them, with characters that need escaping in JSON and URLs. */
const WEBHOOK = "whs_live_9f8e7d6c5b4a";
const JWT = 'jwt "k"/+= 42';
const SECRETS = { PARTNER_WEBHOOK_SECRET: WEBHOOK, JWT_SIGNING_KEY: JWT };
/** Every text form a leaked secret could take. */
const LEAK_FORMS = [WEBHOOK, JWT].flatMap((s) => [
  s,
  JSON.stringify(s).slice(1, -1),
  encodeURIComponent(s),
  Buffer.from(s).toString("base64").replace(/=+$/, ""),
]);

interface Run {
  readonly f: PipelineFixture;
  readonly r?: DeployResult;
  readonly error?: Error;
  readonly report?: Record<string, unknown>;
  readonly signal?: Record<string, unknown>;
}

let fx: PipelineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** A fixture whose stacks hold the README's secrets. */
async function fixture(o: FixtureOptions = {}): Promise<PipelineFixture> {
  const f = await pipelineFixture(o);
  fx = f;
  for (const stack of ["staging", "production"]) {
    await f.engine.setConfig(stack, {
      "slipway:secrets": { value: JSON.stringify(SECRETS), secret: true },
    });
  }
  f.engine.calls.length = 0;
  return f;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile());
}

/** Run deploy, then check what every scenario must: valid documents, no leak, no half-written file. */
async function run(f: PipelineFixture, over: Partial<DeployOptions> = {}): Promise<Run> {
  let r: DeployResult | undefined;
  let error: Error | undefined;
  try {
    r = await deploy(f.options(over));
  } catch (err) {
    error = err as Error;
  }
  const everything = [
    JSON.stringify(f.logs),
    r ? JSON.stringify(r) : "",
    error ? `${error.message}\n${error.stack}` : "",
    ...[...filesUnder(f.root), ...filesUnder(f.backupDir)]
      .filter((p) => !p.includes(`${join("ARTIFACTS", "devops-engineer")}`) || p.endsWith(".json"))
      .map((p) => readFileSync(p, "utf8")),
  ].join("\n");
  for (const form of LEAK_FORMS) expect(everything).not.toContain(form);
  // Atomic writes: no temporary file is left anywhere in the release.
  expect(filesUnder(f.root).filter((p) => p.endsWith(".tmp"))).toEqual([]);
  if (error) return { f, error };
  const { report, signal } = f.written();
  return { f, r, report, signal };
}

type Doc = Record<string, unknown>;
const summary = (report: Doc | undefined) => report?.deployment_summary as Doc;
const issues = (report: Doc | undefined) =>
  (report?.known_issues as { description: string; severity: string }[]).map((i) => i.description);
const services = (report: Doc | undefined) =>
  (report?.services_deployed as { service_name: string; version: string; status: string }[]).map(
    (s) => `${s.service_name} ${s.version} ${s.status}`,
  );
const blocking = (signal: Doc | undefined) =>
  (signal?.blocking_issues as { description: string }[]).map((b) => b.description);
const upCalls = (f: PipelineFixture, stack: string) =>
  f.engine.calls.filter((c) => c.method === "up" && c.stack === stack).length;

/** Alarms answer OK, except the critical 5xx alarm on the `n`-th DescribeAlarms call. */
function alarmOnCall(n: number): void {
  let calls = 0;
  cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => {
    calls++;
    return {
      MetricAlarms: (input.AlarmNames ?? []).map((name) => ({
        AlarmName: name,
        StateValue: calls === n && name.endsWith("5xx-critical") ? "ALARM" : "OK",
        StateReason: "Threshold Crossed: 3 datapoints > 5.0",
      })),
    };
  });
}

function migrationExit(codes: (stackCall: number) => number): void {
  let n = 0;
  ecs.on(DescribeTasksCommand).callsFake(() => {
    n++;
    const exitCode = codes(n);
    return {
      tasks: [
        {
          lastStatus: "STOPPED",
          ...(exitCode !== 0 ? { stoppedReason: "Essential container in task exited" } : {}),
          containers: [{ name: "migrate", exitCode }],
        },
      ],
    };
  });
}

function throttled(message = "Rate exceeded"): Error {
  return Object.assign(new Error(message), { name: "ThrottlingException" });
}

describe("fault matrix (through the public API)", () => {
  it("1. engine error quoting a secret: rolled back, the error text kept around the masked value", async () => {
    const f = await fixture();
    f.engine.fail({
      method: "up",
      stack: "staging",
      nth: 2,
      error: new Error(
        `aws:secretsmanager:SecretVersion partner-webhook-secret: InvalidRequestException: value ${WEBHOOK} rejected; input ${JSON.stringify({ SecretString: JWT })}`,
      ),
    });
    const { r, report, signal } = await run(f, { stack: "staging", bakeMinutes: 1 });
    expect([r!.status, r!.exitCode]).toEqual(["rolled_back", 1]);
    expect(r!.environments[0].failure).toBe(
      'aws:secretsmanager:SecretVersion partner-webhook-secret: InvalidRequestException: value [redacted] rejected; input {"SecretString":"[redacted]"}',
    );
    expect(summary(report).status).toBe("rolled_back");
    expect(issues(report)[0]).toMatch(/^Deployment to staging rolled back: aws:secretsmanager/);
    expect(services(report)).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
    expect(signal!.status).toBe("failed");
  });

  it("2. stack locked by another update: failed, not forced, nothing changed, wait-and-rerun step", async () => {
    const f = await fixture();
    f.engine.fail({ method: "preview", stack: "staging", error: new ConcurrentUpdateError("staging") });
    const { r, report, signal } = await run(f, {});
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(r!.environments[0].locked).toBe(true);
    expect(upCalls(f, "staging")).toBe(0);
    expect(f.engine.calls.some((c) => c.method === "cancel")).toBe(false);
    expect(report!.next_steps).toContain(
      "Wait for the other update on staging to finish, then re-run the deployment (never force-unlock a running update)",
    );
    expect(blocking(signal)[0]).toMatch(/^Deployment of 1.4.0 to staging failed: stack staging is locked/);
  });

  it("3. mandatory policy violation at preview: failed before any update, the violation named", async () => {
    const f = await fixture();
    f.engine.fail({
      method: "preview",
      stack: "staging",
      violations: [{ policy: "s3-no-public-read", message: "bucket assets is public; block public access" }],
    });
    const { r, report } = await run(f, { stack: "staging" });
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(upCalls(f, "staging")).toBe(0);
    expect(r!.environments[0].failure).toBe(
      "1 mandatory policy violation(s): s3-no-public-read: bucket assets is public; block public access",
    );
    expect(r!.environments[0].rollback).toBeUndefined();
    expect(summary(report).status).toBe("failed");
  });

  it("4. migration fails in staging (no snapshot): the new version never serves, no backup claimed", async () => {
    const f = await fixture();
    migrationExit(() => 1);
    const { r, report } = await run(f, { stack: "staging" });
    expect(r!.status).toBe("rolled_back");
    expect(report!.database_migrations).toMatchObject({
      executed: true,
      status: "failed",
      backup_created: false,
    });
    expect(services(report)).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
    expect(rds.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(0);
  });

  it("5. migration fails in production after the snapshot: the report names the snapshot to restore", async () => {
    const f = await fixture();
    migrationExit((n) => (n === 1 ? 0 : 1)); // staging's migration passes, production's fails
    const { r, report } = await run(f, { bakeMinutes: 1 });
    expect(r!.environments.map((e) => `${e.stack} ${e.status}`)).toEqual([
      "staging success",
      "production rolled_back",
    ]);
    expect(report!.database_migrations).toMatchObject({
      executed: true,
      status: "failed",
      backup_created: true,
    });
    const snapshot = r!.environments[1].migrations.snapshotId!;
    expect(snapshot).toMatch(/^taskflow-production-db-pre-1-4-0-/);
    expect(report!.rollback_plan).toContain(`--db-snapshot-identifier ${snapshot}`);
  });

  it("6. smoke fails in staging: rolled back, production never touched", async () => {
    const f = await fixture({
      app: (ctx, res) => {
        if (ctx.stack !== "staging" || ctx.version !== "1.4.0" || !ctx.path.startsWith("/health"))
          return false;
        res.writeHead(500).end();
        return true;
      },
    });
    const { r, report } = await run(f, {});
    expect([r!.status, r!.exitCode]).toEqual(["rolled_back", 1]);
    expect(r!.environments).toHaveLength(1);
    expect(f.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
    expect(r!.environments[0].failure).toMatch(
      /^idle colour failed its smoke test: API health check \(api, idle green\)/,
    );
    expect(services(report)).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
  });

  it("7. smoke fails in production after the switch: the old version serves and is reported healthy", async () => {
    const f: PipelineFixture = await fixture({
      app: (ctx, res) => {
        if (ctx.stack !== "production" || ctx.version !== "1.4.0" || !ctx.path.startsWith("/health"))
          return false;
        const running = parseReleaseState(f.engine.deployedConfig("production")?.["slipway:release"]?.value);
        if (running?.activeColour !== ctx.colour) return false;
        res.writeHead(503).end();
        return true;
      },
    });
    const { r, report, signal } = await run(f, { bakeMinutes: 1 });
    expect(r!.environments.map((e) => `${e.stack} ${e.status}`)).toEqual([
      "staging success",
      "production rolled_back",
    ]);
    expect(summary(report)).toMatchObject({ environment: "production", status: "rolled_back" });
    expect(services(report)).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
    expect((report!.smoke_tests as Doc).status).toBe("failed");
    expect(blocking(signal)[0]).toMatch(
      /^Deployment of 1.4.0 to production was rolled back to 1.3.0: smoke tests failed/,
    );
  });

  it("8. health check flapping: each check passes on its retry, the attempts are reported", async () => {
    let hits = 0;
    const f = await fixture({
      app: (ctx, res) => {
        if (!ctx.path.startsWith("/health")) return false;
        if (++hits % 2 === 1) {
          res.writeHead(503).end();
          return true;
        }
        return false;
      },
    });
    const { r, report } = await run(f, { stack: "staging", bakeMinutes: 1 });
    expect([r!.status, r!.exitCode]).toEqual(["success", 0]);
    const tests = (
      report!.smoke_tests as { status: string; tests_run: { test_name: string; details: string }[] }
    ).tests_run;
    expect(
      tests
        .filter((t) => t.test_name.startsWith("API health"))
        .every((t) => t.details.includes("(2 attempts")),
    ).toBe(true);
    expect((report!.smoke_tests as Doc).status).toBe("passed");
  });

  it.each([
    [1, "10"],
    [2, "50"],
    [3, "100"],
  ])(
    "9. canary: a critical alarm at step %i (%s %%) sends traffic back to the old version",
    async (n, weight) => {
      const f = await fixture({ strategy: "canary" });
      // Each 5-minute step reads the alarms once a minute (4 progress checks) and once to judge it.
      alarmOnCall(5 * n);
      const { r, report } = await run(f, { stack: "staging", bakeMinutes: 1 });
      expect([r!.status, r!.exitCode]).toEqual(["rolled_back", 1]);
      expect(r!.environments[0].failure).toBe(
        `canary at ${weight} % failed: critical alarm taskflow-staging-api-5xx-critical: Threshold Crossed: 3 datapoints > 5.0`,
      );
      const weights = f.releaseConfigs("staging").map((s) => s.idleWeight);
      // Up to the failing step, never beyond it, then back to 0 %.
      expect(weights).toEqual([0, ...[10, 50, 100].slice(0, n), 0]);
      expect(services(report)).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
    },
  );

  it("10. a critical alarm during the bake: immediate rollback, the bake reports what it watched", async () => {
    const f = await fixture();
    alarmOnCall(3);
    const { r, report } = await run(f, { stack: "staging", bakeMinutes: 10 });
    expect(r!.status).toBe("rolled_back");
    expect(r!.environments[0].bake).toMatchObject({ status: "failed", watchedMs: 120_000, polls: 3 });
    expect(issues(report)[0]).toBe(
      "Deployment to staging rolled back: critical alarm during bake: taskflow-staging-api-5xx-critical (Threshold Crossed: 3 datapoints > 5.0)",
    );
  });

  it("11. the rollback itself fails: the report and signal say so and name the manual step", async () => {
    const f = await fixture();
    f.engine.fail({ method: "up", stack: "staging", nth: 2, error: new Error("switch failed") });
    f.engine.fail({ method: "up", stack: "staging", nth: 3, error: new Error("rollback update failed") });
    const { r, report, signal } = await run(f, { stack: "staging" });
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(r!.environments[0].rollback).toMatchObject({ succeeded: false, toVersion: "1.3.0" });
    expect(issues(report)[0]).toBe("Automatic rollback to 1.3.0 failed: rollback update failed");
    expect((report!.next_steps as string[])[0]).toMatch(
      /^Roll back by hand now: the automatic rollback to 1.3.0 failed, so staging may serve a broken or mixed version\. Run `npm run rollback -- --stack staging --to-version 1.3.0`/,
    );
    expect(report!.rollback_plan).toMatch(
      /^The rollback \(immediate\) to 1.3.0 FAILED \(rollback update failed\)/,
    );
    expect(blocking(signal)).toContain("Rollback of staging failed: rollback update failed");
  });

  it("12. the state backup fails: nothing deployed, the release config put back", async () => {
    const f = await fixture();
    const before = f.engine.configOf("staging")["slipway:release"];
    f.engine.fail({
      method: "exportState",
      stack: "staging",
      nth: 1,
      error: new Error("backend unreachable"),
    });
    const { r, report } = await run(f, { stack: "staging" });
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(upCalls(f, "staging")).toBe(0);
    expect(f.engine.configOf("staging")["slipway:release"]).toEqual(before);
    expect(r!.environments[0].failure).toBe("backend unreachable");
    expect(summary(report).status).toBe("failed");
  });

  it("13. CloudWatch throttles during the bake: retried, the deployment completes", async () => {
    const f = await fixture();
    cw.on(DescribeAlarmsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .callsFake((input: { AlarmNames?: string[] }) => ({
        MetricAlarms: (input.AlarmNames ?? []).map((n) => ({ AlarmName: n, StateValue: "OK" })),
      }));
    const { r } = await run(f, { stack: "staging", bakeMinutes: 2 });
    expect([r!.status, r!.exitCode]).toEqual(["success", 0]);
    expect(r!.environments[0].bake).toMatchObject({ status: "passed", watchedMs: 120_000 });
  });

  it("14. CloudWatch keeps throttling: the bake fails after its retries and says why; rolled back", async () => {
    const f = await fixture();
    cw.on(DescribeAlarmsCommand).rejects(throttled());
    const { r } = await run(f, { stack: "staging", bakeMinutes: 2 });
    expect(r!.status).toBe("rolled_back");
    expect(r!.environments[0].failure).toBe("Rate exceeded (after 4 attempts)");
    expect(r!.environments[0].steps.find((s) => s.status === "failed")?.name).toBe(
      "bake 2 min (watch alarms)",
    );
    expect(r!.environments[0].rollback).toEqual({ kind: "immediate", toVersion: "1.3.0", succeeded: true });
  });

  it("15. ECS throttles and times out while waiting for steady state (rolling): retried until it settles", async () => {
    const f = await fixture({
      strategy: "rolling",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    let n = 0;
    ecs.on(DescribeServicesCommand).callsFake((input: { services?: string[] }) => {
      n++;
      if (n === 1) throw throttled();
      if (n === 2) throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
      return {
        services: (input.services ?? []).map((s) => ({
          serviceName: s,
          runningCount: s.includes("worker") ? 1 : 2,
          desiredCount: s.includes("worker") ? 1 : 2,
          deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }],
        })),
        failures: [],
      };
    });
    const { r } = await run(f, { stack: "staging", bakeMinutes: 1 });
    expect([r!.status, r!.exitCode]).toEqual(["success", 0]);
    expect(n).toBeGreaterThan(2);
  });

  it("16. the RDS snapshot never becomes available: timed out, the migration never ran", async () => {
    const f = await fixture();
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ Status: "creating" }] });
    const { r, report } = await run(f, {
      bakeMinutes: 1,
      poll: { intervalMs: 60_000, timeoutMs: 600_000 },
    });
    const prod = r!.environments[1];
    expect(prod.status).toBe("rolled_back");
    expect(prod.failure).toMatch(/timed out after 600 s/);
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(1); // staging's migration only
    expect(report!.database_migrations).toMatchObject({ status: "failed", backup_created: false });
  });

  it.each([
    ["preview", { method: "preview" as const, nth: 1 }],
    ["the first update", { method: "up" as const, nth: 1 }],
    ["the switch", { method: "up" as const, nth: 2 }],
  ])(
    "17. cancelled (SIGINT) during %s: the running operation is cancelled, no rollback, failed report",
    async (_phase, at) => {
      const f = await fixture();
      const ac = new AbortController();
      f.engine.fail({ ...at, stack: "staging", hang: true });
      // SIGINT once the operation hangs (the CLI turns SIGINT into this abort).
      const watch = setInterval(() => {
        if (f.engine.calls.filter((c) => c.method === at.method).length >= at.nth) {
          clearInterval(watch);
          setTimeout(() => ac.abort(), 10);
        }
      }, 2);
      const { r, report, signal } = await run(f, { signal: ac.signal });
      clearInterval(watch);
      expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
      expect(r!.environments[0].cancelled).toBe(true);
      // SIGINT reaches the running CLI through the Automation API: never `pulumi cancel`, no rollback.
      expect(f.engine.calls.some((c) => c.method === "cancel")).toBe(false);
      expect(upCalls(f, "staging")).toBe(at.method === "up" ? at.nth : 0);
      expect(f.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
      expect(summary(report).status).toBe("failed");
      expect(report!.next_steps).toContain(
        "Check the state of staging (`pulumi stack --stack staging`), then re-run the deployment; re-running is safe",
      );
      expect(blocking(signal)[0]).toMatch(
        /^Deployment of 1.4.0 to staging failed \(cancelled\): cancelled by signal/,
      );
    },
  );

  it.each([
    [
      "the smoke tests",
      (_f: PipelineFixture, ac: AbortController) => ({
        fetch: ((...a: Parameters<typeof fetch>) => (ac.abort(), globalThis.fetch(...a))) as typeof fetch,
      }),
    ],
    [
      "the bake",
      (f: PipelineFixture, ac: AbortController) => (f.clock.at(30 * 60_000 + 1, () => ac.abort()), {}),
    ],
    [
      "the migration",
      (_f: PipelineFixture, ac: AbortController) => {
        ecs.on(DescribeTasksCommand).callsFake(() => {
          ac.abort();
          return { tasks: [{ lastStatus: "RUNNING" }] };
        });
        return {};
      },
    ],
  ])("18. cancelled (AbortSignal) during %s: stops there, reported as cancelled", async (_phase, arrange) => {
    const f = await fixture();
    const ac = new AbortController();
    const over = arrange(f, ac);
    const { r, report } = await run(f, { stack: "staging", bakeMinutes: 60, signal: ac.signal, ...over });
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(r!.environments[0].cancelled).toBe(true);
    expect(r!.environments[0].rollback).toBeUndefined();
    expect(summary(report).status).toBe("failed");
  });

  it("19. the clock jumps forward mid-bake: the bake still waits its full window", async () => {
    const f = await fixture();
    let jump = 0;
    f.clock.at(5 * 60_000, () => (jump = 3 * 3_600_000));
    const now = () => f.clock.now() + jump;
    const { r, report } = await run(f, { stack: "staging", bakeMinutes: 10, now });
    expect(r!.status).toBe("success");
    expect(r!.environments[0].bake).toMatchObject({ status: "passed", watchedMs: 600_000 });
    expect(f.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(600_000);
    expect(summary(report).deployment_duration_seconds).toBeGreaterThanOrEqual(0);
  });

  it("20. the clock jumps back: durations are never negative and the documents still validate", async () => {
    const f = await fixture();
    let jump = 0;
    let polls = 0;
    // Six hours back at the second bake poll.
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => {
      if (++polls === 2) jump = -6 * 3_600_000;
      return { MetricAlarms: (input.AlarmNames ?? []).map((n) => ({ AlarmName: n, StateValue: "OK" })) };
    });
    const { r, report, signal } = await run(f, {
      stack: "staging",
      bakeMinutes: 5,
      now: () => f.clock.now() + jump,
    });
    expect(r!.status).toBe("success");
    // Neither cut short nor stretched by six hours: five one-minute pauses.
    expect(r!.environments[0].bake).toMatchObject({ status: "passed", watchedMs: 300_000, polls: 6 });
    expect(f.clock.sleeps.filter((s) => s === 60_000)).toHaveLength(5);
    expect(summary(report).deployment_duration_seconds).toBe(0);
    expect(signal!.status).not.toBe("failed");
  });

  it("21. the report directory is not writable: nothing half-written, the signal says so, exit 1", async () => {
    const f = await fixture();
    const dir = join(f.root, "ARTIFACTS", "devops-engineer");
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, "not a directory"); // EEXIST/ENOTDIR even for root
    const { r, signal } = await run(f, { bakeMinutes: 1 });
    expect([r!.status, r!.exitCode]).toEqual(["failed", 1]);
    expect(r!.environments.map((e) => `${e.stack} ${e.status}`)).toEqual(["staging success"]); // stops there
    expect(r!.reportPath).toBeUndefined();
    expect(readFileSync(dir, "utf8")).toBe("not a directory");
    expect(signal!.status).toBe("failed");
    expect(blocking(signal)[0]).toMatch(
      /^The deployment report was not written: ARTIFACTS\/devops-engineer\/deployment-report.json: could not be written \(E/,
    );
    expect((signal!.validation_results as Doc).schema_valid).toBe(false);
  });

  it("22. the signal directory is not writable either: a clear error, no half-written file", async () => {
    const f = await fixture();
    const dir = join(f.root, "ARTIFACTS", "system");
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, "not a directory");
    const { error } = await run(f, { stack: "staging", bakeMinutes: 1 });
    expect(error?.message).toMatch(
      /^the stage-completion signal could not be written to .*ARTIFACTS\/system\/stage-completion-signal.json \(E.*\); nothing half-written/,
    );
    expect(readFileSync(dir, "utf8")).toBe("not a directory");
  });

  it("23. two deploys of the same stack at once: one deploys, the other finds the lock and changes nothing", async () => {
    const f = await fixture();
    // The backend's lock: an update (preview or up) on a stack another update holds is refused.
    const held = new Set<string>();
    const locked = <T>(stack: string, op: () => Promise<T>): Promise<T> => {
      if (held.has(stack)) return Promise.reject(new ConcurrentUpdateError(stack));
      held.add(stack);
      return op().finally(() => held.delete(stack));
    };
    const delay = () => new Promise((res) => setTimeout(res, 30));
    const engine: Engine = Object.assign(Object.create(f.engine) as Engine, {
      preview: (s: string, o?: object) => locked(s, async () => (await delay(), f.engine.preview(s, o))),
      up: (s: string, o?: object) => locked(s, async () => (await delay(), f.engine.up(s, o))),
    });
    const [a, b] = await Promise.all([
      deploy(f.options({ stack: "staging", bakeMinutes: 1, engine })),
      deploy(f.options({ stack: "staging", bakeMinutes: 1, engine })),
    ]);
    const results = [a, b]
      .map((x) => `${x.status} ${x.environments[0].locked ? "locked" : ""}`.trim())
      .sort();
    expect(results).toEqual(["failed locked", "success"]);
    const { report, signal } = f.written();
    expect(summary(report).status).toMatch(/^(success|failed)$/);
    expect(signal.status).toMatch(/^(completed|completed_with_warnings|failed)$/);
    expect(JSON.stringify(f.logs)).not.toContain(WEBHOOK);
    mkdirSync(f.backupDir, { recursive: true });
  });
});
