import {
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  type DBInstance,
} from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDrDrillCommand } from "../cli/dr-drill";
import { ExitCode, InputError } from "../../lib/errors";
import type { Engine } from "../engine/types";
import {
  drillInstanceIdentifier,
  runDrDrill,
  tcpConnect,
  type DrDrillOptions,
  type DrDrillReport,
} from "./dr-drill";

const rds = mockClient(RDSClient);
const SOURCE = "slipway-production-db";
const T0 = Date.parse("2026-11-28T03:00:00.000Z");

/** Engine double: only `outputs` is allowed. */
function engineWithOutputs(outputs: Record<string, unknown>): Engine {
  const no = (op: string) => async () => {
    throw new Error(`dr-drill must not call ${op}`);
  };
  return {
    selectStack: no("selectStack"),
    getConfig: no("getConfig"),
    setConfig: no("setConfig"),
    preview: no("preview"),
    up: no("up"),
    refresh: no("refresh"),
    history: no("history"),
    exportState: no("exportState"),
    importState: no("importState"),
    cancel: no("cancel"),
    outputs: async () => outputs,
  };
}

const OUTPUTS = {
  database: {
    name: "main",
    instanceIdentifier: SOURCE,
    endpoint: `${SOURCE}.abc.eu-west-1.rds.amazonaws.com`,
    port: 5432,
    engineVersion: "16.4",
    multiAz: true,
    backupRetentionDays: 7,
    masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
  },
};

const SOURCE_INSTANCE: DBInstance = {
  DBInstanceIdentifier: SOURCE,
  DBInstanceStatus: "available",
  Engine: "postgres",
  DBInstanceClass: "db.t4g.medium",
  DBSubnetGroup: { DBSubnetGroupName: "slipway-production-db-subnets" },
  VpcSecurityGroups: [{ VpcSecurityGroupId: "sg-0db", Status: "active" }],
  DBParameterGroups: [{ DBParameterGroupName: "slipway-production-pg16", ParameterApplyStatus: "in-sync" }],
  Endpoint: { Address: `${SOURCE}.abc.eu-west-1.rds.amazonaws.com`, Port: 5432 },
};

/** A fake clock advanced by the fake sleep: the drill's time passes only when it waits. */
function fakeTime() {
  let t = T0;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}

/** The drill instance's status on successive describes (the last one repeats). */
function drillStatuses(
  statuses: string[],
  endpoint = { Address: "drill.abc.eu-west-1.rds.amazonaws.com", Port: 5432 },
  deleteCompletes = true,
) {
  let i = 0;
  let afterDelete = 0;
  return (input: { DBInstanceIdentifier?: string }) => {
    if (input.DBInstanceIdentifier === SOURCE) return { DBInstances: [SOURCE_INSTANCE] };
    // Once deletion was requested, RDS shows the instance as deleting once, then no longer knows it.
    if (rds.commandCalls(DeleteDBInstanceCommand).length > 0 && deleteCompletes) {
      if (afterDelete++ === 0)
        return {
          DBInstances: [{ DBInstanceIdentifier: input.DBInstanceIdentifier, DBInstanceStatus: "deleting" }],
        };
      throw new DBInstanceNotFoundFault({ message: "DBInstance not found", $metadata: {} });
    }
    const status = statuses[Math.min(i++, statuses.length - 1)];
    return {
      DBInstances: [
        {
          DBInstanceIdentifier: input.DBInstanceIdentifier,
          DBInstanceStatus: status,
          ...(status === "available" ? { Endpoint: endpoint } : {}),
        },
      ],
    };
  };
}

function snapshots(ageMinutes: number[]) {
  return {
    DBSnapshots: ageMinutes.map((age, i) => ({
      DBSnapshotIdentifier: `rds:${SOURCE}-${i}`,
      SnapshotType: i === 0 ? "automated" : "manual",
      Status: "available",
      SnapshotCreateTime: new Date(T0 - age * 60_000),
    })),
  };
}

function reportPath() {
  return join(mkdtempSync(join(tmpdir(), "slipway-drill-")), "reports", "dr-drill-production.json");
}

beforeEach(() => rds.reset());

