/**
 * The AWS side of a rollout, over injected SDK v3 clients: database migrations as a one-off ECS task,
 * an RDS snapshot before them (production), ECS steady-state waits (rolling) and the live task counts
 * for the report. Polling uses the injected clock/sleep and honours the AbortSignal.
 */
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import {
  CreateDBSnapshotCommand,
  DeleteDBSnapshotCommand,
  DescribeDBSnapshotsCommand,
  type DBSnapshot,
  type RDSClient,
} from "@aws-sdk/client-rds";
import type { ServiceOutput, StackOutputs } from "../../outputs";
import type { ServiceHealth } from "../report/types";
import { isRetryableAwsError } from "../../lib/aws";
import { elapsedOf, throttledProgress } from "./progress";

export interface PollOptions {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /** @default 10000 */
  readonly intervalMs?: number;
  /** @default 30 min */
  readonly timeoutMs?: number;
  /** Progress lines (status, elapsed of the timeout), at least once a minute while waiting. @default none */
  readonly progress?: (message: string) => void;
}

export class AbortedError extends Error {
  constructor() {
    super("cancelled");
    this.name = "AbortedError";
  }
}

/** What a probe found: done (with the value), or still waiting (with the status it saw). */
type Probe<T> = { readonly done: T } | { readonly status: string };

/** The poll timed out (the caller may have to stop what it waited for). */
export class PollTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PollTimeoutError";
  }
}

