/**
 * The AWS edges of a rollout through the SDK seams (aws-sdk-client-mock) and a fake clock: the migration
 * task runs the exact revision registered and is stopped on timeout and on cancel; the pre-migration
 * snapshot is retried while the instance is busy and old ones are cleaned up; waits report progress at
 * least once a minute.
 */
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import {
  CreateDBSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBSnapshotsCommand,
  InvalidDBInstanceStateFault,
  RDSClient,
  type DBSnapshot,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import type { ServiceOutput } from "../../outputs";
import {
  cleanUpSnapshots,
  isInvalidDbInstanceState,
  runMigrationTask,
  snapshotDatabase,
  snapshotsToDelete,
  SNAPSHOT_TAG,
  type PollOptions,
} from "./aws";

const ecsMock = mockClient(ECSClient);
const rdsMock = mockClient(RDSClient);
const ecs = new ECSClient({ region: "eu-west-1" });
const rds = new RDSClient({ region: "eu-west-1" });

const ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/taskflow-production-api-migrate:42";
const TASK = "arn:aws:ecs:eu-west-1:123456789012:task/taskflow-production/0a1b2c";

const API: ServiceOutput = {
  name: "api",
  kind: "api",
  clusterName: "taskflow-production",
  ecsServices: { blue: "taskflow-production-api-blue" },
  versions: { blue: "1.4.0" },
  activeColour: "blue",
  idleWeight: 0,
  cpu: 512,
  memory: 1024,
  desiredCount: 2,
  migrationTaskDefinition: "taskflow-production-api-migrate",
  migrationTaskDefinitionArn: ARN,
  networkConfiguration: { subnets: ["subnet-0a1"], securityGroups: ["sg-0api"] },
};

/** A fake clock advanced only by the fake sleep; records sleeps and progress lines. */
function fakeWait(over: Partial<PollOptions> = {}) {
  let t = 0;
  const sleeps: number[] = [];
  const progress: { at: number; line: string }[] = [];
  const opts: PollOptions = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    progress: (line) => progress.push({ at: t, line }),
    ...over,
  };
  return { opts, sleeps, progress, advance: (ms: number) => (t += ms) };
}

beforeEach(() => {
  ecsMock.reset();
  rdsMock.reset();
});