/** `runDrDrill` on the production stack with the RDS mock and a fresh report path; `o` overrides. */
function drill(o: Partial<DrDrillOptions> = {}): Promise<DrDrillReport> {
  return runDrDrill({
    engine: engineWithOutputs(OUTPUTS),
    stack: "production",
    rds: rds as unknown as RDSClient,
    reportPath: reportPath(),
    ...o,
  });
}

describe("runDrDrill", () => {
  it("restores the newest available snapshot privately, waits, checks, measures and deletes it", async () => {
    const time = fakeTime();
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["creating", "backing-up", "available"]));
    rds
      .on(DescribeDBSnapshotsCommand)
      .resolvesOnce({ ...snapshots([300, 30]), Marker: "page-2" })
      .resolvesOnce({
        DBSnapshots: [
          {
            DBSnapshotIdentifier: "old-creating",
            Status: "creating",
            SnapshotCreateTime: new Date(T0 - 60_000),
          },
        ],
      });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const connected: string[] = [];
    const path = reportPath();
    const report = await runDrDrill({
      engine: engineWithOutputs(OUTPUTS),
      stack: "production",
      rds: rds as unknown as RDSClient,
      reportPath: path,
      now: time.now,
      sleep: time.sleep,
      pollIntervalMs: 5 * 60_000,
      connect: async (host, port) => {
        connected.push(`${host}:${port}`);
      },
    });

    const restore = rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input;
    expect(restore).toEqual({
      DBInstanceIdentifier: "slipway-production-db-drill-202611280300",
      DBSnapshotIdentifier: `rds:${SOURCE}-1`,
      DBInstanceClass: "db.t4g.medium",
      DBSubnetGroupName: "slipway-production-db-subnets",
      VpcSecurityGroupIds: ["sg-0db"],
      DBParameterGroupName: "slipway-production-pg16",
      PubliclyAccessible: false,
      DeletionProtection: false,
      MultiAZ: false,
      BackupRetentionPeriod: 0,
      CopyTagsToSnapshot: false,
      Tags: [
        { Key: "slipway:purpose", Value: "dr-drill" },
        { Key: "slipway:stack", Value: "production" },
        { Key: "slipway:source", Value: SOURCE },
      ],
    });
    expect(rds.commandCalls(DescribeDBSnapshotsCommand).map((c) => c.args[0].input)).toEqual([
      { DBInstanceIdentifier: SOURCE },
      { DBInstanceIdentifier: SOURCE, Marker: "page-2" },
    ]);
    expect(rds.commandCalls(DeleteDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      {
        DBInstanceIdentifier: "slipway-production-db-drill-202611280300",
        SkipFinalSnapshot: true,
        DeleteAutomatedBackups: true,
      },
    ]);
    // Two polls of the restore, one while RDS deletes the instance (then it is confirmed gone).
    expect(time.sleeps).toEqual([300_000, 300_000, 300_000]);
    expect(connected).toEqual(["drill.abc.eu-west-1.rds.amazonaws.com:5432"]);
    expect(report).toMatchObject({
      kind: "slipway-dr-drill",
      stack: "production",
      status: "passed",
      snapshot: { identifier: `rds:${SOURCE}-1`, type: "manual", ageMinutes: 30 },
      restore: {
        instanceIdentifier: "slipway-production-db-drill-202611280300",
        durationMinutes: 10,
        finalStatus: "available",
        endpoint: { address: "drill.abc.eu-west-1.rds.amazonaws.com", port: 5432 },
        answers: "passed",
        tcpConnect: "passed",
      },
      rto: { targetMinutes: 60, measuredMinutes: 10, met: true },
      rpo: { targetMinutes: 1440, measuredMinutes: 30, met: true },
      cleanup: { status: "deleted" },
      problems: [],
    });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(report);
  });

  it("no snapshot: fails without restoring anything, and says so", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["available"]));
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
    });
    expect(rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
    expect(report.status).toBe("failed");
    expect(report.problems).toEqual([`no available snapshot of ${SOURCE}: backups are not working`]);
    expect(report.cleanup).toEqual({ status: "not-created" });
    expect(report.rpo.met).toBe(false);
  });

  it("restore times out: the instance is still deleted and the timeout is reported", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["creating"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([60]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
      pollIntervalMs: 60_000,
      timeoutMs: 20 * 60_000,
    });
    expect(time.sleeps).toHaveLength(20 + 1); // 20 restore polls, one while the deletion is confirmed
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    expect(report.status).toBe("failed");
    expect(report.problems).toEqual(["restore did not become available within 20 min (status creating)"]);
    expect(report.restore).toMatchObject({ finalStatus: "creating", answers: "failed" });
    expect(report.rto).toEqual({ targetMinutes: 60, met: false });
    expect(report.cleanup).toEqual({ status: "deleted" });
  });

  it("delete fails: reported with the command to run by hand, drill failed even though the restore worked", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["available"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([10]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).rejects(
      Object.assign(new Error("User is not authorized to perform rds:DeleteDBInstance"), {
        name: "AccessDenied",
      }),
    );
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
    });
    // Without a connector nothing answered: available with an endpoint is all the drill can claim.
    expect(report.restore?.answers).toBe("skipped");
    expect(report.restore?.tcpConnect).toBe("skipped");
    expect(report.status).toBe("failed");
    expect(report.cleanup).toEqual({
      status: "failed",
      error: "User is not authorized to perform rds:DeleteDBInstance",
      manualCommand:
        "aws rds delete-db-instance --db-instance-identifier slipway-production-db-drill-202611280300 --skip-final-snapshot --delete-automated-backups",
    });
    expect(report.problems[0]).toMatch(/could not delete the drill instance/);
  });

  it("the restore request itself fails: delete is attempted, a missing instance is 'not-created'", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["available"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([10]));
    rds
      .on(RestoreDBInstanceFromDBSnapshotCommand)
      .rejects(Object.assign(new Error("Instance quota exceeded"), { name: "InstanceQuotaExceededFault" }));
    rds
      .on(DeleteDBInstanceCommand)
      .rejects(Object.assign(new Error("not found"), { name: "DBInstanceNotFoundFault" }));
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
    });
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    expect(report.cleanup).toEqual({ status: "not-created" });
    expect(report.problems).toEqual(["Instance quota exceeded"]);
  });

  it("RTO and RPO over target fail the drill; a failed TCP check fails it too", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["creating", "available"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([2000]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
      pollIntervalMs: 45 * 60_000,
      rtoTargetMinutes: 30,
      connect: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    expect(report.status).toBe("failed");
    expect(report.rto).toEqual({ targetMinutes: 30, measuredMinutes: 45, met: false });
    expect(report.rpo).toEqual({ targetMinutes: 1440, measuredMinutes: 2000, met: false });
    expect(report.restore?.tcpConnect).toBe("failed");
    expect(report.problems).toEqual([
      "restored database does not accept TCP connections on drill.abc.eu-west-1.rds.amazonaws.com:5432: ECONNREFUSED",
      "RTO 45 min exceeds the 30 min target",
      "RPO 2000 min exceeds the 1440 min target",
    ]);
    expect(report.cleanup.status).toBe("deleted");
  });

  it.each(["inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable"])(
    "a KMS failure (%s) ends the wait at once: no 90-minute timeout, the instance is deleted",
    async (kms) => {
      rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["creating", kms]));
      rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([60]));
      rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
      rds.on(DeleteDBInstanceCommand).resolves({});
      const time = fakeTime();
      const report = await drill({ now: time.now, sleep: time.sleep, pollIntervalMs: 60_000 });
      expect(report.status).toBe("failed");
      expect(report.problems[0]).toMatch(
        new RegExp(`ended in status ${kms} \\(its KMS key is disabled, deleted or not granted to RDS`),
      );
      expect(report.restore?.finalStatus).toBe(kms);
      expect(time.sleeps).toEqual([60_000, 60_000]); // one restore poll, one while the deletion is confirmed
      expect(report.cleanup).toEqual({ status: "deleted" });
    },
  );

  it("cleanup is reported only once RDS confirms the instance is gone; unconfirmed it fails the drill", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["available"], undefined, false)); // still there after the delete request
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([60]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const time = fakeTime();
    const lines: string[] = [];
    const report = await drill({
      now: time.now,
      sleep: time.sleep,
      pollIntervalMs: 60_000,
      cleanupTimeoutMs: 5 * 60_000,
      log: (l) => lines.push(l),
    });
    expect(report.status).toBe("failed");
    expect(report.cleanup).toMatchObject({
      status: "failed",
      error:
        "deletion of slipway-production-db-drill-202611280300 requested but not confirmed within 5 min (status available)",
    });
    expect(report.cleanup.manualCommand).toContain(
      "aws rds describe-db-instances --db-instance-identifier slipway-production-db-drill-202611280300",
    );
    expect(lines).toContain(
      "slipway-production-db-drill-202611280300: available; cleanup 1 min of 5 min (20 %)",
    );
  });

  it("cancelled while waiting (SIGINT): the instance is still deleted", async () => {
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["creating"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([10]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const controller = new AbortController();
    const time = fakeTime();
    const report = await drill({
      now: time.now,
      // Like the default sleep: rejects once the signal aborted (the cleanup waits without the signal).
      sleep: (ms, signal) =>
        signal?.aborted ? Promise.reject(new Error("drill cancelled")) : time.sleep(ms),
      pollIntervalMs: 60_000,
      signal: controller.signal,
      log: (line) => {
        if (line.includes(": creating;")) controller.abort();
      },
    });
    expect(report.problems).toEqual(["drill cancelled"]);
    expect(rds.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    expect(report.cleanup.status).toBe("deleted");
  });

  it("a stack without a database is bad input and touches nothing", async () => {
    await expect(
      runDrDrill({
        engine: engineWithOutputs({ services: [] }),
        stack: "production",
        rds: rds as unknown as RDSClient,
        reportPath: reportPath(),
      }),
    ).rejects.toBeInstanceOf(InputError);
    expect(rds.calls()).toHaveLength(0);
  });
});

describe("helpers", () => {
  it("drill identifiers follow the RDS rules", () => {
    const at = new Date(T0);
    expect(drillInstanceIdentifier("slipway-production-db", at)).toBe(
      "slipway-production-db-drill-202611280300",
    );
    const long = drillInstanceIdentifier("9" + "a".repeat(80) + "--x", at);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(long).not.toContain("--");
  });

  it("tcpConnect connects to a real listening socket and fails on a closed port", async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await expect(tcpConnect("127.0.0.1", port, 2000)).resolves.toBeUndefined();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(tcpConnect("127.0.0.1", port, 2000)).rejects.toThrow();
  });
});

