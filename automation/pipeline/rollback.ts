/**
 * `rollback(options)`: put a stack back on an earlier version. An immediate traffic switch where the
 * strategy allows it (the other colour still runs the version), otherwise a redeploy of the last good
 * config with that version from the stack history. Smoke-tests the result and writes the report and
 * signal. Never prints, never exits.
 */
import { resolve } from "node:path";
import { InputError } from "../errors";
import type { Engine } from "../engine/types";
import { blockingIssues, evaluateGates } from "../../release/gates";
import { buildDeploymentReport } from "../report/deployment-report";
import { buildRunSignal } from "../report/signal";
import type { EnvironmentOutcome, MigrationOutcome, ServiceHealth, StepRecord } from "../report/types";
import { writeReport, writeSignal } from "../report/write";
import { runSmokeChecks, smokeChecks, smokePassed, type SmokeResult } from "../smoke";
import { AbortedError, serviceHealth, waitForSteadyState } from "./aws";
import { errorMessage, isConcurrentUpdate, resolveEngine, resolveFacts, resolveSeams } from "./context";
import { blockedResult, preflightLoad, targetEnvironments } from "./deploy";
import { RELEASE_KEY } from "./environment";
import { parseStackOutputs, stateFromOutputs } from "./stack-outputs";
import {
  immediateSwitch,
  parseReleaseState,
  serialiseReleaseState,
  TWO_COLOUR,
  type ReleaseState,
} from "./strategy";
import type { DeployResult, RollbackOptions } from "./types";

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
    const state: ReleaseState = TWO_COLOUR.has(strategy)
      ? { ...s, idleWeight: 0 }
      : { version: s.version, activeColour: "blue", idleWeight: 0 };
    return { kind: "redeploy", state, source: `stack history update #${h.version}` };
  }
  return undefined;
}

export async function rollback(o: RollbackOptions): Promise<DeployResult> {
  const seams = resolveSeams(o);
  const { now, log, signal } = seams;
  const root = resolve(o.artifactsDir);
  const startedAt = new Date(now());
  const safeMessage = (err: unknown) => seams.redactor(errorMessage(err));
  const release = await preflightLoad(o, root, seams);
  if (o.stack === "all")
    throw new InputError(
      "--stack",
      "",
      "rollback works on one stack",
      "name the environment, e.g. --stack production",
    );
  const [environment] = targetEnvironments(release, o.stack);
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
  if (blockingIssues(gateIssues).length > 0)
    return blockedResult(root, release, gateIssues, new Date(now()), writeOpts);

  const engine: Engine = await resolveEngine(o);
  await engine.selectStack(stack);
  const before = parseStackOutputs(await engine.outputs(stack));
  const current = stateFromOutputs(before);
  if (!before || !current) {
    throw new InputError(
      `stack ${stack}`,
      "outputs",
      "the stack has never been deployed",
      "deploy it first; there is nothing to roll back",
    );
  }
  const strategy = before.strategy;
  if (o.toVersion === current.version) {
    throw new InputError(
      "--to-version",
      "",
      `${stack} already runs ${o.toVersion}`,
      "name an earlier version, or omit --to-version",
    );
  }
  const history = await engine.history(stack, 50);
  const target = chooseRollbackTarget(strategy, current, history, o.toVersion);
  if (!target) {
    throw new InputError(
      "--to-version",
      "",
      o.toVersion
        ? `no successful update of ${stack} ran ${o.toVersion}`
        : `no earlier successful update of ${stack} ran another version`,
      "pick a version from `pulumi stack history --stack " + stack + "`",
    );
  }
  log(
    "info",
    `rolling ${stack} back from ${current.version} to ${target.state.version} (${target.kind}: ${target.source})`,
    { stack },
  );

  const steps: StepRecord[] = [];
  const smoke: SmokeResult[] = [];
  let outputs = before;
  let failure: string | undefined;
  let cancelled = false;
  let locked = false;
  let busy = false;
  const onAbort = () => {
    if (busy)
      engine.cancel(stack).catch((e: unknown) => log("error", `cancel failed: ${safeMessage(e)}`, { stack }));
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const step = async (name: string, fn: () => Promise<void>) => {
    const t0 = now();
    log("info", `${name} ...`, { stack });
    try {
      await fn();
      steps.push({ name, status: "ok", durationMs: now() - t0 });
      log("info", `${name}: ok`, { stack, durationMs: now() - t0 });
    } catch (err) {
      steps.push({ name, status: "failed", durationMs: now() - t0, detail: safeMessage(err) });
      log("error", `${name}: failed: ${safeMessage(err)}`, { stack, durationMs: now() - t0 });
      throw err;
    }
  };
  try {
    await step(
      `${target.kind === "immediate" ? "switch traffic" : "redeploy"} to ${target.state.version}`,
      async () => {
        await engine.setConfig(stack, { [RELEASE_KEY]: { value: serialiseReleaseState(target.state) } });
        if (signal?.aborted) throw new AbortedError();
        busy = true;
        const r = await engine
          .up(stack, { signal, onOutput: (l) => log("detail", l, { stack }) })
          .finally(() => (busy = false));
        if (r.result !== "succeeded") throw new Error(`pulumi up ${r.result}`);
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
      smoke.push(...r);
      if (!smokePassed(r))
        throw new Error(
          `smoke tests failed after rollback: ${r
            .filter((x) => x.status === "failed")
            .map((x) => `${x.name}: ${x.details}`)
            .join("; ")}`,
        );
    });
  } catch (err) {
    failure = safeMessage(err);
    cancelled = !!signal?.aborted || err instanceof AbortedError;
    locked = !cancelled && isConcurrentUpdate(err);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }

  let health: ServiceHealth[] = [];
  const warnings: string[] = [];
  try {
    health = await serviceHealth(seams.ecsClient, outputs, signal);
  } catch (err) {
    warnings.push(`could not read ECS service health: ${safeMessage(err)}`);
  }
  const migrations: MigrationOutcome = {
    executed: false,
    files: [],
    status: "skipped",
    rollbackAvailable: release.migrations.every((m) => m.rollbackAvailable),
  };
  const succeeded = !failure;
  const outcome: EnvironmentOutcome = {
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
  };
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
    exitCode: succeeded ? 0 : 1,
    environments: [outcome],
    gateIssues: [],
    report,
    ...(reportErrors.length === 0
      ? { reportPath: resolve(root, "ARTIFACTS/devops-engineer/deployment-report.json") }
      : {}),
    reportErrors,
    signal: s,
    signalPath: writeSignal(root, s, writeOpts),
  };
}
