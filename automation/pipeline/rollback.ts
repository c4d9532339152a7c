/**
 * `rollback(options)`: put a stack back on an earlier version. An immediate traffic switch where the
 * strategy allows it (the other colour still runs the version), otherwise a redeploy of the last good
 * config with that version from the stack history. Smoke-tests the result and writes the report and
 * signal. Blocked by a tooling gate (no Pulumi CLI, no AWS credentials) it writes nothing: the stage's
 * last signal stands. Never prints, never exits.
 */
import { join, resolve } from "node:path";
import type { StackOutputs } from "../../outputs";
import { InputError } from "../../lib/errors";
import { secretConfigValues, secretsInState } from "../../lib/redact";
import type { Engine, ResourceChange } from "../engine/types";
import { blockingIssues, evaluateGates } from "../../release/gates";
import { buildDeploymentReport } from "../report/deployment-report";
import { buildRunSignal } from "../report/signal";
import {
  REPORT_PATH,
  type EnvironmentOutcome,
  type MigrationOutcome,
  type ServiceHealth,
  type StepRecord,
} from "../report/types";
import { writeReport, writeSignal } from "../report/write";
import { failedChecks, runSmokeChecks, smokeChecks, smokePassed, type SmokeResult } from "../smoke";
import { AbortedError, serviceHealth, waitForSteadyState } from "./aws";
import {
  isConcurrentUpdate,
  redactedRun,
  resolveEngine,
  resolveFacts,
  resolveSeams,
  safeMessage,
  stepRunner,
  type Seams,
} from "./context";
import { preflightLoad, targetEnvironments } from "./deploy";
import { PROJECT_DIR } from "./defaults";
import { withEngineTail } from "./engine-output";
import { policyOptions, RELEASE_KEY } from "./environment";
import { elapsedOf } from "./progress";
import { parseStackOutputs, stateFromOutputs } from "./stack-outputs";
import { immediateSwitch, parseReleaseState, serialiseReleaseState, type ReleaseState } from "./strategy";
import type { DeployResult, RollbackOptions } from "./types";
import { isTwoColourStrategy } from "../../lib/strategy";

/** Resource types an immediate switch may change: the weighted listener rules and the stack (its outputs). */
export const ROUTING_TYPES: readonly string[] = [
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/listener:Listener",
  "pulumi:pulumi:Stack",
];

/** The changes of a preview that are not traffic routing (pure). */
export function nonRoutingChanges(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes.filter((c) => !ROUTING_TYPES.includes(c.type));
}

export interface RollbackTarget {
  readonly kind: "immediate" | "redeploy";
  readonly state: ReleaseState;
  /** Where the state came from (for the log and report). */
  readonly source: string;
}

/**
 * Pure choice of the rollback target: an immediate switch to the idle colour when it runs the wanted
 * version, else the newest succeeded update in `history` (newest first) that ran a different version (or
 * exactly `toVersion`).
 */
export function chooseRollbackTarget(
  strategy: Parameters<typeof immediateSwitch>[0],
  current: ReleaseState,
  history: readonly { version: number; result: string; config: Record<string, { value: string }> }[],
  toVersion?: string,
): RollbackTarget | undefined {
  const switched = immediateSwitch(strategy, current, toVersion);
  if (switched) return { kind: "immediate", state: switched, source: `idle colour runs ${switched.version}` };
  for (const h of history) {
    if (h.result !== "succeeded") continue;
    let s: ReleaseState | undefined;
    try {
      s = parseReleaseState(h.config[RELEASE_KEY]?.value);
    } catch {
      continue;
    }
    if (!s || s.version === current.version) continue;
    if (toVersion && s.version !== toVersion) continue;
    const state: ReleaseState = isTwoColourStrategy(strategy)
      ? { ...s, idleWeight: 0 }
      : { version: s.version, activeColour: "blue", idleWeight: 0 };
    return { kind: "redeploy", state, source: `stack history update #${h.version}` };
  }
  return undefined;
}

/** How long a rollback waits for a stack lock held by another update (a cancelled deploy finishing). */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;
/** Pause between attempts while the stack is locked. */
export const LOCK_RETRY_INTERVAL_MS = 30_000;

/**
 * Run `fn`, and while it fails because another update holds the stack's lock (the deploy the rollback
 * workflow just cancelled is still writing its state), try again every 30 s up to `timeoutMs`, with a
 * progress line each time. Never forces the lock; the last lock error is rethrown after the wait.
 */
export async function whileLocked<T>(
  seams: Pick<Seams, "now" | "sleep" | "log" | "signal">,
  stack: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const start = seams.now();
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const waited = seams.now() - start;
      if (!isConcurrentUpdate(err) || seams.signal?.aborted || waited + LOCK_RETRY_INTERVAL_MS > timeoutMs)
        throw err;
      seams.log(
        "info",
        `stack ${stack} is locked by another update (a cancelled deploy still finishing?); waiting, ${elapsedOf(waited, timeoutMs)}`,
        { stack },
      );
      await seams.sleep(LOCK_RETRY_INTERVAL_MS);
    }
  }
}