describe("npm run dr-drill (runDrDrillCommand)", () => {
  it("exits 0 on a passed drill, 1 on a failed one, 2 on bad input", async () => {
    const err: string[] = [];
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    rds.on(DescribeDBInstancesCommand).callsFake(drillStatuses(["available"]));
    rds.on(DescribeDBSnapshotsCommand).resolves(snapshots([10]));
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    const path = reportPath();
    const time = fakeTime();
    const base = {
      stack: "production",
      rds: rds as unknown as RDSClient,
      out: path,
      now: time.now,
      sleep: time.sleep,
      ...io,
    };
    expect(await runDrDrillCommand({ ...base, engine: engineWithOutputs(OUTPUTS) })).toBe(ExitCode.ok);
    expect(out.join("\n")).toMatch(/DR drill passed on production/);
    expect(out.join("\n")).toMatch(/answers: not checked \(only availability is proven/);
    const written = JSON.parse(readFileSync(path, "utf8")) as DrDrillReport;
    expect(written.status).toBe("passed");

    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    expect(await runDrDrillCommand({ ...base, engine: engineWithOutputs(OUTPUTS) })).toBe(ExitCode.failed);
    expect(out.join("\n")).toMatch(/DR drill FAILED on production/);

    expect(await runDrDrillCommand({ ...base, engine: engineWithOutputs({}) })).toBe(ExitCode.badInput);
    expect(err.at(-1)).toMatch(/exports no database/);
    expect(
      await runDrDrillCommand({ ...base, rtoTargetMinutes: -1, engine: engineWithOutputs(OUTPUTS) }),
    ).toBe(ExitCode.badInput);
  });
});
