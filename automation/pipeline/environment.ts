/**
 * One environment of a deployment: preview with the policy packs, state backup, rollout per strategy
 * with migrations and the idle smoke test / canary analysis in their place, smoke tests, bake, and
 * rollback on failure. Returns what happened; never throws for a deployment failure.
 */
import { chmodSync } from "node:fs";
import { join } from "node:path";
import type { ConfigValue, Engine, OperationOptions } from "../engine/types";
import type { StackOutputs } from "../../outputs";
import type { EnvironmentSpec, Release, Strategy } from "../../release/model";
import { analyseCanary, bake, type BakeResult } from "../bake";
import { writeFileAtomic } from "../fs/atomic";
import { scrubState, secretConfigValues, secretsInState } from "../../lib/redact";
import { packConfigFor } from "../../policies/all";
import { inventoryFromState, type Inventory } from "../report/inventory";
import {
  failedChecks,
  runSmokeChecks,
  smokeChecks,
  smokePassed,
  type SmokePhase,
  type SmokeResult,
} from "../smoke";
import type {
  EnvironmentOutcome,
  MigrationOutcome,
  RollbackOutcome,
  ServiceHealth,
  StepRecord,
} from "../report/types";
import {
  AbortedError,
  cleanUpSnapshots,
  DEFAULT_SNAPSHOTS_KEPT,
  runMigrationTask,
  serviceHealth,
  snapshotDatabase,
  snapshotIdentifier,
  waitForSteadyState,
  type PollOptions,
} from "./aws";
import {
  isConcurrentUpdate,
  safeMessage as redacted,
  StepFailure,
  stepRunner,
  withHeartbeat,
  type Seams,
} from "./context";
import { otherColour } from "../../lib/strategy";
import { parseStackOutputs, stateFromOutputs } from "./stack-outputs";
import {
  DEFAULT_CANARY_STEPS,
  parseReleaseState,
  rollbackState,
  rolloutSteps,
  sameServices,
  serialiseReleaseState,
  type ReleaseState,
} from "./strategy";
import { commandOutputOf, withEngineTail } from "./engine-output";
import type { DeployOptions } from "./types";
import { IMAGES_KEY, mergeImages, parseStoredImages } from "../../release/images";

export const RELEASE_KEY = "slipway:release";

/** The release state deployed before this run: the stack's outputs, else its `slipway:release`. */
function before0(
  outputs: StackOutputs | undefined,
  release: ConfigValue | undefined,
): ReleaseState | undefined {
  return stateFromOutputs(outputs) ?? parseReleaseState(release?.value);
}

/** Ends a `previewOnly` run after its preview (not a failure). */
class PreviewOnly extends Error {}

/**
 * The policy packs of every engine operation on `stack`: the pack config for the environment type is written
 * to `dir` (policy-config.<stack>.json) and passed beside each pack.
 */
export function policyOptions(
  packs: readonly string[],
  environmentType: EnvironmentSpec["type"],
  dir: string,
  stack: string,
  configFor: NonNullable<DeployOptions["policyPackConfigFor"]> = packConfigFor,
): Pick<OperationOptions, "policyPacks" | "policyPackConfigs"> {
  const file = join(dir, `policy-config.${stack}.json`);
  writeFileAtomic(file, `${JSON.stringify(configFor(environmentType), null, 2)}\n`);
  return { policyPacks: packs, policyPackConfigs: packs.map(() => file) };
}

/** What a smoke check's name gets for the phase it ran in (the idle label comes from the check itself). */
const SMOKE_SUFFIX: Record<SmokePhase, string> = {
  idle: "",
  rollout: "",
  "after-bake": " after bake",
  "after-rollback": " after rollback",
};

export interface EnvironmentRun {
  readonly engine: Engine;
  readonly release: Release;
  readonly environment: EnvironmentSpec;
  readonly strategy: Strategy;
  readonly seams: Seams;
  readonly options: DeployOptions;
  readonly policyPacks: readonly string[];
  readonly backupDir: string;
}

/** Default bake window: the role document's hour in production, 10 minutes elsewhere. */
export function defaultBakeMinutes(env: EnvironmentSpec): number {
  return env.type === "production" ? 60 : 10;
}

