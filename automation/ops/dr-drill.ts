/**
 * Disaster-recovery drill: restore the stack's latest RDS snapshot into a temporary instance, check
 * it answers, measure the time to restore (RTO) and the snapshot's age (RPO) against the targets,
 * delete the temporary instance (always, in a `finally`), and write a drill report.
 *
 * Library code: no console, no exit. Seams: engine (stack outputs), RDS client, clock, sleep, TCP
 * connector, log sink, AbortSignal.
 */
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  type DBInstance,
  type DBSnapshot,
  type RDSClient,
} from "@aws-sdk/client-rds";
import { connect as netConnect } from "node:net";
import { InputError } from "../../lib/errors";
import type { Engine } from "../engine/types";
import type { DatabaseOutput } from "../../outputs";
import { writeJsonAtomic } from "../fs/atomic";
import { validateStackName } from "./drift";
import { elapsedOf } from "../pipeline/progress";

/** Default recovery time objective: a restored database answering within an hour. */
export const DEFAULT_RTO_TARGET_MINUTES = 60;
/** Default recovery point objective for a snapshot restore: daily automated snapshots. */
export const DEFAULT_RPO_TARGET_MINUTES = 24 * 60;

/** Default wait for the restored instance to become available. */
export const DEFAULT_TIMEOUT_MINUTES = 90;

/** Default wait for RDS to confirm the drill instance is gone. */
export const DEFAULT_CLEANUP_TIMEOUT_MINUTES = 30;

/** Tag put on the temporary instance (and used by the runbook to find leftovers). */
export const DRILL_TAG = { Key: "slipway:purpose", Value: "dr-drill" } as const;