export async function rollback(o: RollbackOptions): Promise<DeployResult> {
  const seams = resolveSeams(o);
  return redactedRun(seams, () => rollbackWith(o, seams));
}

async function rollbackWith(o: RollbackOptions, seams: Seams): Promise<DeployResult> {
  const { now, log, signal } = seams;
  const root = resolve(o.artifactsDir);
  const startedAt = new Date(now());
  const release = await preflightLoad(o, root, seams);
  const [environment] = targetEnvironments(release, o.stack, o.stacks);
  const stack = environment.name;
  const writeOpts = { validate: o.validate, redactor: seams.redactor };

  const gateIssues = evaluateGates({
    release: {
      ...release,
      gates: {
        ...release.gates,
        qaRecommendation: "approve_for_deployment",
        qaBlockers: [],
        deploymentApprovalReceived: true,
      },
    },
    environment: { ...environment, type: "staging", requiresApproval: false },
    ...(await resolveFacts(o)),
  }).filter((g) => g.gate === "tooling");
  if (blockingIssues(gateIssues).length > 0) {
    // Nothing started, so nothing changed: no report and no signal. A deployment-blocked signal here would
    // replace the stage's last signal (often the completed deployment being rolled back) with one that
    // misdescribes what happened. The caller prints the issues and exits 3.
    return { status: "blocked", exitCode: 3, environments: [], gateIssues, reportErrors: [] };
  }

  const engine: Engine = await resolveEngine(o);
  const lockWaitMs = o.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const steps: StepRecord[] = [];
  const step = stepRunner(seams, stack, steps);
  const migrations: MigrationOutcome = {
    executed: false,
    files: [],
    status: "skipped",
    rollbackAvailable: release.migrations.every((m) => m.rollbackAvailable),
  };
  /** Report and signal for the outcome, validated and written; exit 0 only when rolled back. */
  const finish = (outcome: EnvironmentOutcome): DeployResult => {
    const report = buildDeploymentReport(outcome, { release, env: seams.env, costs: o.costs });
    const reportErrors = writeReport(root, stack, report, writeOpts);
    const s = buildRunSignal({
      release,
      outcomes: [outcome],
      gateIssues: [],
      startedAt,
      finishedAt: new Date(now()),
      reportErrors,
    });
    return {
      status: outcome.status,
      exitCode: outcome.status === "rolled_back" ? 0 : 1,
      environments: [outcome],
      gateIssues: [],
      report,
      ...(reportErrors.length === 0 ? { reportPath: resolve(root, REPORT_PATH) } : {}),
      reportErrors,
      signal: s,
      signalPath: writeSignal(root, s, writeOpts),
    };
  };

  let chosen: { before: StackOutputs; current: ReleaseState; target: RollbackTarget };
  try {
    chosen = await whileLocked(seams, stack, lockWaitMs, () =>
      chooseFromStack(engine, stack, o.toVersion, seams.addSecrets),
    );
  } catch (err) {
    if (err instanceof InputError) throw err;
    // The stack could not be read (backend, lock, permissions): nothing changed, but the run is reported.
    const locked = isConcurrentUpdate(err);
    const failure = `rollback of ${stack} did not start, nothing was changed: ${safeMessage(seams, err)}`;
    log("error", failure, { stack });
    return finish({
      environment,
      stack,
      status: "failed",
      strategy: release.strategy,
      version: release.version,
      startedAt,
      finishedAt: new Date(now()),
      steps,
      migrations,
      smoke: [],
      serviceHealth: [],
      failure,
      ...(locked ? { locked } : {}),
      warnings: [],
    });
  }
  const { before, current, target } = chosen;
  const strategy = before.strategy;
  log(
    "info",
    `rolling ${stack} back from ${current.version} to ${target.state.version} (${target.kind}: ${target.source})`,
    { stack },
  );

  const smoke: SmokeResult[] = [];
  let outputs = before;
  let failure: string | undefined;
  let cancelled = false;
  let locked = false;
  // Cancellation is SIGINT only (the signal reaches the CLI through the Automation API); never `pulumi cancel`.
  const policy = policyOptions(
    o.policyPacks ?? [join(PROJECT_DIR, "policies")],
    environment.type,
    o.backupDir ?? join(PROJECT_DIR, ".out", "state-backups"),
    stack,
  );
  try {
    if (target.kind === "immediate") {
      await step("preview: the switch changes only the traffic routing", async () => {
        await engine.setConfig(stack, { [RELEASE_KEY]: { value: serialiseReleaseState(target.state) } });
        const p = await engine.preview(stack, {
          signal,
          onOutput: (l) => log("detail", l, { stack }),
          ...policy,
        });
        if (p.policyViolations.length > 0)
          throw new Error(
            `${p.policyViolations.length} mandatory policy violation(s): ${p.policyViolations.map((v) => `${v.policy}: ${v.message}`).join("; ")}`,
          );
        const other = nonRoutingChanges(p.changes ?? []);
        if (other.length === 0) return;
        const list = other.map((c) => `${c.op} ${c.type} ${c.urn.split("::").pop()}`).join("; ");
        if (o.allowNonRoutingChanges) {
          log("warn", `the switch also changes: ${list} (allowed by --allow-non-routing-changes)`, { stack });
          return;
        }
        throw new Error(
          `an immediate switch must change only the traffic routing, but this checkout would also change: ${list}. ` +
            `Run the rollback from the commit that is deployed, or pass --allow-non-routing-changes to apply them too`,
        );
      });
    }
    await step(
      `${target.kind === "immediate" ? "switch traffic" : "redeploy"} to ${target.state.version}`,
      async () => {
        // The immediate switch set it before its preview.
        if (target.kind !== "immediate")
          await engine.setConfig(stack, { [RELEASE_KEY]: { value: serialiseReleaseState(target.state) } });
        if (signal?.aborted) throw new AbortedError();
        // The policy packs guard the rollback's update as they guard every deploy update.
        const r = await whileLocked(seams, stack, lockWaitMs, () =>
          engine.up(stack, {
            signal,
            onOutput: (l) => log("detail", l, { stack }),
            ...policy,
          }),
        );
        if (r.result !== "succeeded") throw new Error(withEngineTail(`pulumi up ${r.result}`, r.stdout));
        outputs = parseStackOutputs(r.outputs) ?? outputs;
        if (strategy === "rolling") {
          await waitForSteadyState(seams.ecsClient, outputs, { now, sleep: seams.sleep, signal, ...o.poll });
        }
      },
    );
    await step("smoke tests", async () => {
      const r = await runSmokeChecks(smokeChecks(outputs), {
        fetch: seams.fetch,
        sleep: seams.sleep,
        now,
        signal,
        ...o.smoke,
      });
      // Every check of a rollback runs against the version it put back in service.
      smoke.push(...r.map((x) => ({ ...x, phase: "after-rollback" as const })));
      if (!smokePassed(r)) throw new Error(`smoke tests failed after rollback: ${failedChecks(r)}`);
    });
  } catch (err) {
    failure = safeMessage(seams, err);
    cancelled = !!signal?.aborted || err instanceof AbortedError;
    locked = !cancelled && isConcurrentUpdate(err);
  }

  let health: ServiceHealth[] = [];
  const warnings: string[] = [];
  try {
    health = await serviceHealth(seams.ecsClient, outputs, signal);
  } catch (err) {
    warnings.push(`could not read ECS service health: ${safeMessage(seams, err)}`);
  }
  const succeeded = !failure;
  return finish({
    environment,
    stack,
    status: succeeded ? "rolled_back" : "failed",
    strategy,
    version: current.version,
    previousVersion: target.state.version,
    startedAt,
    finishedAt: new Date(now()),
    outputs,
    steps,
    migrations,
    smoke,
    rollback: {
      kind: target.kind,
      toVersion: target.state.version,
      succeeded,
      ...(failure ? { reason: failure } : {}),
    },
    serviceHealth: health,
    failure: failure ?? `rolled back on operator request (npm run rollback -- --stack ${stack})`,
    ...(cancelled ? { cancelled } : {}),
    ...(locked ? { locked } : {}),
    warnings,
  });
}