export async function runEnvironment(run: EnvironmentRun): Promise<EnvironmentOutcome> {
  const { engine, release, environment, strategy, seams, options } = run;
  const stack = environment.name;
  const { now, log, signal } = seams;
  const startedAt = new Date(now());
  const safeMessage = (err: unknown) => redacted(seams, err);
  const steps: StepRecord[] = [];
  const warnings: string[] = [];
  const smoke: SmokeResult[] = [];
  let outputs: StackOutputs | undefined;
  let before: ReleaseState | undefined;
  let originalRelease: ConfigValue | undefined;
  let bakeResult: BakeResult | undefined;
  let backupFile: string | undefined;
  let lastSet: string | undefined;
  let lastApplied: string | undefined;
  let lastAppliedState: ReleaseState | undefined;
  let updatesAttempted = 0;
  let newVersionDeployed = false;
  const pending = release.migrations.filter((m) => m.status === "pending");
  let migrations: MigrationOutcome = {
    executed: false,
    files: [],
    status: "skipped",
    rollbackAvailable: release.migrations.every((m) => m.rollbackAvailable),
  };
  const poll: PollOptions = {
    now,
    sleep: seams.sleep,
    signal,
    ...options.poll,
    progress: (message) => log("info", message, { stack, progress: true }),
  };
  const onOutput = (line: string) => log("detail", line, { stack });
  // The policy packs (and their config for this environment type) are enforced on the preview and on every
  // `up`: canary steps, the traffic switch and the automatic rollback included.
  let opOptions: OperationOptions = { signal, onOutput };

  // Cancellation is SIGINT only: the abort signal reaches the running CLI through the Automation API, which
  // sends it SIGINT so the CLI finishes the operations in flight and writes the state. Never `pulumi cancel`
  // (it drops the lock while the CLI may still be writing).
  const step = stepRunner(seams, stack, steps);
  const engineOp = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) throw new AbortedError();
    return fn();
  };
  const setRelease = async (state: ReleaseState, extra: Record<string, ConfigValue> = {}) => {
    const value = serialiseReleaseState(state);
    if (value === lastSet && Object.keys(extra).length === 0) return;
    await engine.setConfig(stack, { ...extra, [RELEASE_KEY]: { value } });
    lastSet = value;
  };
  const update = async (state: ReleaseState, waitSteady: boolean) => {
    await setRelease(state);
    updatesAttempted++;
    const r = await engineOp(() =>
      withHeartbeat(
        seams,
        stack,
        "pulumi up",
        (out) => engine.up(stack, { ...opOptions, onOutput: out }),
        onOutput,
      ),
    );
    seams.addSecrets(secretsInState(r.outputs));
    if (r.result !== "succeeded") throw new StepFailure(withEngineTail(`pulumi up ${r.result}`, r.stdout));
    lastApplied = serialiseReleaseState(state);
    lastAppliedState = state;
    outputs = parseStackOutputs(r.outputs) ?? outputs;
    if (waitSteady && outputs) await waitForSteadyState(seams.ecsClient, outputs, poll);
  };
  const runSmoke = async (phase: SmokePhase): Promise<SmokeResult[]> => {
    const idle = phase === "idle";
    const suffix = SMOKE_SUFFIX[phase];
    if (!outputs) throw new StepFailure("the stack exports no outputs to smoke-test");
    const checks = smokeChecks(outputs, { idle });
    if (checks.length === 0) {
      if (idle) throw new StepFailure("no service exposes a header route to its idle colour");
      throw new StepFailure("the stack outputs name no health check or frontend URL to smoke-test");
    }
    const results = await runSmokeChecks(checks, {
      fetch: seams.fetch,
      sleep: seams.sleep,
      now,
      signal,
      ...options.smoke,
    });
    smoke.push(...results.map((r) => ({ ...r, name: `${r.name}${suffix}`, phase })));
    if (signal?.aborted) throw new AbortedError();
    return results;
  };
  const migrate = async () => {
    if (pending.length === 0 || !outputs) return;
    const api = outputs.services.find((s) => s.migrationTaskDefinition) ?? outputs.services[0];
    let snapshotId: string | undefined;
    const files = pending.map((m) => m.file);
    migrations = {
      ...migrations,
      executed: true,
      files,
      status: "failed",
      rollbackAvailable: pending.every((m) => m.rollbackAvailable),
    };
    if (environment.type === "production") {
      if (!outputs.database)
        throw new StepFailure("production migrations need a database in the stack outputs to snapshot");
      const db = outputs.database;
      snapshotId = await step(`snapshot database ${db.instanceIdentifier}`, () =>
        snapshotDatabase(
          seams.rdsClient,
          db.instanceIdentifier,
          snapshotIdentifier(db.instanceIdentifier, release.version, new Date(now())),
          poll,
        ),
      );
      migrations = { ...migrations, snapshotId };
      // Old pre-migration snapshots beyond the newest N go (this one is the newest); a failed cleanup
      // is a warning, never a failed deploy.
      const keep = options.snapshotsToKeep ?? DEFAULT_SNAPSHOTS_KEPT;
      try {
        const deleted = await cleanUpSnapshots(seams.rdsClient, db.instanceIdentifier, keep, signal);
        if (deleted.length > 0)
          log(
            "info",
            `deleted ${deleted.length} old pre-migration snapshot(s), kept ${keep}: ${deleted.join(", ")}`,
            {
              stack,
            },
          );
      } catch (err) {
        if (signal?.aborted) throw new AbortedError();
        warnings.push(
          `could not clean up old pre-migration snapshots of ${db.instanceIdentifier}: ${safeMessage(err)}`,
        );
      }
    }
    const result = await step(`run ${files.length} migration(s) as a one-off ECS task`, async () => {
      const r = await runMigrationTask(seams.ecsClient, api, `slipway-${release.version}`, poll);
      migrations = { ...migrations, taskArn: r.taskArn, exitCode: r.exitCode, reason: r.reason };
      if (!r.ok) throw new StepFailure(r.reason);
      return r;
    });
    migrations = { ...migrations, status: "success", reason: result.reason };
  };

  let failure: string | undefined;
  let cancelled = false;
  let locked = false;
  let rollback: RollbackOutcome | undefined;
  let health: ServiceHealth[] = [];
  try {
    await step(`select stack ${stack}`, () => engine.selectStack(stack));
    const rawOutputs = await engine.outputs(stack);
    seams.addSecrets(secretsInState(rawOutputs));
    outputs = parseStackOutputs(rawOutputs);
    const config = await engine.getConfig(stack);
    // The stack's secret config arrives in plaintext (an object set with --path as one JSON text): mask
    // every leaf of it in every line and file from here on.
    seams.addSecrets(secretConfigValues(config));
    originalRelease = config[RELEASE_KEY];
    before = before0(outputs, originalRelease);
    // The release's images by digest are stored with the stack under its version (build once, promote).
    const images = options.images ?? {};
    const imagesConfig: Record<string, ConfigValue> =
      Object.keys(images).length === 0
        ? {}
        : {
            [IMAGES_KEY]: {
              value: JSON.stringify(
                mergeImages(parseStoredImages(config[IMAGES_KEY]?.value), release.version, images, [
                  ...[before?.version, before?.idleVersion, before?.migrationVersion].filter(
                    (v): v is string => typeof v === "string",
                  ),
                ]),
              ),
            },
          };
    const plan = rolloutSteps(
      strategy,
      before,
      release.version,
      options.canarySteps ?? DEFAULT_CANARY_STEPS,
      pending.length > 0,
    );
    const first = plan.find((s) => s.kind === "update");
    if (!first || first.kind !== "update") throw new StepFailure("the rollout has no update step");
    log(
      "info",
      `rollout (${strategy}) from ${before ? before.version : "nothing"} to ${release.version}: ${plan.map((s) => s.label).join(" -> ")}`,
      { stack },
    );

    await step("preview with policy packs", async () => {
      await setRelease(first.state, {
        "slipway:environmentType": { value: environment.type },
        "slipway:artifactsDir": { value: release.root },
        "slipway:strategy": { value: strategy },
        ...imagesConfig,
      });
      opOptions = {
        ...opOptions,
        ...policyOptions(
          run.policyPacks,
          environment.type,
          run.backupDir,
          stack,
          options.policyPackConfigFor,
        ),
      };
      const p = await engineOp(() => engine.preview(stack, opOptions)).catch((err: unknown) => {
        const output = commandOutputOf(err);
        throw output === undefined ? err : new StepFailure(withEngineTail("pulumi preview failed", output));
      });
      if (p.policyViolations.length > 0) {
        throw new StepFailure(
          `${p.policyViolations.length} mandatory policy violation(s): ${p.policyViolations.map((v) => `${v.policy}: ${v.message}`).join("; ")}`,
        );
      }
      if (options.previewOnly) {
        const changes = Object.entries(p.changeSummary)
          .filter(([op, n]) => op !== "same" && n > 0)
          .map(([op, n]) => `${n} to ${op}`);
        log(
          "info",
          `preview of "${first.label}": ${changes.length > 0 ? changes.join(", ") : "no changes"}`,
          {
            stack,
          },
        );
        for (const line of p.stdout.split("\n")) if (line.trim() !== "") log("info", line, { stack });
      }
    });
    if (options.previewOnly) throw new PreviewOnly();

    backupFile = await step("export stack state to a backup", async () => {
      // The engine exports without --show-secrets: secret values are the stack's ciphertext, so the file can
      // be `pulumi stack import`ed as it is. A plaintext that still shows up (an engine that decrypted) is
      // removed, and the backup says it is incomplete.
      const exported = await engine.exportState(stack);
      seams.addSecrets(secretsInState(exported));
      const { state, secretsRemoved } = scrubState(exported, seams.redactor);
      if (secretsRemoved > 0) {
        warnings.push(
          `the state backup omits ${secretsRemoved} decrypted secret value(s); a restore from it must re-set them (pulumi config set --secret) before pulumi up`,
        );
      }
      const ts = new Date(now()).toISOString().replace(/[:.]/g, "-");
      const file = join(run.backupDir, `${stack}-${ts}.json`);
      writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
      chmodSync(file, 0o600);
      return file;
    });

    for (const s of plan) {
      if (s.kind === "update") {
        await step(s.label, () => update(s.state, s.waitSteady));
        if (s.state.idleVersion === release.version || s.state.version === release.version)
          newVersionDeployed = true;
      } else if (s.kind === "migrate") {
        // Its place in the plan (strategy.ts) keeps the new version off every serving service until now.
        await migrate();
      } else if (s.kind === "smoke-idle") {
        await step(s.label, async () => {
          const r = await runSmoke("idle");
          if (!smokePassed(r)) throw new StepFailure(`idle colour failed its smoke test: ${failedChecks(r)}`);
        });
      } else {
        await step(s.label, async () => {
          const api = outputs?.services.find((x) => x.kind === "api");
          const dims = api?.metricDimensions;
          const idle = api ? otherColour(api.activeColour) : undefined;
          const tg = idle && dims?.targetGroups[idle];
          const v = await analyseCanary({
            cloudwatch: seams.cloudwatchClient,
            alarms: outputs?.alarms ?? [],
            now,
            sleep: seams.sleep,
            signal,
            baseline: release.qaBaseline,
            windowMs: (options.canaryWindowMinutes ?? 5) * 60_000,
            weight: s.weight,
            progress: (message) => log("info", message, { stack, progress: true }),
            ...(options.canaryMinRequests !== undefined ? { minRequests: options.canaryMinRequests } : {}),
            ...(options.canaryMetricDelayMs !== undefined
              ? { metricDelayMs: options.canaryMetricDelayMs }
              : {}),
            ...(dims && tg ? { dimensions: { loadBalancer: dims.loadBalancer, targetGroup: tg } } : {}),
          });
          for (const w of v.warnings) if (!warnings.includes(w)) warnings.push(w);
          if (v.aborted) throw new AbortedError();
          if (!v.ok) throw new StepFailure(`canary at ${s.weight} % failed: ${v.reasons.join("; ")}`);
        });
      }
    }

    await step("smoke tests", async () => {
      const r = await runSmoke("rollout");
      if (!smokePassed(r)) throw new StepFailure(`smoke tests failed: ${failedChecks(r)}`);
    });

    const bakeMinutes = options.bakeMinutes ?? defaultBakeMinutes(environment);
    bakeResult = await step(`bake ${bakeMinutes} min (watch alarms)`, async () => {
      const b = await bake({
        cloudwatch: seams.cloudwatchClient,
        alarms: outputs?.alarms ?? [],
        now,
        sleep: seams.sleep,
        signal,
        durationMs: bakeMinutes * 60_000,
        intervalMs: options.bakeIntervalMs,
        progress: (message) => log("info", message, { stack, progress: true }),
      });
      for (const w of b.warnings) if (!warnings.includes(w)) warnings.push(w);
      bakeResult = b;
      if (b.status === "aborted") throw new AbortedError();
      if (b.status === "failed") {
        throw new StepFailure(
          `critical alarm during bake: ${b.critical.map((c) => `${c.name} (${c.reason})`).join("; ")}`,
        );
      }
      if ((outputs?.alarms.length ?? 0) === 0)
        warnings.push("the stack exports no alarms: the bake watched nothing");
      return b;
    });

    await step("smoke tests after bake", async () => {
      const r = await runSmoke("after-bake");
      if (!smokePassed(r)) throw new StepFailure(`smoke tests failed after bake: ${failedChecks(r)}`);
    });
  } catch (err) {
    // `previewOnly` ends after its preview: not a failure, and nothing else is read.
    if (!(err instanceof PreviewOnly)) await onFailure(err);
  }

  async function onFailure(err: unknown): Promise<void> {
    failure = safeMessage(err);
    cancelled = !!signal?.aborted || err instanceof AbortedError;
    locked = !cancelled && isConcurrentUpdate(err);
    if (cancelled) failure = `cancelled by signal during the rollout (${failure})`;
    if (locked) failure = `stack ${stack} is locked by another update; not forced (${failure})`;
    if (
      lastApplied === undefined &&
      (updatesAttempted === 0 || locked) &&
      originalRelease &&
      lastSet !== undefined &&
      !cancelled
    ) {
      // Nothing was deployed: put the release config back as it was.
      await engine.setConfig(stack, { [RELEASE_KEY]: originalRelease }).catch((e: unknown) => {
        warnings.push(`could not restore ${RELEASE_KEY}: ${safeMessage(e)}`);
      });
    }
    if (updatesAttempted > 0 && !cancelled && !locked) {
      rollback = await rollBack();
    }
  }

  async function rollBack(): Promise<RollbackOutcome | undefined> {
    if (!release.rollbackEnabled) {
      warnings.push("automatic rollback is disabled in project-config (deployment.rollback_enabled: false)");
      return undefined;
    }
    const plan = rollbackState(strategy, before, release.version, newVersionDeployed);
    if (!plan) {
      warnings.push("first release on this stack: there is no previous version to roll back to");
      return undefined;
    }
    try {
      await step(`roll back (${plan.kind}) to ${plan.state.version}`, async () => {
        // The services never left the old version (a failed migration after the idle or preparatory
        // update, whose migration task definition alone may name the new version): nothing to update.
        if (lastAppliedState && sameServices(plan.state, lastAppliedState) && lastSet === lastApplied) {
          log("info", `traffic never left ${plan.state.version}: nothing to update`, { stack });
          return;
        }
        await update(plan.state, strategy === "rolling");
      });
      await step("smoke tests after rollback", async () => {
        const r = await runSmoke("after-rollback");
        if (!smokePassed(r)) throw new StepFailure(`smoke tests failed after rollback: ${failedChecks(r)}`);
      });
      return { kind: plan.kind, toVersion: plan.state.version, succeeded: true };
    } catch (err) {
      return { kind: plan.kind, toVersion: plan.state.version, succeeded: false, reason: safeMessage(err) };
    }
  }

  let inventory: Inventory | undefined;
  if (outputs && !cancelled && !options.previewOnly) {
    try {
      health = await serviceHealth(seams.ecsClient, outputs, signal);
      for (const h of health.filter((x) => x.running < x.desired)) {
        warnings.push(`ECS service ${h.ecsService} runs ${h.running} of ${h.desired} desired task(s)`);
      }
    } catch (err) {
      warnings.push(`could not read ECS service health: ${safeMessage(err)}`);
    }
    if (!locked) {
      try {
        const exported = await engine.exportState(stack);
        seams.addSecrets(secretsInState(exported));
        inventory = inventoryFromState(exported, outputs.region);
      } catch (err) {
        warnings.push(`could not read the stack state for the resource inventory: ${safeMessage(err)}`);
      }
    }
  }

  const status = !failure ? "success" : rollback?.succeeded ? "rolled_back" : "failed";
  const previousVersion = before?.version;
  return {
    environment,
    stack,
    status,
    strategy,
    version: release.version,
    ...(previousVersion ? { previousVersion } : {}),
    startedAt,
    finishedAt: new Date(now()),
    ...(outputs ? { outputs } : {}),
    steps,
    migrations,
    smoke,
    ...(bakeResult ? { bake: bakeResult } : {}),
    ...(rollback ? { rollback } : {}),
    serviceHealth: health,
    ...(failure ? { failure } : {}),
    ...(cancelled ? { cancelled } : {}),
    ...(locked ? { locked } : {}),
    ...(backupFile ? { backupFile } : {}),
    ...(inventory ? { inventory } : {}),
    warnings,
  };
}