async function poll<T>(opts: PollOptions, what: string, probe: () => Promise<Probe<T>>): Promise<T> {
  const interval = opts.intervalMs ?? 10_000;
  const timeout = opts.timeoutMs ?? 30 * 60_000;
  const start = opts.now();
  const progress = throttledProgress(opts.now, opts.progress ?? (() => undefined));
  let lastError: unknown;
  let status = "starting";
  for (;;) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      const p = await probe();
      lastError = undefined;
      if ("done" in p) return p.done;
      status = p.status;
    } catch (err) {
      // Throttling and timeouts are "not yet": keep polling until the timeout, then say why.
      if (!isRetryableAwsError(err)) throw err;
      lastError = err;
      status = `retrying after ${err instanceof Error ? err.name : "an error"}`;
    }
    if (opts.now() - start >= timeout) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.name}: ${lastError.message})` : "";
      throw new PollTimeoutError(`${what}: timed out after ${Math.round(timeout / 1000)} s${why}`);
    }
    progress(() => `${what}: ${status}; waited ${elapsedOf(opts.now() - start, timeout)}`);
    await opts.sleep(interval);
  }
}

export interface MigrationTaskResult {
  readonly taskArn: string;
  readonly exitCode?: number;
  readonly ok: boolean;
  readonly reason: string;
}

/**
 * Run the migration task definition revision `service` registered (its ARN, never the family's latest)
 * once (Fargate, private subnets, no public IP) and wait for it to stop. Fails on a non-zero (or missing)
 * exit code of any essential container. A task still running when the wait times out or is cancelled is
 * stopped (ECS StopTask) before the error is rethrown: no migration keeps running behind a failed step.
 */
export async function runMigrationTask(
  ecs: Pick<ECSClient, "send">,
  service: ServiceOutput,
  startedBy: string,
  opts: PollOptions,
): Promise<MigrationTaskResult> {
  const taskDefinition = service.migrationTaskDefinitionArn;
  if (!taskDefinition || !service.networkConfiguration) {
    throw new Error(
      `service ${service.name} has no migration task definition revision (migrationTaskDefinitionArn) or network configuration in the stack outputs`,
    );
  }
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: service.clusterName,
      taskDefinition,
      launchType: "FARGATE",
      count: 1,
      startedBy: startedBy.slice(0, 36),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...service.networkConfiguration.subnets],
          securityGroups: [...service.networkConfiguration.securityGroups],
          assignPublicIp: "DISABLED",
        },
      },
    }),
    { abortSignal: opts.signal },
  );
  const task = run.tasks?.[0];
  if (!task?.taskArn) {
    const why = (run.failures ?? [])
      .map((f) => `${f.arn ?? ""} ${f.reason ?? ""} ${f.detail ?? ""}`.trim())
      .join("; ");
    return { taskArn: "", ok: false, reason: `RunTask started no task${why ? `: ${why}` : ""}` };
  }
  const taskArn = task.taskArn;
  let stopped: Awaited<ReturnType<typeof describeTask>>;
  try {
    stopped = await poll(opts, `migration task ${taskArn.split("/").pop()}`, async () => {
      const t = await describeTask(ecs, service.clusterName, taskArn, opts.signal);
      return t?.lastStatus === "STOPPED" ? { done: t } : { status: t?.lastStatus ?? "unknown" };
    });
  } catch (err) {
    // Timed out or cancelled (the abort may surface as the SDK's AbortError): stop the task, then fail.
    if (err instanceof PollTimeoutError || err instanceof AbortedError || opts.signal?.aborted) {
      const why = err instanceof PollTimeoutError ? "timed out" : "cancelled";
      await ecs
        .send(
          new StopTaskCommand({
            cluster: service.clusterName,
            task: taskArn,
            reason: `slipway: migration ${why}`,
          }),
        )
        .catch((stopErr: unknown) => {
          throw new Error(
            `${err instanceof Error ? err.message : String(err)}; the task could not be stopped (${
              stopErr instanceof Error ? stopErr.message : String(stopErr)
            }): stop it by hand (aws ecs stop-task --cluster ${service.clusterName} --task ${taskArn})`,
            { cause: stopErr },
          );
        });
      if (err instanceof PollTimeoutError)
        throw new Error(`${err.message}; the task was stopped`, { cause: err });
    }
    throw err;
  }
  const containers = stopped?.containers ?? [];
  const bad = containers.find((c) => c.exitCode !== 0);
  const exitCode = bad ? bad.exitCode : containers[0]?.exitCode;
  if (containers.length === 0 || bad) {
    return {
      taskArn,
      exitCode,
      ok: false,
      reason: `migration task exited ${exitCode === undefined ? "without an exit code" : `with code ${exitCode}`}${
        bad?.reason || stopped?.stoppedReason ? `: ${bad?.reason ?? stopped?.stoppedReason}` : ""
      }`,
    };
  }
  return { taskArn, exitCode: 0, ok: true, reason: "exit code 0" };
}

async function describeTask(
  ecs: Pick<ECSClient, "send">,
  cluster: string,
  taskArn: string,
  signal?: AbortSignal,
) {
  const d = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }), { abortSignal: signal });
  return d.tasks?.[0];
}

/** RDS answers CreateDBSnapshot with this while the instance is busy (backing up, modifying, ...). */
export function isInvalidDbInstanceState(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { name?: unknown; Code?: unknown; code?: unknown };
  return [e.name, e.Code, e.code].some(
    (x) => x === "InvalidDBInstanceState" || x === "InvalidDBInstanceStateFault",
  );
}

/** First pause after `InvalidDBInstanceState`; it doubles up to {@link SNAPSHOT_RETRY_MAX_MS}. */
export const SNAPSHOT_RETRY_FIRST_MS = 30_000;
export const SNAPSHOT_RETRY_MAX_MS = 5 * 60_000;

/**
 * Take a manual RDS snapshot and wait until it is available. Returns its identifier. While the instance is
 * busy (`InvalidDBInstanceState`: an automated backup, a modification) the request is retried with a pause
 * that doubles from 30 s to 5 min, within the wait's timeout.
 */
export async function snapshotDatabase(
  rds: Pick<RDSClient, "send">,
  instanceIdentifier: string,
  snapshotId: string,
  opts: PollOptions,
): Promise<string> {
  const timeout = opts.timeoutMs ?? 30 * 60_000;
  const start = opts.now();
  let pause = SNAPSHOT_RETRY_FIRST_MS;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      await rds.send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: instanceIdentifier,
          DBSnapshotIdentifier: snapshotId,
          Tags: [{ Key: SNAPSHOT_TAG.Key, Value: SNAPSHOT_TAG.Value }],
        }),
        { abortSignal: opts.signal },
      );
      break;
    } catch (err) {
      if (!isInvalidDbInstanceState(err)) throw err;
      const waited = opts.now() - start;
      if (waited + pause > timeout) {
        throw new Error(
          `RDS snapshot ${snapshotId}: ${instanceIdentifier} stayed busy (InvalidDBInstanceState) for ${Math.round(waited / 1000)} s over ${attempt} attempt(s); run the deploy again once the instance is available`,
          { cause: err },
        );
      }
      opts.progress?.(
        `RDS snapshot ${snapshotId}: ${instanceIdentifier} is busy (InvalidDBInstanceState), attempt ${attempt}; retrying in ${Math.round(pause / 1000)} s`,
      );
      await opts.sleep(pause);
      pause = Math.min(pause * 2, SNAPSHOT_RETRY_MAX_MS);
    }
  }
  await poll(
    { ...opts, timeoutMs: Math.max(0, timeout - (opts.now() - start)) },
    `RDS snapshot ${snapshotId}`,
    async () => {
      const d = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: snapshotId }), {
        abortSignal: opts.signal,
      });
      const snap = d.DBSnapshots?.[0];
      const status = snap?.Status;
      if (status === "failed" || status === "deleted")
        throw new Error(`RDS snapshot ${snapshotId} ${status}`);
      if (status === "available") return { done: status };
      return {
        status: `${status ?? "unknown"}${snap?.PercentProgress !== undefined ? ` ${snap.PercentProgress} %` : ""}`,
      };
    },
  );
  return snapshotId;
}

/** The tag on every pre-migration snapshot slipway takes (and the only ones its cleanup deletes). */
export const SNAPSHOT_TAG = { Key: "slipway:purpose", Value: "pre-migration" } as const;

/** How many pre-migration snapshots of an instance are kept by default (the newest). */
export const DEFAULT_SNAPSHOTS_KEPT = 5;

/**
 * Pure: the pre-migration snapshots to delete so that the `keep` newest available ones stay. Only manual
 * snapshots of `instance` tagged {@link SNAPSHOT_TAG} count; anything else (automated backups, snapshots
 * someone took by hand, snapshots still being created) is never touched.
 */
export function snapshotsToDelete(
  snapshots: readonly DBSnapshot[],
  instance: string,
  keep: number,
): string[] {
  const ours = snapshots
    .filter(
      (s) =>
        s.DBInstanceIdentifier === instance &&
        s.SnapshotType === "manual" &&
        s.Status === "available" &&
        !!s.DBSnapshotIdentifier &&
        !!s.SnapshotCreateTime &&
        (s.TagList ?? []).some((t) => t.Key === SNAPSHOT_TAG.Key && t.Value === SNAPSHOT_TAG.Value),
    )
    .sort((a, b) => b.SnapshotCreateTime!.getTime() - a.SnapshotCreateTime!.getTime());
  return ours.slice(Math.max(0, keep)).map((s) => s.DBSnapshotIdentifier!);
}

/**
 * Delete the pre-migration snapshots of `instance` beyond the `keep` newest (see {@link snapshotsToDelete}).
 * Returns the identifiers deleted.
 */
export async function cleanUpSnapshots(
  rds: Pick<RDSClient, "send">,
  instance: string,
  keep: number,
  signal?: AbortSignal,
): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`snapshots to keep must be a whole number >= 1, got ${keep}`);
  const all: DBSnapshot[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(
      new DescribeDBSnapshotsCommand({
        DBInstanceIdentifier: instance,
        SnapshotType: "manual",
        ...(marker ? { Marker: marker } : {}),
      }),
      { abortSignal: signal },
    );
    all.push(...(page.DBSnapshots ?? []));
    marker = page.Marker;
  } while (marker);
  const doomed = snapshotsToDelete(all, instance, keep);
  for (const id of doomed) {
    await rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: id }), { abortSignal: signal });
  }
  return doomed;
}

/** RDS snapshot identifiers: letters, digits, hyphens; start with a letter; at most 255 characters. */
export function snapshotIdentifier(instance: string, version: string, at: Date): string {
  const ts = at.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").toLowerCase();
  return `${instance}-pre-${version}-${ts}`
    .replace(/[^a-zA-Z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 255);
}

function ecsServicesOf(outputs: StackOutputs): { service: ServiceOutput; name: string }[] {
  return outputs.services.flatMap((s) =>
    Object.values(s.ecsServices)
      .filter((n): n is string => !!n)
      .map((name) => ({ service: s, name })),
  );
}

/**
 * Wait until every ECS service of the stack reached steady state: one deployment, rollout COMPLETED and
 * running = desired. A FAILED rollout (circuit breaker) fails at once.
 */
export async function waitForSteadyState(
  ecs: Pick<ECSClient, "send">,
  outputs: StackOutputs,
  opts: PollOptions,
): Promise<void> {
  const byCluster = new Map<string, string[]>();
  for (const { service, name } of ecsServicesOf(outputs)) {
    byCluster.set(service.clusterName, [...(byCluster.get(service.clusterName) ?? []), name]);
  }
  await poll(opts, "ECS steady state", async () => {
    for (const [cluster, names] of byCluster) {
      for (let i = 0; i < names.length; i += 10) {
        const d = await ecs.send(new DescribeServicesCommand({ cluster, services: names.slice(i, i + 10) }), {
          abortSignal: opts.signal,
        });
        if ((d.failures ?? []).length > 0)
          throw new Error(`ECS: ${d.failures!.map((f) => `${f.arn} ${f.reason}`).join("; ")}`);
        for (const s of d.services ?? []) {
          const deployments = s.deployments ?? [];
          if (deployments.some((x) => x.rolloutState === "FAILED")) {
            throw new Error(
              `ECS deployment of ${s.serviceName} failed: ${deployments.find((x) => x.rolloutState === "FAILED")?.rolloutStateReason ?? ""}`,
            );
          }
          const primary = deployments[0];
          const steady =
            deployments.length === 1 &&
            (primary.rolloutState === undefined || primary.rolloutState === "COMPLETED") &&
            s.runningCount === s.desiredCount;
          if (!steady)
            return {
              status: `${s.serviceName} ${s.runningCount ?? 0}/${s.desiredCount ?? 0} tasks, ${deployments.length} deployment(s)`,
            };
        }
      }
    }
    return { done: true };
  });
}

/** Running vs desired tasks of every ECS service of the stack (for the report). */
export async function serviceHealth(
  ecs: Pick<ECSClient, "send">,
  outputs: StackOutputs,
  signal?: AbortSignal,
): Promise<ServiceHealth[]> {
  const rows: ServiceHealth[] = [];
  for (const { service, name } of ecsServicesOf(outputs)) {
    const d = await ecs.send(
      new DescribeServicesCommand({ cluster: service.clusterName, services: [name] }),
      { abortSignal: signal },
    );
    const s = d.services?.[0];
    rows.push({
      service: service.name,
      ecsService: name,
      running: s?.runningCount ?? 0,
      desired: s?.desiredCount ?? service.desiredCount,
    });
  }
  return rows;
}