describe("runMigrationTask", () => {
  it("runs exactly the registered revision (ARN), never the family", async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    ecsMock
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
    const r = await runMigrationTask(ecs, API, "slipway-1.4.0", fakeWait().opts);
    expect(r).toEqual({ taskArn: TASK, exitCode: 0, ok: true, reason: "exit code 0" });
    expect(ecsMock.commandCalls(RunTaskCommand)[0].args[0].input.taskDefinition).toBe(ARN);
  });

  it("refuses outputs that name only the family (it would run the family's latest revision)", async () => {
    const { migrationTaskDefinitionArn: _arn, ...familyOnly } = API;
    await expect(runMigrationTask(ecs, familyOnly, "x", fakeWait().opts)).rejects.toThrow(
      /no migration task definition revision \(migrationTaskDefinitionArn\)/,
    );
    expect(ecsMock.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  it("stops the task (StopTask) when the wait times out, and says so", async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: "RUNNING" } as Task] });
    ecsMock.on(StopTaskCommand).resolves({});
    const w = fakeWait({ intervalMs: 10_000, timeoutMs: 5 * 60_000 });
    await expect(runMigrationTask(ecs, API, "x", w.opts)).rejects.toThrow(
      /timed out after 300 s; the task was stopped/,
    );
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: "taskflow-production", task: TASK, reason: "slipway: migration timed out" },
    ]);
  });

  it("stops the task when the run is cancelled while it runs", async () => {
    const ac = new AbortController();
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    let polls = 0;
    ecsMock.on(DescribeTasksCommand).callsFake(() => {
      if (++polls === 3) ac.abort();
      return { tasks: [{ lastStatus: "RUNNING" }] };
    });
    ecsMock.on(StopTaskCommand).resolves({});
    const w = fakeWait({ signal: ac.signal });
    await expect(runMigrationTask(ecs, API, "x", w.opts)).rejects.toThrow(/cancelled/);
    expect(ecsMock.commandCalls(StopTaskCommand).map((c) => c.args[0].input.reason)).toEqual([
      "slipway: migration cancelled",
    ]);
  });

  it("names the manual stop when StopTask itself fails", async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    ecsMock.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: "RUNNING" }] });
    ecsMock.on(StopTaskCommand).rejects(new Error("AccessDenied"));
    const w = fakeWait({ timeoutMs: 60_000 });
    await expect(runMigrationTask(ecs, API, "x", w.opts)).rejects.toThrow(
      `could not be stopped (AccessDenied): stop it by hand (aws ecs stop-task --cluster taskflow-production --task ${TASK})`,
    );
  });

  it("a task that stops by itself is never stopped again", async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [{ lastStatus: "RUNNING" }] })
      .resolves({ tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 3 }] }] });
    const r = await runMigrationTask(ecs, API, "x", fakeWait().opts);
    expect(r).toMatchObject({ ok: false, exitCode: 3 });
    expect(ecsMock.commandCalls(StopTaskCommand)).toHaveLength(0);
  });

  it("reports progress at least once a minute while the task runs (fake clock)", async () => {
    ecsMock.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
    let polls = 0;
    ecsMock.on(DescribeTasksCommand).callsFake(() =>
      ++polls <= 30 // 30 polls of 10 s: five minutes running
        ? { tasks: [{ lastStatus: polls < 3 ? "PROVISIONING" : "RUNNING" }] }
        : { tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] },
    );
    const w = fakeWait({ intervalMs: 10_000, timeoutMs: 30 * 60_000 });
    await runMigrationTask(ecs, API, "x", w.opts);
    expect(w.progress.map((p) => p.at)).toEqual([60_000, 120_000, 180_000, 240_000]);
    expect(w.progress[0].line).toBe("migration task 0a1b2c: RUNNING; waited 1 min of 30 min (3 %)");
    // Never more than a minute of silence between the start and the end of the wait.
    const times = [0, ...w.progress.map((p) => p.at), w.sleeps.reduce((a, b) => a + b, 0)];
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeLessThanOrEqual(60_000);
  });
});