/** Read the stack (outputs, history) and choose the target; bad input (InputError) when there is none. */
async function chooseFromStack(
  engine: Engine,
  stack: string,
  toVersion: string | undefined,
  addSecrets: (values: Iterable<unknown>) => void,
): Promise<{ before: StackOutputs; current: ReleaseState; target: RollbackTarget }> {
  await engine.selectStack(stack);
  const raw = await engine.outputs(stack);
  addSecrets(secretsInState(raw));
  const before = parseStackOutputs(raw);
  const current = stateFromOutputs(before);
  if (!before || !current) {
    throw new InputError(
      `stack ${stack}`,
      "outputs",
      "the stack has never been deployed",
      "deploy it first; there is nothing to roll back",
    );
  }
  if (toVersion === current.version) {
    throw new InputError(
      "--to-version",
      "",
      `${stack} already runs ${toVersion}`,
      "name an earlier version, or omit --to-version",
    );
  }
  const history = await engine.history(stack, 50);
  // Each update's config holds the stack's secret config in plaintext: mask it from here on.
  addSecrets(history.flatMap((h) => secretConfigValues(h.config)));
  const target = chooseRollbackTarget(before.strategy, current, history, toVersion);
  if (!target) {
    throw new InputError(
      "--to-version",
      "",
      toVersion
        ? `no successful update of ${stack} ran ${toVersion}`
        : `no earlier successful update of ${stack} ran another version`,
      "pick a version from `pulumi stack history --stack " + stack + "`",
    );
  }
  return { before, current, target };
}
