/**
 * The AWS side of a rollout, over injected SDK v3 clients: database migrations as a one-off ECS task,
 * an RDS snapshot before them (production), ECS steady-state waits (rolling) and the live task counts
 * for the report. Polling uses the injected clock/sleep and honours the AbortSignal.
 */
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import { CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, type RDSClient } from "@aws-sdk/client-rds";
import type { ServiceOutput, StackOutputs } from "../../outputs";
import type { ServiceHealth } from "../report/types";
import { isRetryableAwsError } from "../../lib/aws";

export interface PollOptions {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /** @default 10000 */
  readonly intervalMs?: number;
  /** @default 30 min */
  readonly timeoutMs?: number;
}

export class AbortedError extends Error {
  constructor() {
    super("cancelled");
    this.name = "AbortedError";
  }
}

async function poll<T>(opts: PollOptions, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const interval = opts.intervalMs ?? 10_000;
  const timeout = opts.timeoutMs ?? 30 * 60_000;
  const start = opts.now();
  let lastError: unknown;
  for (;;) {
    if (opts.signal?.aborted) throw new AbortedError();
    let v: T | undefined;
    try {
      v = await probe();
      lastError = undefined;
    } catch (err) {
      // Throttling and timeouts are "not yet": keep polling until the timeout, then say why.
      if (!isRetryableAwsError(err)) throw err;
      lastError = err;
    }
    if (v !== undefined) return v;
    if (opts.now() - start >= timeout) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.name}: ${lastError.message})` : "";
      throw new Error(`${what}: timed out after ${Math.round(timeout / 1000)} s${why}`);
    }
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
 * Run the migration task definition of `service` once (Fargate, private subnets, no public IP) and wait
 * for it to stop. Fails on a non-zero (or missing) exit code of any essential container.
 */
export async function runMigrationTask(
  ecs: Pick<ECSClient, "send">,
  service: ServiceOutput,
  startedBy: string,
  opts: PollOptions,
): Promise<MigrationTaskResult> {
  if (!service.migrationTaskDefinition || !service.networkConfiguration) {
    throw new Error(
      `service ${service.name} has no migration task definition or network configuration in the stack outputs`,
    );
  }
  const run = await ecs.send(
    new RunTaskCommand({
      cluster: service.clusterName,
      taskDefinition: service.migrationTaskDefinition,
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
  const stopped = await poll(opts, `migration task ${taskArn}`, async () => {
    const d = await ecs.send(new DescribeTasksCommand({ cluster: service.clusterName, tasks: [taskArn] }), {
      abortSignal: opts.signal,
    });
    const t = d.tasks?.[0];
    return t?.lastStatus === "STOPPED" ? t : undefined;
  });
  const containers = stopped.containers ?? [];
  const bad = containers.find((c) => c.exitCode !== 0);
  const exitCode = bad ? bad.exitCode : containers[0]?.exitCode;
  if (containers.length === 0 || bad) {
    return {
      taskArn,
      exitCode,
      ok: false,
      reason: `migration task exited ${exitCode === undefined ? "without an exit code" : `with code ${exitCode}`}${
        bad?.reason || stopped.stoppedReason ? `: ${bad?.reason ?? stopped.stoppedReason}` : ""
      }`,
    };
  }
  return { taskArn, exitCode: 0, ok: true, reason: "exit code 0" };
}

/** Take a manual RDS snapshot and wait until it is available. Returns its identifier. */
export async function snapshotDatabase(
  rds: Pick<RDSClient, "send">,
  instanceIdentifier: string,
  snapshotId: string,
  opts: PollOptions,
): Promise<string> {
  await rds.send(
    new CreateDBSnapshotCommand({
      DBInstanceIdentifier: instanceIdentifier,
      DBSnapshotIdentifier: snapshotId,
      Tags: [{ Key: "slipway:purpose", Value: "pre-migration" }],
    }),
    { abortSignal: opts.signal },
  );
  await poll(opts, `RDS snapshot ${snapshotId}`, async () => {
    const d = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: snapshotId }), {
      abortSignal: opts.signal,
    });
    const status = d.DBSnapshots?.[0]?.Status;
    if (status === "failed" || status === "deleted") throw new Error(`RDS snapshot ${snapshotId} ${status}`);
    return status === "available" ? status : undefined;
  });
  return snapshotId;
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
          if (!steady) return undefined;
        }
      }
    }
    return true;
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