describe("snapshotDatabase", () => {
  const busy = () =>
    new InvalidDBInstanceStateFault({ message: "Instance is currently backing-up", $metadata: {} });

  it("retries CreateDBSnapshot on InvalidDBInstanceState with a doubling pause, then waits for it", async () => {
    rdsMock
      .on(CreateDBSnapshotCommand)
      .rejectsOnce(busy())
      .rejectsOnce(busy())
      .rejectsOnce(busy())
      .resolves({});
    rdsMock
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({ DBSnapshots: [{ Status: "creating", PercentProgress: 40 }] })
      .resolves({ DBSnapshots: [{ Status: "available" }] });
    const w = fakeWait({ intervalMs: 10_000 });
    await expect(snapshotDatabase(rds, "db1", "db1-pre-1-4-0", w.opts)).resolves.toBe("db1-pre-1-4-0");
    expect(rdsMock.commandCalls(CreateDBSnapshotCommand)).toHaveLength(4);
    expect(w.sleeps).toEqual([30_000, 60_000, 120_000, 10_000]);
    expect(rdsMock.commandCalls(CreateDBSnapshotCommand)[0].args[0].input.Tags).toEqual([
      { Key: "slipway:purpose", Value: "pre-migration" },
    ]);
    expect(w.progress.map((p) => p.line)[0]).toBe(
      "RDS snapshot db1-pre-1-4-0: db1 is busy (InvalidDBInstanceState), attempt 1; retrying in 30 s",
    );
  });

  it("gives up when the instance stays busy past the timeout, and says what to do", async () => {
    rdsMock.on(CreateDBSnapshotCommand).rejects(busy());
    const w = fakeWait({ timeoutMs: 10 * 60_000 });
    await expect(snapshotDatabase(rds, "db1", "s1", w.opts)).rejects.toThrow(
      /db1 stayed busy \(InvalidDBInstanceState\) for 450 s over 5 attempt\(s\); run the deploy again/,
    );
    // 30 + 60 + 120 + 240 s waited; the next pause (300 s) would pass the 600 s timeout.
    expect(w.sleeps).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(rdsMock.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(0);
  });

  it("never retries another error", async () => {
    rdsMock.on(CreateDBSnapshotCommand).rejects(new Error("SnapshotQuotaExceeded"));
    const w = fakeWait();
    await expect(snapshotDatabase(rds, "db1", "s1", w.opts)).rejects.toThrow("SnapshotQuotaExceeded");
    expect(rdsMock.commandCalls(CreateDBSnapshotCommand)).toHaveLength(1);
    expect(w.sleeps).toEqual([]);
  });

  it.each([
    [{ name: "InvalidDBInstanceStateFault" }, true],
    [{ name: "x", Code: "InvalidDBInstanceState" }, true],
    [{ code: "InvalidDBInstanceState" }, true],
    [{ name: "DBInstanceNotFoundFault" }, false],
    [undefined, false],
    ["InvalidDBInstanceState", false],
  ])("isInvalidDbInstanceState(%j) = %s", (err, expected) => {
    expect(isInvalidDbInstanceState(err)).toBe(expected);
  });
});

describe("pre-migration snapshot cleanup", () => {
  const snap = (id: string, day: number, over: Partial<DBSnapshot> = {}): DBSnapshot => ({
    DBSnapshotIdentifier: id,
    DBInstanceIdentifier: "db1",
    SnapshotType: "manual",
    Status: "available",
    SnapshotCreateTime: new Date(Date.UTC(2026, 10, day)),
    TagList: [{ ...SNAPSHOT_TAG }],
    ...over,
  });

  it("keeps the newest N of ours and never touches anything else", () => {
    const list = [
      snap("s2", 2),
      snap("s5", 5),
      snap("s1", 1),
      snap("s4", 4),
      snap("s3", 3),
      snap("by-hand", 0, { TagList: [] }),
      snap("other-tag", 0, { TagList: [{ Key: "slipway:purpose", Value: "dr-drill" }] }),
      snap("automated", 0, { SnapshotType: "automated" }),
      snap("creating", 0, { Status: "creating" }),
      snap("other-db", 0, { DBInstanceIdentifier: "db2" }),
    ];
    expect(snapshotsToDelete(list, "db1", 2)).toEqual(["s3", "s2", "s1"]);
    expect(snapshotsToDelete(list, "db1", 5)).toEqual([]);
    expect(snapshotsToDelete(list, "db1", 1)).toEqual(["s4", "s3", "s2", "s1"]);
  });

  it("reads every page and deletes beyond the newest N", async () => {
    rdsMock
      .on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: "db1", SnapshotType: "manual" })
      .resolvesOnce({ DBSnapshots: [snap("s1", 1), snap("s2", 2)], Marker: "m" })
      .resolves({ DBSnapshots: [snap("s3", 3)] });
    rdsMock.on(DeleteDBSnapshotCommand).resolves({});
    await expect(cleanUpSnapshots(rds, "db1", 2)).resolves.toEqual(["s1"]);
    expect(rdsMock.commandCalls(DescribeDBSnapshotsCommand)[1].args[0].input.Marker).toBe("m");
    expect(rdsMock.commandCalls(DeleteDBSnapshotCommand).map((c) => c.args[0].input)).toEqual([
      { DBSnapshotIdentifier: "s1" },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses to keep %s snapshots", async (keep) => {
    await expect(cleanUpSnapshots(rds, "db1", keep)).rejects.toThrow(RangeError);
    expect(rdsMock.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(0);
  });
});
