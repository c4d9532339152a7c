/**
 * `deploy(options)`: pre-flight (load + validate the release, gates), then per environment (staging types
 * first) the rollout of `environment.ts`, stopping at the first environment that does not succeed; then the
 * report and the stage-completion signal, validated and written atomically. Never prints, never exits.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError, InputErrors } from "../../lib/errors";
import { didYouMean } from "../../lib/suggest";
import { environmentForStack, type StackFile } from "../stacks/stack-files";
import { STRATEGIES } from "../../lib/strategy";
import type { Engine } from "../engine/types";
import { blockingIssues, evaluateGates, type GateIssue } from "../../release/gates";
import { loadRelease } from "../../release/load";
import { refusePlaintextSecrets, stackFileIn } from "../../config/plaintext";
import { readYamlFile } from "../../lib/yaml";
import {
  type ImageFallback,
  missingImagesError,
  servicesWithoutImage,
  unknownImageServices,
} from "../../release/images";
import type { EnvironmentSpec, Release, Strategy } from "../../release/model";
import { buildDeploymentReport } from "../report/deployment-report";
import {
  allHealthy,
  buildBlockedSignal,
  buildInvalidInputSignal,
  buildRunSignal,
  handoffMessage,
  publicUrl,
} from "../report/signal";
import { REPORT_PATH, SIGNAL_PATH, type DeploymentReport, type EnvironmentOutcome } from "../report/types";
import { stagingEvidenceFromReports, writeReport, writeSignal, type WriteOptions } from "../report/write";
import { errorMessage, redactedRun, resolveEngine, resolveFacts, resolveSeams, type Seams } from "./context";
import { runEnvironment, type EnvironmentRun } from "./environment";
import { validateCanarySteps } from "./strategy";
import type { DeployOptions, DeployResult, PipelineSeams } from "./types";

const PROJECT_DIR = resolve(__dirname, "../..");
const ORDER: Record<EnvironmentSpec["type"], number> = { development: 0, staging: 1, production: 2 };

/** Where state backups go unless the caller says: a folder under the release root. */
export function defaultBackupDir(root: string): string {
  return join(root, ".slipway", "state-backups");
}

/** Load the release through the injected loader (default: `release/`'s `loadRelease`). */
export async function loadReleaseWith(o: PipelineSeams, root: string): Promise<Release> {
  return o.loadRelease ? o.loadRelease(root) : loadRelease(root);
}

/**
 * Load the release; on bad input write a `failed` signal with the validation errors (when the release
 * root has an ARTIFACTS directory to write it to) and rethrow.
 */
export async function preflightLoad(o: PipelineSeams, root: string, seams: Seams): Promise<Release> {
  try {
    return await loadReleaseWith(o, root);
  } catch (err) {
    if ((err instanceof InputError || err instanceof InputErrors) && existsSync(join(root, "ARTIFACTS"))) {
      const errors = err instanceof InputErrors ? err.errors.map((e) => e.message) : [err.message];
      writeSignal(root, buildInvalidInputSignal(errors, new Date(seams.now())), {
        validate: o.validate,
        redactor: seams.redactor,
      });
      seams.log("error", `invalid release: ${errors.length} problem(s); signal written`);
    }
    throw err;
  }
}

/**
 * The environments to deploy, in order (development, then staging, then production types). With
 * `stacks` (the stack files), each stack is one environment of its file's type; without, project-config's
 * environments by name.
 */
export function targetEnvironments(
  release: Release,
  stack: string | undefined,
  stacks?: readonly StackFile[],
): EnvironmentSpec[] {
  const candidates = stacks ? stacks.map((f) => environmentForStack(release, f)) : [...release.environments];
  const all = candidates.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  if (stack === undefined) return all;
  const env = all.find((e) => e.name === stack);
  if (!env) {
    const names = all.map((e) => e.name);
    throw new InputError(
      "--stack",
      "",
      `"${stack}" is not one of the stacks${didYouMean(stack, names)}`,
      `use one of: ${names.join(", ")}${stacks ? "" : " (project-config.json deployment.environments)"}`,
    );
  }
  return [env];
}

