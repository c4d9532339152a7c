import { DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, DescribeTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import {
  CreateDBSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBSnapshotsCommand,
} from "@aws-sdk/client-rds";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deploy } from "./deploy";
import { ConcurrentUpdateError } from "../engine/types";
import { cw, ecs, pipelineFixture, rds, type PipelineFixture } from "../../test/harness/pipeline";
import { parseReleaseState, type ReleaseState } from "./strategy";

let fx: PipelineFixture;
afterEach(async () => {
  await fx?.close();
});

/** Engine calls as `method stack`, without the config payloads. */
function calls(f: PipelineFixture): string[] {
  return f.engine.calls.map((c) => `${c.method} ${c.stack}`);
}

/** The calls before anything changes: read the stack, set the release config, preview with the packs. */
const PREPARE = (stack: string) => [
  `selectStack ${stack}`,
  `outputs ${stack}`,
  `getConfig ${stack}`,
  `setConfig ${stack}`,
  `preview ${stack}`,
];

/** One migration task run: where it fell among the engine calls and what the stack ran at that moment. */
interface MigrationRun {
  readonly afterCalls: number;
  readonly stack: string;
  /** The `slipway:release` state of the last successful update when the task started. */
  readonly deployed: ReleaseState | undefined;
}

/**
 * Record every migration task (ECS RunTask) and RDS snapshot against the engine's call log, so a test
 * can assert the exact order of updates, snapshot and migration.
 */
function recordMigrations(f: PipelineFixture, exitCode = 0): MigrationRun[] {
  const runs: MigrationRun[] = [];
  ecs.on(RunTaskCommand).callsFake((input: { taskDefinition?: string }) => {
    const stack = /:task-definition\/taskflow-(\w+)-api-migrate:\d+$/.exec(input.taskDefinition ?? "")![1];
    const cfg = f.engine.deployedConfig(stack);
    runs.push({
      afterCalls: f.engine.calls.length,
      stack,
      deployed: parseReleaseState(cfg?.["slipway:release"]?.value),
    });
    return { tasks: [{ taskArn: "arn:aws:ecs:eu-west-1:123456789012:task/taskflow/0a1b2c" }], failures: [] };
  });
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        lastStatus: "STOPPED",
        ...(exitCode !== 0 ? { stoppedReason: "Essential container in task exited" } : {}),
        containers: [{ name: "migrate", exitCode }],
      },
    ],
  });
  return runs;
}

/** Engine calls as `method stack` with `migrate <stack>` where each migration task ran. */
function timeline(f: PipelineFixture, runs: readonly MigrationRun[]): string[] {
  const out = calls(f);
  for (const r of [...runs].reverse()) out.splice(r.afterCalls, 0, `migrate ${r.stack}`);
  return out;
}

/** direct / rolling with pending migrations: preparatory update, migration, rollout update. */
const PER_STACK_ONE_COLOUR = (stack: string) => [
  ...PREPARE(stack),
  `exportState ${stack}`,
  `up ${stack}`, // services stay on the current version; the migration task definition moves to the new one
  `migrate ${stack}`,
  `setConfig ${stack}`,
  `up ${stack}`, // the rollout
  `exportState ${stack}`,
];

const PER_STACK_BLUE_GREEN = (stack: string) => [
  ...PREPARE(stack),
  `exportState ${stack}`,
  `up ${stack}`,
  `setConfig ${stack}`,
  `up ${stack}`,
  `exportState ${stack}`, // the resource inventory after the rollout
];