export interface DrDrillOptions {
  readonly engine: Engine;
  readonly stack: string;
  readonly rds: RDSClient;
  /** Where to write the drill report (JSON, atomically). */
  readonly reportPath: string;
  /** @default DEFAULT_RTO_TARGET_MINUTES */
  readonly rtoTargetMinutes?: number;
  /** @default DEFAULT_RPO_TARGET_MINUTES */
  readonly rpoTargetMinutes?: number;
  /** Give up waiting for the restored instance after this long. @default DEFAULT_TIMEOUT_MINUTES */
  readonly timeoutMs?: number;
  /** How long to wait for RDS to confirm the drill instance is deleted. @default 30 min */
  readonly cleanupTimeoutMs?: number;
  /** Interval between status polls. @default 30 s */
  readonly pollIntervalMs?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default a timer that rejects when `signal` aborts */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Check the restored endpoint answers on its port (TCP). `undefined` skips the check (the
   * runner has no route into the VPC); the CLI's `--tcp-check` passes {@link tcpConnect}.
   */
  readonly connect?: (host: string, port: number, timeoutMs: number) => Promise<void>;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export type CheckStatus = "passed" | "failed" | "skipped";

/** The drill report written to `reportPath`. */
export interface DrDrillReport {
  readonly kind: "slipway-dr-drill";
  readonly stack: string;
  readonly status: "passed" | "failed";
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly source?: {
    readonly instanceIdentifier: string;
    readonly engine?: string;
    readonly instanceClass?: string;
  };
  readonly snapshot?: {
    readonly identifier: string;
    readonly type?: string;
    readonly createdAt: string;
    readonly ageMinutes: number;
  };
  readonly restore?: {
    readonly instanceIdentifier: string;
    readonly requestedAt: string;
    readonly availableAt?: string;
    readonly durationMinutes?: number;
    readonly finalStatus?: string;
    readonly endpoint?: { readonly address: string; readonly port: number };
    /**
     * Whether the restored database answered: `passed` only when a connection was made, `skipped` when
     * no connector was given (the instance reached `available` with an endpoint, nothing more is known).
     */
    readonly answers: CheckStatus;
    readonly tcpConnect: CheckStatus;
  };
  /** Measured time to a usable restored database vs target. */
  readonly rto: { readonly targetMinutes: number; readonly measuredMinutes?: number; readonly met: boolean };
  /** Age of the restored data (snapshot age at restore time) vs target. */
  readonly rpo: { readonly targetMinutes: number; readonly measuredMinutes?: number; readonly met: boolean };
  readonly cleanup: {
    readonly status: "deleted" | "not-created" | "failed";
    readonly error?: string;
    /** What to run by hand when the automatic delete failed. */
    readonly manualCommand?: string;
  };
  /** Everything that made the drill fail, in order. */
  readonly problems: readonly string[];
}

/** A real TCP connect with a timeout (no data sent). */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`TCP connect to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("drill cancelled"));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new Error("drill cancelled"));
      },
      { once: true },
    );
  });
}

/** `<source>-drill-<yyyymmddhhmm>`, within RDS identifier rules (<= 63, no `--`, no trailing `-`). */
export function drillInstanceIdentifier(source: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, "").slice(0, 12);
  const suffix = `-drill-${stamp}`;
  const base = source
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 63 - suffix.length)
    .replace(/-+$/, "");
  return `${base || "db"}${suffix}`;
}

const minutes = (ms: number) => Math.round((ms / 60000) * 10) / 10;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** All available snapshots (automated and manual) of an instance, newest first. */
async function listSnapshots(rds: RDSClient, instanceId: string): Promise<DBSnapshot[]> {
  const snapshots: DBSnapshot[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(
      new DescribeDBSnapshotsCommand({
        DBInstanceIdentifier: instanceId,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    snapshots.push(...(page.DBSnapshots ?? []));
    marker = page.Marker;
  } while (marker);
  return snapshots
    .filter((s) => s.Status === "available" && s.SnapshotCreateTime && s.DBSnapshotIdentifier)
    .sort((a, b) => b.SnapshotCreateTime!.getTime() - a.SnapshotCreateTime!.getTime());
}

const isNotFound = (e: unknown) => {
  const name = (e as { name?: string } | undefined)?.name;
  return name === "DBInstanceNotFoundFault" || name === "DBInstanceNotFound";
};

/** Poll until RDS no longer knows `id` (deleted) or the timeout; the last status seen otherwise. */
async function waitUntilDeleted(
  rds: RDSClient,
  id: string,
  o: {
    readonly now: () => Date;
    readonly sleep: (ms: number) => Promise<void>;
    readonly pollMs: number;
    readonly timeoutMs: number;
    readonly log: (line: string) => void;
  },
): Promise<{ deleted: true } | { deleted: false; status: string }> {
  const start = o.now().getTime();
  for (;;) {
    let status: string;
    try {
      const inst = await describeInstance(rds, id);
      if (!inst) return { deleted: true };
      status = inst.DBInstanceStatus ?? "unknown";
    } catch (e) {
      if (isNotFound(e)) return { deleted: true };
      status = `unknown (${message(e)})`;
    }
    const waited = o.now().getTime() - start;
    if (waited >= o.timeoutMs) return { deleted: false, status };
    o.log(`${id}: ${status}; cleanup ${elapsedOf(waited, o.timeoutMs)}`);
    await o.sleep(o.pollMs);
  }
}

async function describeInstance(rds: RDSClient, id: string): Promise<DBInstance | undefined> {
  const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  return out.DBInstances?.[0];
}

/**
 * Statuses from which a restoring instance will not become available. The KMS ones (the key is disabled,
 * deleted or its grant revoked) are terminal for a drill too: waiting out the timeout would only hide them.
 */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  "failed",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable",
  "incompatible-restore",
  "incompatible-parameters",
  "incompatible-network",
  "storage-full",
]);

/**
 * Run the drill and write the report. Returns the report (also when the drill failed); throws only
 * `InputError` (bad stack / no database in the stack), before anything is created.
 */
export async function runDrDrill(options: DrDrillOptions): Promise<DrDrillReport> {
  const { engine, stack, rds } = options;
  validateStackName(stack);
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollIntervalMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MINUTES * 60_000;
  const cleanupTimeoutMs = options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MINUTES * 60_000;
  const rtoTarget = options.rtoTargetMinutes ?? DEFAULT_RTO_TARGET_MINUTES;
  const rpoTarget = options.rpoTargetMinutes ?? DEFAULT_RPO_TARGET_MINUTES;

  const outputs = await engine.outputs(stack);
  const database = outputs.database as Partial<DatabaseOutput> | undefined;
  if (!database || typeof database.instanceIdentifier !== "string" || database.instanceIdentifier === "") {
    throw new InputError(
      `stack ${stack} outputs`,
      "database.instanceIdentifier",
      "the stack exports no database",
      "run the drill on a stack whose release has a database (see `pulumi stack output database`)",
    );
  }
  const sourceId = database.instanceIdentifier;

  const startedAt = now();
  const problems: string[] = [];
  let source: DrDrillReport["source"] = { instanceIdentifier: sourceId };
  let snapshot: DrDrillReport["snapshot"];
  let restore: DrDrillReport["restore"];
  let cleanup: DrDrillReport["cleanup"] = { status: "not-created" };
  let rtoMeasured: number | undefined;
  let rpoMeasured: number | undefined;
  let drillId: string | undefined;

  try {
    const instance = await describeInstance(rds, sourceId);
    if (!instance) throw new Error(`source instance ${sourceId} not found`);
    source = {
      instanceIdentifier: sourceId,
      ...(instance.Engine ? { engine: instance.Engine } : {}),
      ...(instance.DBInstanceClass ? { instanceClass: instance.DBInstanceClass } : {}),
    };

    const snapshots = await listSnapshots(rds, sourceId);
    const latest = snapshots[0];
    if (!latest) throw new Error(`no available snapshot of ${sourceId}: backups are not working`);
    const createdAt = latest.SnapshotCreateTime!;
    rpoMeasured = minutes(startedAt.getTime() - createdAt.getTime());
    snapshot = {
      identifier: latest.DBSnapshotIdentifier!,
      ...(latest.SnapshotType ? { type: latest.SnapshotType } : {}),
      createdAt: createdAt.toISOString(),
      ageMinutes: rpoMeasured,
    };
    log(`latest snapshot ${snapshot.identifier} (${snapshot.type ?? "?"}), ${rpoMeasured} min old`);

    drillId = drillInstanceIdentifier(sourceId, startedAt);
    const parameterGroup = instance.DBParameterGroups?.[0]?.DBParameterGroupName;
    const requestedAt = now();
    restore = {
      instanceIdentifier: drillId,
      requestedAt: requestedAt.toISOString(),
      answers: "failed",
      tcpConnect: "skipped",
    };
    log(`restoring ${snapshot.identifier} into ${drillId}`);
    await rds.send(
      new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: drillId,
        DBSnapshotIdentifier: snapshot.identifier,
        ...(instance.DBInstanceClass ? { DBInstanceClass: instance.DBInstanceClass } : {}),
        ...(instance.DBSubnetGroup?.DBSubnetGroupName
          ? { DBSubnetGroupName: instance.DBSubnetGroup.DBSubnetGroupName }
          : {}),
        VpcSecurityGroupIds: (instance.VpcSecurityGroups ?? [])
          .map((g) => g.VpcSecurityGroupId)
          .filter((id): id is string => !!id),
        ...(parameterGroup ? { DBParameterGroupName: parameterGroup } : {}),
        PubliclyAccessible: false,
        DeletionProtection: false,
        MultiAZ: false,
        BackupRetentionPeriod: 0,
        CopyTagsToSnapshot: false,
        Tags: [DRILL_TAG, { Key: "slipway:stack", Value: stack }, { Key: "slipway:source", Value: sourceId }],
      }),
    );

    // Wait until available, the instance fails, or the timeout.
    let current: DBInstance | undefined;
    for (;;) {
      current = await describeInstance(rds, drillId);
      const status = current?.DBInstanceStatus ?? "unknown";
      if (status === "available") break;
      if (TERMINAL_STATUSES.has(status)) {
        restore = { ...restore, finalStatus: status };
        throw new Error(
          `restored instance ${drillId} ended in status ${status}${
            status.startsWith("inaccessible-encryption-credentials")
              ? " (its KMS key is disabled, deleted or not granted to RDS: check the key the snapshot is encrypted with)"
              : ""
          }`,
        );
      }
      if (now().getTime() - requestedAt.getTime() >= timeoutMs) {
        restore = { ...restore, finalStatus: status };
        throw new Error(
          `restore did not become available within ${minutes(timeoutMs)} min (status ${status})`,
        );
      }
      log(`${drillId}: ${status}; restore ${elapsedOf(now().getTime() - requestedAt.getTime(), timeoutMs)}`);
      await sleep(pollMs, options.signal);
    }

    const address = current?.Endpoint?.Address;
    const port = current?.Endpoint?.Port ?? database.port;
    if (!address || !port) throw new Error(`restored instance ${drillId} is available but has no endpoint`);
    let tcp: CheckStatus = "skipped";
    if (options.connect) {
      try {
        await options.connect(address, port, 10_000);
        tcp = "passed";
      } catch (e) {
        tcp = "failed";
        problems.push(
          `restored database does not accept TCP connections on ${address}:${port}: ${message(e)}`,
        );
      }
    }
    const availableAt = now();
    rtoMeasured = minutes(availableAt.getTime() - requestedAt.getTime());
    restore = {
      ...restore,
      availableAt: availableAt.toISOString(),
      durationMinutes: rtoMeasured,
      finalStatus: "available",
      endpoint: { address, port },
      answers: tcp,
      tcpConnect: tcp,
    };
    log(`${drillId} available after ${rtoMeasured} min at ${address}:${port}`);
  } catch (e) {
    problems.push(message(e));
  } finally {
    if (drillId && restore) {
      try {
        await rds.send(
          new DeleteDBInstanceCommand({
            DBInstanceIdentifier: drillId,
            SkipFinalSnapshot: true,
            DeleteAutomatedBackups: true,
          }),
        );
        log(`deleting ${drillId}; waiting until RDS confirms it is gone`);
        // Reported as deleted only once RDS no longer knows the instance (deletion takes minutes and can
        // fail); a drill cancelled by SIGINT still waits here, without the signal.
        const gone = await waitUntilDeleted(rds, drillId, {
          now,
          sleep: (ms) => sleep(ms),
          pollMs,
          timeoutMs: cleanupTimeoutMs,
          log,
        });
        if (gone.deleted) cleanup = { status: "deleted" };
        else {
          const error = `deletion of ${drillId} requested but not confirmed within ${minutes(cleanupTimeoutMs)} min (status ${gone.status})`;
          cleanup = {
            status: "failed",
            error,
            manualCommand: `aws rds describe-db-instances --db-instance-identifier ${drillId} (then aws rds delete-db-instance --db-instance-identifier ${drillId} --skip-final-snapshot --delete-automated-backups if it is still there)`,
          };
          problems.push(`${error}: check it by hand`);
        }
      } catch (e) {
        if (isNotFound(e)) {
          cleanup = { status: "not-created" };
        } else {
          cleanup = {
            status: "failed",
            error: message(e),
            manualCommand: `aws rds delete-db-instance --db-instance-identifier ${drillId} --skip-final-snapshot --delete-automated-backups`,
          };
          problems.push(`could not delete the drill instance ${drillId}: ${message(e)} (delete it by hand)`);
        }
      }
    }
  }

  const rtoMet = rtoMeasured !== undefined && rtoMeasured <= rtoTarget;
  const rpoMet = rpoMeasured !== undefined && rpoMeasured <= rpoTarget;
  if (rtoMeasured !== undefined && !rtoMet)
    problems.push(`RTO ${rtoMeasured} min exceeds the ${rtoTarget} min target`);
  if (rpoMeasured !== undefined && !rpoMet)
    problems.push(`RPO ${rpoMeasured} min exceeds the ${rpoTarget} min target`);

  const report: DrDrillReport = {
    kind: "slipway-dr-drill",
    stack,
    status: problems.length === 0 && rtoMet && rpoMet && cleanup.status === "deleted" ? "passed" : "failed",
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    source,
    ...(snapshot ? { snapshot } : {}),
    ...(restore ? { restore } : {}),
    rto: {
      targetMinutes: rtoTarget,
      ...(rtoMeasured !== undefined ? { measuredMinutes: rtoMeasured } : {}),
      met: rtoMet,
    },
    rpo: {
      targetMinutes: rpoTarget,
      ...(rpoMeasured !== undefined ? { measuredMinutes: rpoMeasured } : {}),
      met: rpoMet,
    },
    cleanup,
    problems,
  };
  writeJsonAtomic(options.reportPath, report);
  return report;
}