/** A bake window in minutes (`raw`: what the caller wrote); bad input unless a finite number >= 0. */
export function checkBakeMinutes(minutes: number, raw: unknown = minutes): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new InputError("--bake", "", `"${String(raw)}" is not a number of minutes`, "pass e.g. --bake 60");
  }
  return minutes;
}

/** The options a rollout depends on, checked before any gate or engine call (bad input: InputError). */
function checkRolloutOptions(o: DeployOptions, strategy: Strategy): void {
  if (!STRATEGIES.includes(strategy)) {
    throw new InputError(
      "--strategy",
      "",
      `unknown strategy "${String(strategy)}"`,
      `use one of: ${STRATEGIES.join(", ")}`,
    );
  }
  if (o.bakeMinutes !== undefined) checkBakeMinutes(o.bakeMinutes);
  if (o.canarySteps !== undefined) {
    try {
      validateCanarySteps(o.canarySteps);
    } catch (err) {
      throw new InputError("canarySteps", "", errorMessage(err), "pass rising percentages, e.g. 10, 50, 100");
    }
  }
  checkPositive("canaryWindowMinutes", o.canaryWindowMinutes, "minutes", "5");
  checkPositive("bakeIntervalMs", o.bakeIntervalMs, "milliseconds", "60000");
  if (o.snapshotsToKeep !== undefined && !(Number.isInteger(o.snapshotsToKeep) && o.snapshotsToKeep >= 1)) {
    throw new InputError(
      "snapshotsToKeep",
      "",
      `"${String(o.snapshotsToKeep)}" is not a whole number of snapshots >= 1`,
      "pass e.g. 5 (the newest pre-migration snapshots kept per database)",
    );
  }
}

function checkPositive(option: string, value: number | undefined, unit: string, example: string): void {
  if (value === undefined || (Number.isFinite(value) && value > 0)) return;
  throw new InputError(
    option,
    "",
    `"${String(value)}" is not a positive number of ${unit}`,
    `pass e.g. ${example}`,
  );
}

/** `slipway:services.<name>` image / buildContext of a stack file (none when the file does not exist). */
function stackFileImageFallbacks(file: string): Record<string, ImageFallback> {
  if (!existsSync(file)) return {};
  const doc = readYamlFile(file) as { config?: Record<string, unknown> } | null;
  const services = doc?.config?.["slipway:services"];
  return typeof services === "object" && services !== null ? (services as Record<string, ImageFallback>) : {};
}

/**
 * Images of the release's backend services (bad input, exit 2, before any gate or update): names that are
 * not services of the release; unless only previewing, a service with no image for the release in the
 * deploy's `images` nor in a target's stack file (`slipway:services.<name>.image` / `buildContext`).
 */
export function checkImages(o: DeployOptions, release: Release, stackFiles: readonly string[]): void {
  const names = release.services.map((s) => s.name);
  const images = o.images ?? {};
  const unknown = unknownImageServices(images, names);
  if (unknown.length === 1) throw unknown[0];
  if (unknown.length > 1) throw new InputErrors(unknown);
  if (o.previewOnly) return;
  const missing = new Set<string>();
  for (const file of stackFiles) {
    for (const n of servicesWithoutImage(names, release.version, {
      images,
      overrides: stackFileImageFallbacks(file),
    }))
      missing.add(n);
  }
  if (missing.size > 0) throw missingImagesError([...missing], release.version);
}

/** A run a gate stopped before any engine call: the `blocked` signal is written, exit 3. */
export function blockedResult(
  root: string,
  release: Release,
  gateIssues: readonly GateIssue[],
  at: Date,
  writeOpts: WriteOptions,
): DeployResult {
  const signal = buildBlockedSignal(release, gateIssues, at);
  const signalPath = writeSignal(root, signal, writeOpts);
  return {
    status: "blocked",
    exitCode: 3,
    environments: [],
    gateIssues,
    reportErrors: [],
    signal,
    signalPath,
  };
}