describe("deploy: happy paths", () => {
  it("blue_green to staging then production: idle colour, smoke via header, switch, bake; report and signal validate", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    const r = await deploy(fx.options({}));
    expect(r.environments.map((e) => [e.stack, e.status, e.failure])).toEqual([
      ["staging", "success", undefined],
      ["production", "success", undefined],
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.status).toBe("success");
    expect(calls(fx)).toEqual([...PER_STACK_BLUE_GREEN("staging"), ...PER_STACK_BLUE_GREEN("production")]);
    for (const stack of ["staging", "production"]) {
      expect(fx.releaseConfigs(stack)).toEqual([
        { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
        { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
      ]);
    }
    // Config for the program, set once before the preview.
    expect(fx.engine.calls[3].detail).toMatchObject({
      "slipway:environmentType": { value: "staging" },
      "slipway:artifactsDir": { value: fx.root },
      "slipway:strategy": { value: "blue_green" },
    });
    const previews = fx.engine.calls
      .filter((c) => c.method === "preview")
      .map((c) => c.detail as { policyPacks: string[]; policyPackConfigs: string[] });
    expect(previews.map((p) => p.policyPacks)).toEqual([["/work/main/policies"], ["/work/main/policies"]]);
    // The pack config carries the environment type (environment-dependent policies enforce by it).
    const prodConfig = JSON.parse(readFileSync(previews[1].policyPackConfigs[0], "utf8")) as Record<
      string,
      { environmentType: string }
    >;
    expect(Object.keys(prodConfig).length).toBeGreaterThan(0);
    expect(Object.values(prodConfig).every((v) => v.environmentType === "production")).toBe(true);
    // Idle smoke went through the header route to green before the switch.
    const idleHits = fx.server.requests.filter((q) => q.headers["x-slipway-colour"] === "green");
    expect(idleHits.map((q) => q.path)).toEqual([
      "/staging/health",
      "/staging/health",
      "/production/health",
      "/production/health",
    ]);
    // Migrations: one task per environment; an RDS snapshot only in production, before the task.
    expect(ecs.commandCalls(RunTaskCommand).map((c) => c.args[0].input.cluster)).toEqual([
      "taskflow-staging",
      "taskflow-production",
    ]);
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input).toMatchObject({
      // The exact revision the update before it registered (the fixture's :140 for 1.4.0), not the family.
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/taskflow-staging-api-migrate:140",
      launchType: "FARGATE",
      networkConfiguration: {
        awsvpcConfiguration: { assignPublicIp: "DISABLED", subnets: ["subnet-0a1", "subnet-0b2"] },
      },
    });
    expect(
      rds.commandCalls(CreateDBSnapshotCommand).map((c) => c.args[0].input.DBInstanceIdentifier),
    ).toEqual(["taskflow-production-db"]);
    // Bake: staging 10 min, production 60 min of alarm polls.
    const [staging, production] = r.environments;
    expect(staging.bake).toMatchObject({ status: "passed", watchedMs: 600_000 });
    expect(production.bake).toMatchObject({ status: "passed", watchedMs: 3_600_000 });
    // State backups, private.
    const backups = readdirSync(fx.backupDir).filter((f) => !f.startsWith("policy-config."));
    expect(backups).toHaveLength(2);
    expect(statSync(`${fx.backupDir}/${backups[0]}`).mode & 0o777).toBe(0o600);

    const { report, signal } = fx.written();
    expect(report).toMatchObject({
      deployment_summary: {
        environment: "production",
        status: "success",
        deployment_method: "blue_green",
      },
      database_migrations: {
        executed: true,
        migration_files: ["003_add_task_due_at_index.sql"],
        status: "success",
        backup_created: true,
      },
      smoke_tests: { status: "passed" },
      performance_baseline: {
        response_time_p95_ms: 180,
        requests_per_second: 850,
        error_rate_percentage: 0.2,
      },
    });
    // Resource inventory from the stack state, priced by the cost estimator.
    const resources = (
      report!.infrastructure as {
        resources_provisioned: { resource_type: string; name: string; cost_estimate_monthly_usd?: number }[];
      }
    ).resources_provisioned;
    const db = resources.find((x) => x.resource_type === "aws:rds/instance:Instance");
    expect(db?.cost_estimate_monthly_usd).toBeGreaterThan(100); // db.m7g.large multi-AZ in production
    expect(resources.filter((x) => x.resource_type === "aws:ecs/service:Service").map((x) => x.name)).toEqual(
      ["api-blue", "api-green", "worker-blue"],
    );
    expect(
      resources.find((x) => x.resource_type === "aws:s3/bucket:Bucket")?.cost_estimate_monthly_usd,
    ).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain("ciphertext");
    const services = report!.services_deployed as { service_name: string; version: string; status: string }[];
    expect(services.map((s) => [s.service_name, s.version, s.status])).toEqual([
      ["api", "1.4.0", "healthy"],
      ["worker", "1.4.0", "healthy"],
      ["web", "1.4.0", "healthy"],
    ]);
    expect(report!.rollback_plan).toContain(
      "npm run rollback -- --stack production` switches all traffic back to the blue colour, which still runs 1.3.0",
    );
    expect(report!.rollback_plan).toContain("--db-snapshot-identifier taskflow-production-db-pre-1-4-0-2026");
    expect(signal).toMatchObject({
      agent: "devops_engineer",
      stage: "deployment",
      status: "completed",
      next_agent_required: "product_manager",
    });
    expect(signal.notes).toBe(r.handoff);
    expect(r.handoff).toBe(
      `Deployment to production complete. See deployment-report.json for details.\n\nAll services healthy. Monitoring active.\n\nProduction URL: ${fx.server.url}/production`,
    );
    // Progress lines carry durations.
    expect(
      fx.logs.some((l) => l.message === "preview with policy packs: ok" && typeof l.durationMs === "number"),
    ).toBe(true);
  });

  it("canary to staging: 10 / 50 / 100 % with analysis at each step, then flip", async () => {
    fx = await pipelineFixture({ strategy: "canary" });
    const r = await deploy(fx.options({ stack: "staging" }));
    expect(r.exitCode).toBe(0);
    expect(
      fx
        .releaseConfigs("staging")
        .map((s) => `${s.activeColour}:${s.version}/${s.idleVersion}@${s.idleWeight}`),
    ).toEqual([
      "blue:1.3.0/1.4.0@0",
      "blue:1.3.0/1.4.0@10",
      "blue:1.3.0/1.4.0@50",
      "blue:1.3.0/1.4.0@100",
      "green:1.4.0/1.3.0@0",
    ]);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging", // 1.4.0 to the idle colour (config already set for the preview)
      ...["10 %", "50 %", "100 %", "switch"].flatMap(() => ["setConfig staging", "up staging"]),
      "exportState staging",
    ]);
    // One metric query per step, on the green (canary) target group.
    const metricCalls = cw.commandCalls(GetMetricDataCommand);
    expect(metricCalls).toHaveLength(3);
    expect(metricCalls[0].args[0].input.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions).toContainEqual(
      {
        Name: "TargetGroup",
        Value: "targetgroup/taskflow-staging-api-green/2453ed029918f21f",
      },
    );
    const { report, signal } = fx.written();
    expect(report).toMatchObject({
      deployment_summary: { environment: "staging", status: "success", deployment_method: "canary" },
    });
    expect(signal).toMatchObject({
      status: "completed",
      next_agent_required: "devops_engineer",
      human_approval_required: true,
    });
    expect(r.handoff).toBeUndefined(); // staging is not the end: no handoff to the product manager yet
  });

  it("rolling: one update, then waits for ECS steady state", async () => {
    fx = await pipelineFixture({
      strategy: "rolling",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({
        services: [
          {
            serviceName: "taskflow-staging-api-blue",
            runningCount: 1,
            desiredCount: 2,
            deployments: [{ rolloutState: "IN_PROGRESS" }, { rolloutState: "COMPLETED" }],
          },
        ],
      })
      .callsFake((input: { services?: string[] }) => ({
        services: (input.services ?? []).map((n) => ({
          serviceName: n,
          runningCount: 2,
          desiredCount: 2,
          deployments: [{ rolloutState: "COMPLETED" }],
        })),
      }));
    const runs = recordMigrations(fx);
    const r = await deploy(fx.options({ stack: "staging" }));
    expect(r.exitCode).toBe(0);
    expect(timeline(fx, runs)).toEqual(PER_STACK_ONE_COLOUR("staging"));
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
      { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
    ]);
    // The migration ran while the service still ran 1.3.0 (only the migration task definition on 1.4.0).
    expect(runs.map((m) => m.deployed)).toEqual([
      { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
    ]);
    expect(fx.clock.sleeps[0]).toBe(10_000); // one poll interval while the rollout was in progress
    expect(r.environments[0].steps.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "register the migration task of 1.4.0 (services stay on 1.3.0)",
        "run 1 migration(s) as a one-off ECS task",
        "deploy 1.4.0 (rolling)",
      ]),
    );
    fx.written();
  });

  it("direct: one update, no steady-state wait", async () => {
    fx = await pipelineFixture({
      strategy: "direct",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    const runs = recordMigrations(fx);
    const r = await deploy(fx.options({ stack: "staging", bakeMinutes: 5 }));
    expect(r.exitCode).toBe(0);
    expect(timeline(fx, runs)).toEqual(PER_STACK_ONE_COLOUR("staging"));
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
      { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
    ]);
    expect(runs.map((m) => m.deployed?.version)).toEqual(["1.3.0"]);
    expect(r.environments[0].bake?.watchedMs).toBe(300_000);
    const { report } = fx.written();
    expect(report).toMatchObject({ deployment_summary: { deployment_method: "direct", status: "success" } });
    expect((report!.deployment_summary as Record<string, unknown>).downtime_seconds).toBeUndefined();
  });

  it("direct to staging then production: in production the RDS snapshot, then the migration, both before the rollout", async () => {
    fx = await pipelineFixture({
      strategy: "direct",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    const runs = recordMigrations(fx);
    const snapshots: number[] = [];
    rds.on(CreateDBSnapshotCommand).callsFake(() => {
      snapshots.push(fx.engine.calls.length);
      return { DBSnapshot: { Status: "creating" } };
    });
    const r = await deploy(fx.options({}));
    expect(r.exitCode).toBe(0);
    expect(timeline(fx, runs)).toEqual([
      ...PER_STACK_ONE_COLOUR("staging"),
      ...PER_STACK_ONE_COLOUR("production"),
    ]);
    // The production snapshot was taken after the preparatory update, before the migration task.
    const prodPrepUp = PER_STACK_ONE_COLOUR("staging").length - 1 + PREPARE("production").length + 2;
    expect(snapshots).toEqual([prodPrepUp]);
    expect(runs.map((m) => [m.stack, m.afterCalls, m.deployed?.version])).toEqual([
      ["staging", expect.any(Number), "1.3.0"],
      ["production", prodPrepUp, "1.3.0"],
    ]);
    expect(fx.releaseConfigs("production")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
      { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
    ]);
    const { report } = fx.written();
    expect(report).toMatchObject({ database_migrations: { status: "success", backup_created: true } });
  });

  it("production: pre-migration snapshots beyond the newest N are deleted after the new one", async () => {
    fx = await pipelineFixture({
      strategy: "direct",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    recordMigrations(fx);
    const ours = (id: string, day: number) => ({
      DBSnapshotIdentifier: id,
      DBInstanceIdentifier: "taskflow-production-db",
      SnapshotType: "manual",
      Status: "available",
      SnapshotCreateTime: new Date(Date.UTC(2026, 10, day)),
      TagList: [{ Key: "slipway:purpose", Value: "pre-migration" }],
    });
    rds
      .on(DescribeDBSnapshotsCommand, { SnapshotType: "manual" })
      .resolves({ DBSnapshots: [ours("old-1", 1), ours("old-3", 3), ours("old-2", 2), ours("new", 28)] });
    rds.on(DeleteDBSnapshotCommand).resolves({});
    const r = await deploy(fx.options({ snapshotsToKeep: 2, poll: { intervalMs: 30_000 } }));
    expect(r.exitCode).toBe(0);
    expect(
      rds.commandCalls(DeleteDBSnapshotCommand).map((c) => c.args[0].input.DBSnapshotIdentifier),
    ).toEqual(["old-2", "old-1"]);
    expect(fx.logs.map((l) => l.message)).toContain(
      "deleted 2 old pre-migration snapshot(s), kept 2: old-2, old-1",
    );
  });

  it("production: a failed snapshot cleanup is a warning, never a failed deploy", async () => {
    fx = await pipelineFixture({
      strategy: "direct",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    recordMigrations(fx);
    rds.on(DescribeDBSnapshotsCommand, { SnapshotType: "manual" }).rejects(new Error("AccessDenied"));
    const r = await deploy(fx.options({}));
    expect(r.exitCode).toBe(0);
    expect(r.environments[1].warnings).toContain(
      "could not clean up old pre-migration snapshots of taskflow-production-db: AccessDenied",
    );
  });

  it.each([0, 2.5, -1])("snapshotsToKeep %s is bad input before anything runs", async (keep) => {
    fx = await pipelineFixture({ strategy: "direct" });
    await expect(deploy(fx.options({ snapshotsToKeep: keep }))).rejects.toThrow(
      /is not a whole number of snapshots >= 1/,
    );
    expect(fx.engine.calls).toHaveLength(0);
  });

  it("pulumi up reports progress at least once a minute while it runs (elapsed, engine lines, the last one)", async () => {
    fx = await pipelineFixture({ strategy: "direct" });
    const ticks = new Set<() => void>();
    const engine = Object.create(fx.engine) as typeof fx.engine;
    engine.up = async (stack, opts) => {
      // Three silent minutes, then one line, then two more minutes: the heartbeat speaks every minute.
      for (let m = 1; m <= 5; m++) {
        await fx.clock.sleep(60_000);
        if (m === 3) opts?.onOutput?.("  aws:rds:Instance db creating (180s)");
        for (const t of ticks) t();
      }
      return fx.engine.up(stack, opts);
    };
    const r = await deploy(
      fx.options({
        stack: "staging",
        engine,
        every: (_ms: number, tick: () => void) => {
          ticks.add(tick);
          return () => ticks.delete(tick);
        },
      }),
    );
    expect(r.exitCode).toBe(0);
    expect(ticks.size).toBe(0); // every heartbeat stopped with its update
    const beats = fx.logs.filter((l) => l.message.startsWith("pulumi up: running")).map((l) => l.message);
    // Two updates (the migration's preparatory one, then the rollout): five beats each, counted per update.
    expect(beats).toHaveLength(10);
    expect(beats.slice(5)).toEqual(beats.slice(0, 5));
    expect(beats.slice(0, 5)).toEqual([
      "pulumi up: running 1 min, 0 engine line(s)",
      "pulumi up: running 2 min, 0 engine line(s)",
      "pulumi up: running 3 min, 1 engine line(s), last: aws:rds:Instance db creating (180s)",
      "pulumi up: running 4 min, 1 engine line(s), last: aws:rds:Instance db creating (180s)",
      "pulumi up: running 5 min, 1 engine line(s), last: aws:rds:Instance db creating (180s)",
    ]);
  });

  it("direct, first release: one update creates the stack, then the migration, then the smoke tests", async () => {
    fx = await pipelineFixture({ strategy: "direct", previous: null });
    const runs = recordMigrations(fx);
    const r = await deploy(fx.options({ stack: "staging", bakeMinutes: 5 }));
    expect(r.exitCode).toBe(0);
    // Nothing served before and the migration task needs the stack this update creates: no extra update.
    expect(timeline(fx, runs)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "migrate staging",
      "exportState staging",
    ]);
    expect(fx.releaseConfigs("staging")).toEqual([{ version: "1.4.0", activeColour: "blue", idleWeight: 0 }]);
    expect(fx.logs.map((l) => l.message)).toContain(
      "rollout (direct) from nothing to 1.4.0: deploy 1.4.0 (direct) -> run the pending migrations of 1.4.0",
    );
    const names = r.environments[0].steps.map((s) => s.name);
    expect(names.indexOf("run 1 migration(s) as a one-off ECS task")).toBeLessThan(
      names.indexOf("smoke tests"),
    );
  });
});

describe("deploy: gates stop before any engine call", () => {
  it("QA not approved: blocked, exit 3, signal names the QA gate", async () => {
    fx = await pipelineFixture({ gates: { qaRecommendation: "needs_fixes" } });
    const r = await deploy(fx.options());
    expect([r.status, r.exitCode]).toEqual(["blocked", 3]);
    expect(fx.engine.calls).toEqual([]);
    const { report, signal } = fx.written();
    expect(report).toBeUndefined();
    expect(signal).toMatchObject({ status: "blocked", next_agent_required: "qa_engineer" });
    expect((signal.blocking_issues as { description: string }[])[0].description).toMatch(
      /QA recommendation is "needs_fixes"/,
    );
  });

  it("missing human approval for production: blocked", async () => {
    fx = await pipelineFixture({ gates: { deploymentApprovalReceived: false } });
    const r = await deploy(fx.options({}));
    expect(r.exitCode).toBe(3);
    expect(fx.engine.calls).toEqual([]);
    const { signal } = fx.written();
    expect(signal).toMatchObject({ status: "blocked", human_approval_required: true });
  });

  it("production without staging: blocked; after a staging run, production passes the gate", async () => {
    fx = await pipelineFixture();
    const blocked = await deploy(fx.options({ stack: "production" }));
    expect(blocked.exitCode).toBe(3);
    expect(blocked.gateIssues.map((g) => g.gate)).toEqual(["staging"]);
    expect(fx.engine.calls).toEqual([]);
    fx.written();

    expect((await deploy(fx.options({ stack: "staging" }))).exitCode).toBe(0);
    const stagingCalls = fx.engine.calls.length;
    const prod = await deploy(fx.options({ stack: "production" }));
    expect(prod.exitCode).toBe(0);
    expect(calls(fx).slice(stagingCalls)).toEqual(PER_STACK_BLUE_GREEN("production"));
    expect(prod.environments.map((e) => e.stack)).toEqual(["production"]);
  });

  it("no Pulumi CLI: blocked, the engine factory is never called", async () => {
    fx = await pipelineFixture();
    const factory = jest.fn(() => fx.engine);
    const r = await deploy(
      fx.options({ engine: factory, facts: { pulumiCli: false, awsCredentials: false } }),
    );
    expect(r.exitCode).toBe(3);
    expect(factory).not.toHaveBeenCalled();
    expect(fx.engine.calls).toEqual([]);
    const { signal } = fx.written();
    expect(
      (signal.blocking_issues as { description: string }[]).map((b) => b.description.split(".")[0]),
    ).toEqual([
      "The Pulumi CLI (pulumi) is not on PATH",
      "No AWS credentials resolve from the default credential chain",
    ]);
  });
});

describe("deploy: failures", () => {
  it("staging update fails: rolled back to the previous state, nothing reaches production", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "up", stack: "staging", nth: 1, failedResult: true });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(fx.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "setConfig staging",
      "up staging",
      "exportState staging",
    ]);
    // The idle colour never took the new version: the previous state is restored exactly.
    expect(fx.releaseConfigs("staging")[1]).toEqual({
      version: "1.3.0",
      activeColour: "blue",
      idleVersion: "1.2.0",
      idleWeight: 0,
    });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
    const { report, signal } = fx.written();
    expect(report).toMatchObject({ deployment_summary: { environment: "staging", status: "rolled_back" } });
    expect(signal).toMatchObject({ status: "failed", next_agent_required: "orchestrator" });
    expect((signal.blocking_issues as { description: string }[])[0].description).toMatch(
      /rolled back to 1\.3\.0: pulumi up failed/,
    );
    // The failing step, the failure and the report carry the end of the engine output (not only "failed").
    const failed = r.environments[0].steps.find((x) => x.status === "failed");
    expect(failed?.detail).toBe("pulumi up failed; the engine's last output:\nerror: update failed");
    expect(r.environments[0].failure).toContain("error: update failed");
    expect(JSON.stringify(report)).toContain("error: update failed");
  });

  it("staging smoke fails: the broken version is rolled back (rolling: redeploy), nothing reaches production", async () => {
    fx = await pipelineFixture({
      strategy: "rolling",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
      app: (ctx, res) => {
        if (ctx.version !== "1.4.0" || !ctx.path.startsWith("/health")) return false;
        res.writeHead(500).end();
        return true;
      },
    });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(fx.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging", // the migration task definition of 1.4.0
      "setConfig staging",
      "up staging", // the rollout
      "setConfig staging", // the rollback: redeploy 1.3.0
      "up staging",
      "exportState staging",
    ]);
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
      { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
      { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    ]);
    expect(r.environments[0].bake).toBeUndefined();
    const { report } = fx.written();
    const smoke = report!.smoke_tests as {
      status: string;
      tests_run: { test_name: string; status: string }[];
    };
    expect(smoke.status).toBe("failed");
    expect(smoke.tests_run.map((t) => `${t.test_name}: ${t.status}`)).toEqual([
      "API health check (api): failed",
      "Database connectivity (api): failed",
      "Frontend loads (web): passed",
      "API health check (api) after rollback: passed",
      "Database connectivity (api) after rollback: passed",
      "Frontend loads (web) after rollback: passed",
    ]);
  });

  it("migration fails: the new version never takes traffic, report says so", async () => {
    fx = await pipelineFixture();
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          lastStatus: "STOPPED",
          stoppedReason: "Essential container in task exited",
          containers: [{ name: "migrate", exitCode: 1 }],
        },
      ],
    });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    // Only the idle deploy ran; the rollback state equals it (traffic never moved), so no further update.
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "exportState staging",
    ]);
    expect(fx.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
    const { report } = fx.written();
    expect(report).toMatchObject({
      database_migrations: {
        executed: true,
        status: "failed",
        backup_created: false,
        migration_files: ["003_add_task_due_at_index.sql"],
      },
      deployment_summary: { status: "rolled_back" },
    });
    expect(r.environments[0].failure).toBe(
      "migration task exited with code 1: Essential container in task exited",
    );
  });

  it.each(["direct", "rolling"] as const)(
    "migration fails (%s): no rollout update, the services stay on 1.3.0; a re-run after the fix rolls out",
    async (strategy) => {
      fx = await pipelineFixture({
        strategy,
        previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
      });
      const runs = recordMigrations(fx, 1);
      const r = await deploy(fx.options({}));
      expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
      expect(r.environments[0].failure).toBe(
        "migration task exited with code 1: Essential container in task exited",
      );
      // Only the preparatory update ran: the services never left 1.3.0, so the rollback updates nothing.
      expect(timeline(fx, runs)).toEqual([
        ...PREPARE("staging"),
        "exportState staging",
        "up staging",
        "migrate staging",
        "exportState staging",
      ]);
      expect(fx.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
      expect(parseReleaseState(fx.engine.deployedConfig("staging")?.["slipway:release"]?.value)).toEqual({
        version: "1.3.0",
        activeColour: "blue",
        idleWeight: 0,
        migrationVersion: "1.4.0",
      });
      const { report } = fx.written();
      expect(report).toMatchObject({
        database_migrations: { executed: true, status: "failed" },
        deployment_summary: { status: "rolled_back" },
      });

      // Re-run once the migration passes: the same preparatory state (idempotent), migration, rollout.
      const again = recordMigrations(fx);
      const before = fx.engine.calls.length;
      expect((await deploy(fx.options({ stack: "staging" }))).status).toBe("success");
      expect(timeline(fx, again).slice(before)).toEqual(PER_STACK_ONE_COLOUR("staging"));
      expect(again.map((m) => m.deployed?.version)).toEqual(["1.3.0"]);
      expect(fx.releaseConfigs("staging").slice(1)).toEqual([
        { version: "1.3.0", activeColour: "blue", idleWeight: 0, migrationVersion: "1.4.0" },
        { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
      ]);
    },
  );

  it("idle colour fails its smoke test: no switch, rolled back, nothing reaches production", async () => {
    fx = await pipelineFixture({
      app: (ctx, res) => {
        if (ctx.colour !== "green") return false;
        res.writeHead(503).end("starting");
        return true;
      },
    });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
    ]);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "exportState staging",
    ]);
    expect(r.environments[0].failure).toMatch(
      /^idle colour failed its smoke test: API health check \(api, idle green\): HTTP 503/,
    );
    fx.written();
  });

  it("canary alarm at 10 %: traffic back to 0 %, no 50 % step", async () => {
    fx = await pipelineFixture({ strategy: "canary" });
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({
        MetricAlarms: [
          {
            AlarmName: "taskflow-staging-api-5xx-critical",
            StateValue: "ALARM",
            StateReason: "Threshold Crossed: 3 datapoints > 5.0",
          },
        ],
      })
      .callsFake((input: { AlarmNames?: string[] }) => ({
        MetricAlarms: (input.AlarmNames ?? []).map((n) => ({ AlarmName: n, StateValue: "OK" })),
      }));
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(
      fx
        .releaseConfigs("staging")
        .map((s) => `${s.activeColour}:${s.version}/${s.idleVersion}@${s.idleWeight}`),
    ).toEqual(["blue:1.3.0/1.4.0@0", "blue:1.3.0/1.4.0@10", "blue:1.3.0/1.4.0@0"]);
    expect(r.environments[0].failure).toBe(
      "canary at 10 % failed: critical alarm taskflow-staging-api-5xx-critical: Threshold Crossed: 3 datapoints > 5.0",
    );
    expect(r.environments[0].rollback).toEqual({ kind: "immediate", toVersion: "1.3.0", succeeded: true });
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "setConfig staging",
      "up staging",
      "setConfig staging",
      "up staging",
      "exportState staging",
    ]);
    fx.written();
  });

  it("production smoke fails after the switch: traffic back on 1.3.0, which the report shows healthy from the checks after the rollback", async () => {
    const f: PipelineFixture = await pipelineFixture({
      app: (ctx, res) => {
        if (ctx.stack !== "production" || ctx.version !== "1.4.0" || !ctx.path.startsWith("/health"))
          return false;
        const running = parseReleaseState(f.engine.deployedConfig("production")?.["slipway:release"]?.value);
        if (running?.activeColour !== ctx.colour) return false; // the idle check passes
        res.writeHead(503).end();
        return true;
      },
    });
    fx = f;
    const r = await deploy(f.options({ bakeMinutes: 1 }));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(r.environments.map((e) => `${e.stack}: ${e.status}`)).toEqual([
      "staging: success",
      "production: rolled_back",
    ]);
    const { report } = f.written();
    expect(
      (report!.smoke_tests as { tests_run: { test_name: string; status: string }[] }).tests_run.map(
        (t) => `${t.test_name}: ${t.status}`,
      ),
    ).toEqual([
      "API health check (api, idle green): passed",
      "Database connectivity (api, idle green): passed",
      "API health check (api): failed",
      "Database connectivity (api): failed",
      "Frontend loads (web): passed",
      "API health check (api) after rollback: passed",
      "Database connectivity (api) after rollback: passed",
      "Frontend loads (web) after rollback: passed",
    ]);
    expect(
      (report!.services_deployed as { service_name: string; version: string; status: string }[]).map(
        (s) => `${s.service_name} ${s.version} ${s.status}`,
      ),
    ).toEqual(["api 1.3.0 healthy", "worker 1.3.0 healthy", "web 1.3.0 healthy"]);
    expect(report!.deployment_summary).toMatchObject({ environment: "production", status: "rolled_back" });
  });

  it("critical alarm during bake: immediate switch back to the old colour", async () => {
    fx = await pipelineFixture();
    let polls = 0;
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => {
      polls++;
      return {
        MetricAlarms: (input.AlarmNames ?? []).map((n) => ({
          AlarmName: n,
          StateValue: polls > 3 && n.endsWith("p95-critical") ? "ALARM" : "OK",
          StateReason: "p95 above threshold",
        })),
      };
    });
    const r = await deploy(fx.options({ stack: "staging" }));
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 1]);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "setConfig staging", // switch
      "up staging",
      "setConfig staging", // immediate rollback: traffic back to blue
      "up staging",
      "exportState staging",
    ]);
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
    ]);
    expect(r.environments[0].bake).toMatchObject({ status: "failed", watchedMs: 180_000, polls: 4 });
    expect(r.environments[0].failure).toBe(
      "critical alarm during bake: taskflow-staging-api-p95-critical (p95 above threshold)",
    );
    const { signal } = fx.written();
    expect(signal.status).toBe("failed");
  });

  it("stack locked by another update: clear error, not forced, no rollback, config restored", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "up", stack: "staging", error: new ConcurrentUpdateError("staging") });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments[0].locked).toBe(true);
    expect(r.environments[0].failure).toMatch(/^stack staging is locked by another update; not forced/);
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "setConfig staging",
    ]);
    expect(fx.engine.configOf("staging")["slipway:release"].value).toBe(
      JSON.stringify({ version: "1.3.0", activeColour: "blue", idleVersion: "1.2.0", idleWeight: 0 }),
    );
    expect(fx.engine.calls.some((c) => c.method === "cancel")).toBe(false);
    const { report } = fx.written();
    expect(report!.next_steps).toContain(
      "Wait for the other update on staging to finish, then re-run the deployment (never force-unlock a running update)",
    );
  });

  it("SIGINT mid-update: stops the running update by SIGINT only (never `pulumi cancel`), writes the failed report and signal", async () => {
    fx = await pipelineFixture();
    const ac = new AbortController();
    fx.engine.fail({ method: "up", stack: "staging", nth: 2, hang: true });
    const r = await deploy(
      fx.options({
        signal: ac.signal,
        engine: Object.assign(fx.engine, {}),
        log: (e) => {
          fx.logs.push(e);
          if (e.message.startsWith("switch all traffic") && e.message.endsWith("..."))
            setTimeout(() => ac.abort(), 20);
        },
      }),
    );
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments[0].cancelled).toBe(true);
    // Cancelled: no rollback update and no further reads after the cancel.
    expect(calls(fx)).toEqual([
      ...PREPARE("staging"),
      "exportState staging",
      "up staging",
      "setConfig staging",
      "up staging",
    ]);
    expect(fx.engine.calls.some((c) => c.method === "cancel")).toBe(false);
    expect(fx.engine.calls.filter((c) => c.stack === "production")).toEqual([]);
    const { report, signal } = fx.written();
    expect(report).toMatchObject({ deployment_summary: { status: "failed" } });
    expect(signal.status).toBe("failed");
    expect((signal.blocking_issues as { description: string }[])[0].description).toMatch(/\(cancelled\)/);
  });

  it("mandatory policy violation at preview: stops before any update, config restored", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({
      method: "preview",
      stack: "staging",
      violations: [{ policy: "s3-block-public-access", message: "bucket is public" }],
    });
    const r = await deploy(fx.options({}));
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(calls(fx)).toEqual([...PREPARE("staging"), "setConfig staging", "exportState staging"]);
    expect(r.environments[0].failure).toBe(
      "1 mandatory policy violation(s): s3-block-public-access: bucket is public",
    );
    fx.written();
  });

  it("re-running after a failure is safe: the same states, then success", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "up", stack: "staging", nth: 2, failedResult: true });
    expect((await deploy(fx.options({ stack: "staging" }))).status).toBe("rolled_back");
    const again = await deploy(fx.options({ stack: "staging" }));
    expect(again.status).toBe("success");
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      // re-run: the idle colour already runs 1.4.0 (same config), then the switch
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
    ]);
    fx.written();
  });
});