/** One environment's run of this deployment, with the project's policy packs and backup directory by default. */
function environmentRun(
  o: DeployOptions,
  engine: Engine,
  release: Release,
  environment: EnvironmentSpec,
  strategy: Strategy,
  seams: Seams,
): EnvironmentRun {
  return {
    engine,
    release,
    environment,
    strategy,
    seams,
    options: o,
    policyPacks: o.policyPacks ?? [join(PROJECT_DIR, "policies")],
    backupDir: o.backupDir ?? defaultBackupDir(resolve(o.artifactsDir)),
  };
}

/**
 * `previewOnly`: per target, the preview of the rollout's first update from the deployed release state (what
 * `deploy` would do); no report, no signal. Exit 0 when every preview passed, 1 otherwise, 3 when a tooling
 * gate blocks.
 */
async function previewRun(
  o: DeployOptions,
  release: Release,
  targets: readonly EnvironmentSpec[],
  strategy: Strategy,
  seams: Seams,
  gateIssues: GateIssue[],
): Promise<DeployResult> {
  if (blockingIssues(gateIssues).length > 0)
    return { status: "blocked", exitCode: 3, environments: [], gateIssues, reportErrors: [] };
  const engine = await resolveEngine(o);
  const outcomes: EnvironmentOutcome[] = [];
  for (const env of targets) {
    if (seams.signal?.aborted) break;
    outcomes.push(await runEnvironment(environmentRun(o, engine, release, env, strategy, seams)));
  }
  const ok = outcomes.length === targets.length && outcomes.every((x) => x.status === "success");
  return {
    status: ok ? "success" : "failed",
    exitCode: ok ? 0 : 1,
    environments: outcomes,
    gateIssues,
    reportErrors: [],
  };
}

export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const seams = resolveSeams(o);
  return redactedRun(seams, () => deployWith(o, seams));
}

async function deployWith(o: DeployOptions, seams: Seams): Promise<DeployResult> {
  const root = resolve(o.artifactsDir);
  const startedAt = new Date(seams.now());
  const release = await preflightLoad(o, root, seams);
  const targets = targetEnvironments(release, o.stack, o.stacks);
  // A secret written in plaintext in a target's stack file is bad input: nothing is deployed with it.
  refusePlaintextSecrets(
    targets.map(
      (t) => o.stacks?.find((s) => s.name === t.name) ?? stackFileIn(o.programDir ?? PROJECT_DIR, t.name),
    ),
  );
  const strategy = o.strategy ?? release.strategy;
  checkRolloutOptions(o, strategy);
  // Every service has an image before any update (a preview only lists those that do not).
  checkImages(
    o,
    release,
    targets.map(
      (t) =>
        o.stacks?.find((s) => s.name === t.name)?.file ??
        stackFileIn(o.programDir ?? PROJECT_DIR, t.name).file,
    ),
  );
  const writeOpts = { validate: o.validate, redactor: seams.redactor };

  // Gates, for every target, before any engine call.
  const stagingNames = (
    o.stacks ?? release.environments.map((e) => ({ name: e.name, environmentType: e.type }))
  )
    .filter((e) => e.environmentType === "staging")
    .map((e) => e.name);
  const gateIssues: GateIssue[] = [];
  const facts = await resolveFacts(o);
  for (const [i, env] of targets.entries()) {
    const stagingInRun = targets.slice(0, i).some((t) => t.type === "staging");
    const stagingEvidence =
      env.type !== "production"
        ? undefined
        : stagingInRun
          ? "staging runs first in this deployment"
          : stagingEvidenceFromReports(root, stagingNames, release.version);
    for (const issue of evaluateGates({
      release,
      environment: env,
      stagingEvidence,
      ...facts,
    })) {
      if (!gateIssues.some((g) => g.description === issue.description)) gateIssues.push(issue);
    }
  }
  if (o.previewOnly) {
    // A preview changes nothing: only the tooling gates (CLI, credentials) apply, and nothing is written.
    return previewRun(
      o,
      release,
      targets,
      strategy,
      seams,
      gateIssues.filter((g) => g.gate === "tooling"),
    );
  }
  const blocking = blockingIssues(gateIssues);
  if (blocking.length > 0) return blockedResult(root, release, gateIssues, new Date(seams.now()), writeOpts);
  for (const w of gateIssues) seams.log("warn", `gate ${w.gate}: ${w.description}`);
  const production = targets.filter((t) => t.type === "production").map((t) => t.name);
  if (production.length > 0 && o.confirm) {
    const yes = await o.confirm(
      `Deploy ${release.projectName} ${release.version} to ${targets.map((t) => t.name).join(" then ")} (${strategy})?`,
    );
    if (!yes) {
      const declined: GateIssue = {
        gate: "approval",
        description: `The operator did not confirm the deployment to ${production.join(", ")}`,
        severity: "high",
        blocking: true,
        fix: "Run again and confirm, or pass --yes in a non-interactive run",
      };
      return blockedResult(root, release, [...gateIssues, declined], new Date(seams.now()), writeOpts);
    }
  }

  let engine: Engine | undefined;
  let notStartedReason: string | undefined;
  try {
    engine = await resolveEngine(o);
  } catch (err) {
    // The run is still reported: a signal that says nothing was deployed, and why.
    notStartedReason = `The engine could not be started (${seams.redactor(errorMessage(err))})`;
    seams.log("error", notStartedReason);
  }
  const outcomes: EnvironmentOutcome[] = [];
  let report: DeploymentReport | undefined;
  let reportErrors: string[] = [];
  for (const env of targets) {
    if (seams.signal?.aborted || !engine) break;
    seams.log("info", `deploying ${release.projectName} ${release.version} to ${env.name} (${strategy})`, {
      stack: env.name,
    });
    const outcome = await runEnvironment(environmentRun(o, engine, release, env, strategy, seams));
    outcomes.push(outcome);
    report = buildDeploymentReport(outcome, { release, env: seams.env, costs: o.costs, gateIssues });
    reportErrors = writeReport(root, env.name, report, writeOpts);
    if (reportErrors.length > 0)
      seams.log("error", `deployment report not written: ${reportErrors.join("; ")}`);
    seams.log(
      outcome.status === "success" ? "info" : "error",
      `${env.name}: ${outcome.status}${outcome.failure ? `: ${outcome.failure}` : ""}`,
      {
        stack: env.name,
        durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime(),
      },
    );
    if (outcome.status !== "success" || reportErrors.length > 0) break;
  }

  const finishedAt = new Date(seams.now());
  const notStarted = outcomes.length === 0 ? targets.map((t) => t.name) : [];
  const signal = buildRunSignal({
    release,
    outcomes,
    gateIssues,
    startedAt,
    finishedAt,
    reportErrors,
    notStarted,
    ...(notStartedReason ? { notStartedReason } : {}),
  });
  const signalPath = writeSignal(root, signal, writeOpts);
  const last = outcomes[outcomes.length - 1];
  // A run whose report could not be written (or does not validate) did not finish the stage.
  const ok =
    outcomes.length === targets.length &&
    outcomes.every((x) => x.status === "success") &&
    reportErrors.length === 0;
  const status = ok ? "success" : last?.status === "success" ? "failed" : (last?.status ?? "failed");
  return {
    status: status === "success" || status === "rolled_back" ? status : "failed",
    exitCode: ok ? 0 : 1,
    environments: outcomes,
    gateIssues,
    ...(report ? { report } : {}),
    ...(report && reportErrors.length === 0 ? { reportPath: join(root, REPORT_PATH) } : {}),
    reportErrors,
    signal,
    signalPath: signalPath ?? join(root, SIGNAL_PATH),
    // The role's handoff goes to the product manager: only when the run finished the release (production,
    // or the last environment there is), exactly when the signal names the product manager next.
    ...(ok && last && allHealthy(last) && signal.next_agent_required === "product_manager"
      ? { handoff: handoffMessage(last.stack, publicUrl(last)) }
      : {}),
  };
}