describe("deploy: bad input", () => {
  it("invalid artifact: the real loader rejects it, nothing is deployed, the signal lists the errors", async () => {
    fx = await pipelineFixture();
    const qaPath = join(fx.root, "ARTIFACTS/qa-engineer/qa-test-report.json");
    const qa = JSON.parse(readFileSync(qaPath, "utf8")) as Record<string, unknown>;
    writeFileSync(qaPath, JSON.stringify({ ...qa, recommendation: "ship_it" }));
    const opts = fx.options();
    const { loadRelease: _injected, ...withRealLoader } = opts;
    const err = await deploy(withRealLoader).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(["InputError", "InputErrors"]).toContain((err as Error).name);
    expect((err as Error).message).toContain("ARTIFACTS/qa-engineer/qa-test-report.json");
    expect(fx.engine.calls).toEqual([]);
    const { report, signal } = fx.written();
    expect(report).toBeUndefined();
    expect(signal).toMatchObject({ status: "failed", validation_results: { schema_valid: false } });
    expect(
      (signal.validation_results as { validation_errors: string[] }).validation_errors.join("\n"),
    ).toMatch(/recommendation/);
  });

  it.each([
    [{ bakeMinutes: -1 }, /--bake: "-1" is not a number of minutes/],
    [{ bakeMinutes: Number.NaN }, /--bake: .*is not a number of minutes/],
    [{ strategy: "big_bang" as never }, /unknown strategy "big_bang"/],
    [{ strategy: "canary" as const, canarySteps: [50, 10] }, /canary steps must rise strictly/],
    [{ canaryWindowMinutes: 0 }, /canaryWindowMinutes: .*not a positive number of minutes/],
    [{ bakeIntervalMs: 0 }, /bakeIntervalMs: .*not a positive number of milliseconds/],
  ])("bad rollout option %j is bad input before any gate or engine call", async (over, message) => {
    fx = await pipelineFixture();
    const err = await deploy(fx.options({ ...over })).catch((e: unknown) => e);
    expect((err as Error).name).toBe("InputError");
    expect((err as Error).message).toMatch(message);
    expect(fx.engine.calls).toEqual([]);
    expect(existsSync(join(fx.root, "ARTIFACTS/system/stage-completion-signal.json"))).toBe(false);
  });

  it("a secret written in plaintext in a target's stack file is bad input: nothing is deployed", async () => {
    fx = await pipelineFixture();
    const programDir = join(fx.root, "program");
    mkdirSync(programDir);
    // Set as the README says (`pulumi config set --secret --path 'slipway:secrets.NAME'`), one leaf was
    // then edited to plaintext, and the Slack webhook was written by hand.
    writeFileSync(
      join(programDir, "Pulumi.production.yaml"),
      [
        "config:",
        "  aws:region: eu-west-1",
        "  slipway:alertSlackWebhookUrl: https://hooks.slack.example/T000/B000/plaintext-token",
        "  slipway:secrets:",
        "    JWT_SIGNING_KEY:",
        "      secure: v1:AAAAencrypted",
        "    BANK_API_TOKEN: plaintext-bank-token",
        "",
      ].join("\n"),
    );
    const err = await deploy(fx.options({ programDir })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe("InputErrors");
    expect(err?.message.split("\n")).toEqual([
      `${join(programDir, "Pulumi.production.yaml")}: slipway:alertSlackWebhookUrl: is a secret written in plaintext (value not shown); nothing is planned or deployed with it. Fix: pulumi config set --secret slipway:alertSlackWebhookUrl --stack production (Pulumi prompts for the value and stores it encrypted)`,
      `${join(programDir, "Pulumi.production.yaml")}: slipway:secrets.BANK_API_TOKEN: is a secret written in plaintext (value not shown); nothing is planned or deployed with it. Fix: pulumi config set --secret --path 'slipway:secrets.BANK_API_TOKEN' --stack production (Pulumi prompts for the value and stores it encrypted)`,
    ]);
    expect(err?.message).not.toMatch(/plaintext-token|plaintext-bank-token/);
    expect(fx.engine.calls).toEqual([]);
  });

  it("unknown --stack is bad input", async () => {
    fx = await pipelineFixture();
    await expect(deploy(fx.options({ stack: "prod" }))).rejects.toThrow(
      /--stack: "prod" is not one of the stacks. Fix: use one of: staging, production/,
    );
    expect(fx.engine.calls).toEqual([]);
  });
});

describe("deploy: operator confirmation", () => {
  it("a declined confirmation for production blocks before any engine call", async () => {
    fx = await pipelineFixture();
    const questions: string[] = [];
    const r = await deploy(fx.options({ confirm: async (q) => (questions.push(q), false) }));
    expect(questions).toEqual(["Deploy TaskFlow 1.4.0 to staging then production (blue_green)?"]);
    expect(r.exitCode).toBe(3);
    expect(fx.engine.calls).toEqual([]);
    expect(fx.written().signal).toMatchObject({ status: "blocked", human_approval_required: true });
  });

  it("staging alone is not confirmed", async () => {
    fx = await pipelineFixture();
    const confirm = jest.fn(async () => false);
    expect((await deploy(fx.options({ stack: "staging", confirm, bakeMinutes: 1 }))).exitCode).toBe(0);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe("deploy: secrets", () => {
  it("never reach the log, the report, the signal or the state backup", async () => {
    fx = await pipelineFixture();
    const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
    const f = fx;
    const realExport = f.engine.exportState.bind(f.engine);
    f.engine.exportState = async (stack: string) => {
      const state = (await realExport(stack)) as { deployment: { resources: Record<string, unknown>[] } };
      state.deployment.resources.push({
        urn: "urn:x::jwt",
        type: "aws:secretsmanager/secretVersion:SecretVersion",
        custom: true,
        inputs: { secretString: { ...sig, plaintext: '"pl41ntext-jwt-key"' } },
      });
      return state;
    };
    f.engine.fail({
      method: "up",
      stack: "staging",
      nth: 2,
      error: new Error(
        "creating listener: DB_PASSWORD=hunter22xyz rejected; token tok-ABCDEF123456 expired; master Zq9-stack-secret",
      ),
    });
    // A secret of the stack's own config, which nobody passed in.
    await f.engine.setConfig("staging", {
      "slipway:dbMasterPassword": { value: "Zq9-stack-secret", secret: true },
    });
    const r = await deploy(f.options({ stack: "staging", secrets: ["tok-ABCDEF123456"] }));
    expect(r.status).toBe("rolled_back");
    const everything = [
      JSON.stringify(f.logs),
      readFileSync(join(f.root, "ARTIFACTS/devops-engineer/deployment-report.json"), "utf8"),
      readFileSync(join(f.root, "ARTIFACTS/system/stage-completion-signal.json"), "utf8"),
      ...readdirSync(f.backupDir).map((b) => readFileSync(join(f.backupDir, b), "utf8")),
    ].join("\n");
    for (const secret of ["hunter22xyz", "tok-ABCDEF123456", "pl41ntext-jwt-key", "Zq9-stack-secret"])
      expect(everything).not.toContain(secret);
    expect(everything).toContain("DB_PASSWORD=[redacted]");
    expect(r.environments[0].warnings[0]).toMatch(/the state backup omits 1 decrypted secret value/);
    expect(everything).toContain("master [redacted]");
    expect(JSON.stringify(r)).not.toMatch(/hunter22xyz|tok-ABCDEF123456|pl41ntext-jwt-key|Zq9-stack-secret/);
    f.written();
  });
});

describe("deploy: secrets set with --path (README)", () => {
  it("every leaf is masked in the log, every written file and the result; the error text around it stays", async () => {
    fx = await pipelineFixture();
    const f = fx;
    // `pulumi config set --secret --path 'slipway:secrets.PARTNER_WEBHOOK_SECRET'` comes back as one JSON text.
    await f.engine.setConfig("staging", {
      "slipway:secrets": {
        value: JSON.stringify({
          PARTNER_WEBHOOK_SECRET: "whs_live_9f8e7d6c",
          JWT_SIGNING_KEY: "jwt 'k' \\ 42",
        }),
        secret: true,
      },
    });
    f.engine.fail({
      method: "up",
      stack: "staging",
      nth: 1,
      error: new Error(
        `creating secret version: InvalidRequestException: partner-webhook-secret: whs_live_9f8e7d6c is not valid; ` +
          `request ${JSON.stringify({ SecretString: "jwt 'k' \\ 42" })} (${encodeURIComponent("whs_live_9f8e7d6c")})`,
      ),
    });
    const r = await deploy(f.options({ stack: "staging" }));
    expect(r.status).toBe("rolled_back");
    const files = [
      "ARTIFACTS/devops-engineer/deployment-report.json",
      "ARTIFACTS/devops-engineer/environments/staging.json",
      "ARTIFACTS/system/stage-completion-signal.json",
    ].map((p) => readFileSync(join(f.root, p), "utf8"));
    const everything = [JSON.stringify(f.logs), ...files, JSON.stringify(r)].join("\n");
    for (const leaf of ["whs_live_9f8e7d6c", "jwt 'k' \\ 42", JSON.stringify("jwt 'k' \\ 42").slice(1, -1)])
      expect(everything).not.toContain(leaf);
    // Exact: the name and the error text after the value survive.
    expect(r.environments[0].failure).toContain(
      "InvalidRequestException: partner-webhook-secret: [redacted] is not valid; request",
    );
    f.written();
  });
});

describe("deploy: state backups", () => {
  it("go under the release root by default, never into slipway's own package", async () => {
    fx = await pipelineFixture();
    const r = await deploy(fx.options({ stack: "staging", bakeMinutes: 1, backupDir: undefined }));
    expect(r.exitCode).toBe(0);
    const dir = join(fx.root, ".slipway", "state-backups");
    expect(r.environments[0].backupFile).toBe(
      join(
        dir,
        readdirSync(dir).find((f) => f.startsWith("staging-"))!,
      ),
    );
    expect(statSync(r.environments[0].backupFile!).mode & 0o777).toBe(0o600);
  });
});

describe("deploy: service health", () => {
  it("a worker short of tasks after the rollout: completed with warnings, no 'all services healthy' handoff", async () => {
    fx = await pipelineFixture();
    ecs.on(DescribeServicesCommand).callsFake((input: { services?: string[] }) => ({
      services: (input.services ?? []).map((n) => ({
        serviceName: n,
        runningCount: n.includes("worker") ? 0 : 2,
        desiredCount: n.includes("worker") ? 1 : 2,
        deployments: [{ rolloutState: "COMPLETED" }],
      })),
    }));
    const r = await deploy(fx.options({ stack: "staging", bakeMinutes: 1 }));
    expect(r.exitCode).toBe(0);
    expect(r.handoff).toBeUndefined();
    const { report, signal } = fx.written();
    expect(signal.status).toBe("completed_with_warnings");
    expect(signal.warnings).toEqual([
      "staging: ECS service taskflow-staging-worker runs 0 of 1 desired task(s)",
    ]);
    expect(
      (report!.services_deployed as { service_name: string; status: string }[]).find(
        (s) => s.service_name === "worker",
      )?.status,
    ).toBe("down");
  });
});

describe("deploy: cancelled before the first environment", () => {
  it("writes a failed signal, never a completed one", async () => {
    fx = await pipelineFixture();
    const ac = new AbortController();
    ac.abort();
    const r = await deploy(fx.options({ signal: ac.signal }));
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(fx.engine.calls).toEqual([]);
    const { report, signal } = fx.written();
    expect(report).toBeUndefined();
    expect(signal).toMatchObject({ status: "failed" });
    expect((signal.blocking_issues as { description: string }[])[0].description).toBe(
      "Cancelled before staging, production started; nothing was deployed there",
    );
  });
});

describe("deploy: the engine cannot be started", () => {
  it("writes a failed signal that says nothing was deployed and why (secrets redacted), exit 1", async () => {
    fx = await pipelineFixture();
    const r = await deploy(
      fx.options({
        secrets: ["hunter2-token"],
        engine: () => {
          throw new Error("pulumi login failed for token hunter2-token");
        },
      }),
    );
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(fx.engine.calls).toEqual([]);
    const { report, signal } = fx.written();
    expect(report).toBeUndefined();
    expect(signal).toMatchObject({ status: "failed", next_agent_required: "orchestrator" });
    expect((signal.blocking_issues as { description: string }[])[0].description).toBe(
      "The engine could not be started (pulumi login failed for token [redacted]) before staging, production started; nothing was deployed there",
    );
    expect(JSON.stringify(fx.logs)).not.toContain("hunter2-token");
  });
});

describe("deploy --preview-only: what the deploy would do, from the deployed state", () => {
  it("after a blue/green switch (green active) the preview keeps green serving and puts the release on blue; nothing applied or written", async () => {
    fx = await pipelineFixture({
      strategy: "blue_green",
      previous: { version: "1.3.0", activeColour: "green", idleVersion: "1.2.0", idleWeight: 0 },
    });
    const r = await deploy(fx.options({ previewOnly: true }));
    expect([r.status, r.exitCode]).toEqual(["success", 0]);
    // Both stacks previewed (production too: a preview needs no QA approval or staging evidence); no backup,
    // no update, no read-back.
    expect(calls(fx)).toEqual([...PREPARE("staging"), ...PREPARE("production")]);
    expect(fx.releaseConfigs("staging")).toEqual([
      { version: "1.3.0", activeColour: "green", idleVersion: "1.4.0", idleWeight: 0 },
    ]);
    // The policy packs were enforced on the preview.
    const preview = fx.engine.calls.find((c) => c.method === "preview");
    expect(JSON.stringify(preview?.detail)).toContain("/work/main/policies");
    expect(r.signal).toBeUndefined();
    expect(existsSync(join(fx.root, "ARTIFACTS/system/stage-completion-signal.json"))).toBe(false);
    expect(existsSync(join(fx.root, "ARTIFACTS/devops-engineer/deployment-report.json"))).toBe(false);
    expect(fx.logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/^preview of "/));
  });

  it("a mandatory policy violation fails the preview (exit 1); a missing CLI blocks it (exit 3), nothing written", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "preview", stack: "staging", violations: [{ policy: "p", message: "bad" }] });
    const r = await deploy(fx.options({ stack: "staging", previewOnly: true }));
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments[0].failure).toMatch(/1 mandatory policy violation/);
    // Only the release config is put back as it was; nothing else is read or applied.
    expect(calls(fx)).toEqual([...PREPARE("staging"), "setConfig staging"]);
    const blocked = await deploy(
      fx.options({ stack: "staging", previewOnly: true, facts: { pulumiCli: false, awsCredentials: true } }),
    );
    expect([blocked.status, blocked.exitCode]).toEqual(["blocked", 3]);
    expect(existsSync(join(fx.root, "ARTIFACTS/system/stage-completion-signal.json"))).toBe(false);
  });
});
