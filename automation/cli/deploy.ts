/**
 * `npm run deploy -- [--artifacts DIR] [--stack NAME] [--strategy S] [--bake MINUTES] [--yes]`
 *
 * Builds the real seams (Automation API engine over this project, global fetch, real clock, AWS SDK v3
 * clients from the default credential chain), checks for the Pulumi CLI and AWS credentials as gate
 * facts, runs the library's `deploy`, prints progress lines with step durations and exits 0/1/2/3.
 */
import { createInterface } from "node:readline/promises";
import { type Command, Option } from "commander";
import { ExitCode, InputError, InputErrors } from "../../lib/errors";
import { checkBakeMinutes } from "../pipeline/deploy";
import { defaultAwsClients, defaultEngine, detectToolingFacts, PROJECT_DIR } from "../pipeline/defaults";
import { deploy } from "../pipeline/deploy";
import type { DeployResult, LogEntry, PipelineSeams } from "../pipeline/types";
import { createRedactor, secretsFromEnv } from "../../lib/redact";
import { blockingIssues } from "../../release/gates";
import { parseImageOptions, readImagesFile } from "../../release/images";
import type { Strategy } from "../../release/model";
import { reportToGitHub } from "./github";
import { exitOnUsageError } from "./usage";
import { releaseRootFor, selectStacks, stacksDirOf, type StackFile } from "../stacks/stack-files";

export { PROJECT_DIR };
export { exitOnUsageError };

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** Release root: the flag, else SLIPWAY_ARTIFACTS_DIR, else the bundled example. */
export function artifactsDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return releaseRootFor(flag, env);
}

/**
 * The region of the SDK clients: the stack's own `aws:region` (its stack file), else AWS_REGION /
 * AWS_DEFAULT_REGION, else us-east-1. The stack wins over the environment: CI's credentials step sets
 * AWS_REGION for the workflow, which need not be the region the stack's resources live in.
 */
export function awsRegion(
  stack: Pick<StackFile, "region"> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return stack?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
}

/**
 * The user's stacks a pipeline command runs on, checked before any tool is looked for: the release
 * root's stacks directory, the one `--stack` names (bad input naming the stacks there when it has no
 * stack file) or every one.
 */
export function pipelineStacks(
  root: string,
  stack: string | undefined,
): { readonly dir: string; readonly all: readonly StackFile[]; readonly targets: readonly StackFile[] } {
  const dir = stacksDirOf(root);
  const targets = selectStacks(dir, stack);
  const all = stack === undefined ? targets : selectStacks(dir);
  return { dir, all, targets };
}

/** The real seams, for one region, with the Automation API over the user's stacks directory. */
export async function realSeams(
  region: string,
  opts: { readonly signal: AbortSignal; readonly workDir: string; readonly env?: NodeJS.ProcessEnv },
): Promise<PipelineSeams> {
  const env = opts.env ?? process.env;
  const clients = defaultAwsClients(region);
  return {
    engine: defaultEngine(env, opts.workDir),
    ...clients,
    fetch: globalThis.fetch,
    signal: opts.signal,
    env,
    facts: await detectToolingFacts(clients.cloudwatch, env),
  };
}

/**
 * Progress lines: `[staging] preview with policy packs: ok (3.2 s)`; engine output only with --verbose.
 * With `live` (a terminal, not CI), the once-a-minute progress lines of long work rewrite one live line
 * instead of scrolling; any other line first ends it. Without (CI, pipes), every line is a plain line.
 */
export function progressPrinter(
  io: Io,
  verbose: boolean,
  live?: (text: string) => void,
): (e: LogEntry) => void {
  let open = false;
  return (e) => {
    if (e.level === "detail" && !verbose) return;
    const where = e.stack ? `[${e.stack}] ` : "";
    const took = e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(1)} s)` : "";
    const line = `${where}${e.level === "warn" ? "warning: " : ""}${e.message}${took}`;
    if (live && e.progress && e.level === "info") {
      live(`\r\x1b[2K${line}`);
      open = true;
      return;
    }
    if (live && open) {
      live("\r\x1b[2K");
      open = false;
    }
    if (e.level === "error" || e.level === "warn") io.err(line);
    else io.out(line);
  };
}

/** A live line on an interactive terminal; none in CI (`CI`/`GITHUB_ACTIONS` set) or when piped. */
export function liveLine(
  env: NodeJS.ProcessEnv = process.env,
  stdout: { readonly isTTY?: boolean; write(s: string): unknown } = process.stdout,
): ((text: string) => void) | undefined {
  if (!stdout.isTTY || env.CI || env.GITHUB_ACTIONS) return undefined;
  return (text) => {
    stdout.write(text);
  };
}

/** SIGINT/SIGTERM abort the run (the pipeline cancels the running update); returns a disposer. */
export function abortOnSignals(controller: AbortController, io: Io): () => void {
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    io.err(`${sig}: cancelling the running update; the report and signal will still be written`);
    controller.abort(new Error(sig));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

/** Timer seam of {@link abortAtDeadline} (tests pass a fake). */
export interface DeadlineTimers {
  readonly set: (fn: () => void, ms: number) => unknown;
  readonly clear: (handle: unknown) => void;
}

const realTimers: DeadlineTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * `SLIPWAY_DEADLINE_MINUTES`: abort the run by itself that many minutes after it started, the same way as
 * SIGINT (the Pulumi CLI gets SIGINT and finishes the operations in flight). CI sets it minutes below the
 * job's timeout, because the runner's own cancellation leaves only 10 s before it kills the process tree.
 * Unset: no deadline. Returns a disposer. Bad input (not a positive number): InputError.
 */
export function abortAtDeadline(
  controller: AbortController,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  timers: DeadlineTimers = realTimers,
): () => void {
  const raw = env.SLIPWAY_DEADLINE_MINUTES;
  if (raw === undefined || raw === "") return () => undefined;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InputError(
      "SLIPWAY_DEADLINE_MINUTES",
      "",
      `"${raw}" is not a positive number of minutes`,
      "set it a few minutes below the CI job's timeout, e.g. 80 for a 90-minute job, or unset it",
    );
  }
  const handle = timers.set(() => {
    if (controller.signal.aborted) return;
    io.err(
      `deadline: ${minutes} min (SLIPWAY_DEADLINE_MINUTES) reached; stopping the running update before the CI job times out`,
    );
    controller.abort(new Error(`deadline of ${minutes} min reached`));
  }, minutes * 60_000);
  return () => timers.clear(handle);
}

/** The pipeline command whose result is printed. */
export type PipelineCommand = "deploy" | "rollback";

/** Print the outcome of a deploy or rollback and return its exit code. */
export function printResult(
  result: DeployResult,
  io0: Io,
  redact: (s: string) => string = (s) => s,
  command: PipelineCommand = "deploy",
): number {
  const io = { out: (l: string) => io0.out(redact(l)), err: (l: string) => io0.err(redact(l)) };
  if (result.status === "blocked") {
    io.err(`blocked: nothing was ${command === "rollback" ? "rolled back" : "deployed"}`);
    for (const g of blockingIssues(result.gateIssues))
      io.err(`  - [${g.severity}] ${g.description}. Fix: ${g.fix}`);
  } else {
    for (const e of result.environments) {
      io.out(`${e.stack}: ${e.status}${e.failure ? ` (${e.failure})` : ""}`);
    }
    if (result.reportPath) io.out(`report: ${result.reportPath}`);
    for (const r of result.reportErrors) io.err(`report does not validate: ${r}`);
  }
  if (result.signal && result.signalPath) io.out(`signal: ${result.signalPath} (${result.signal.status})`);
  else io.out("signal: not written (the last stage-completion signal is unchanged)");
  if (result.handoff) io.out(`\n${result.handoff}`);
  else if (result.status === "success" && result.signal?.notes) io.out(`\n${result.signal.notes}`);
  return result.exitCode;
}

/** Print an error thrown by the library and return its exit code. */
export function printError(err: unknown, io: Io, redact: (s: string) => string): number {
  if (err instanceof InputErrors) {
    io.err(`invalid input (${err.errors.length} problem(s)), nothing was deployed:`);
    for (const e of err.errors) io.err(`  - ${redact(e.message)}`);
    return ExitCode.badInput;
  }
  if (err instanceof InputError) {
    io.err(`invalid input, nothing was deployed: ${redact(err.message)}`);
    return ExitCode.badInput;
  }
  io.err(`failed: ${redact(err instanceof Error ? err.message : String(err))}`);
  return ExitCode.failed;
}

export interface DeployCommandOptions {
  readonly artifacts?: string;
  readonly stack?: string;
  readonly strategy?: Strategy;
  readonly bake?: string;
  /** `--keep-snapshots N`: see DeployOptions.snapshotsToKeep. */
  readonly keepSnapshots?: string;
  readonly yes?: boolean;
  readonly verbose?: boolean;
  /** `--preview-only`: see DeployOptions.previewOnly. */
  readonly previewOnly?: boolean;
  /** `--image NAME=REF` (repeatable): images by digest; see DeployOptions.images. */
  readonly image?: readonly string[];
  /** `--images FILE`: a JSON object of images by digest by service name (the CI build job's output). */
  readonly images?: string;
}

/**
 * The images of `--images FILE` and `--image NAME=REF` (which win for the services they name); every
 * reference must be by digest (bad input, exit 2, naming the flag or file and the service).
 */
export function imageOptions(
  options: Pick<DeployCommandOptions, "image" | "images">,
): Record<string, string> {
  return {
    ...(options.images !== undefined ? readImagesFile(options.images) : {}),
    ...parseImageOptions(options.image ?? []),
  };
}

/** Builds the seams of a run from its abort signal (tests pass doubles; default: `realSeams`). */
export type SeamsFactory = (signal: AbortSignal) => Promise<PipelineSeams>;

/** Where the real seams point: the region of the first target stack and the stacks directory. */
export interface SeamsTarget {
  readonly region: string;
  readonly workDir: string;
}

/**
 * The frame of a pipeline command: SIGINT/SIGTERM wired to an AbortController whose signal reaches the
 * library, the seams (built only when `body` asks, after its own flag checks), the printed result and
 * the exit code; an error is printed without a stack trace (bad input: 2).
 */
export async function runPipelineCommand(
  command: PipelineCommand,
  io: Io,
  seams: SeamsFactory | undefined,
  body: (seams: (target: SeamsTarget) => Promise<PipelineSeams>) => Promise<DeployResult>,
): Promise<number> {
  const controller = new AbortController();
  const dispose = abortOnSignals(controller, io);
  const redact = createRedactor(secretsFromEnv(process.env));
  let disposeDeadline = () => undefined as void;
  try {
    disposeDeadline = abortAtDeadline(controller, io);
    const result = await body((target) =>
      seams
        ? seams(controller.signal)
        : realSeams(target.region, { signal: controller.signal, workDir: target.workDir }),
    );
    reportToGitHub(result, command, process.env, io.out, redact);
    return printResult(result, io, redact, command);
  } catch (err) {
    return printError(err, io, redact);
  } finally {
    dispose();
    disposeDeadline();
  }
}

/** The testable body of `deploy`: returns the exit code. */
export async function runDeploy(
  options: DeployCommandOptions,
  io: Io = processIo,
  seams?: SeamsFactory,
): Promise<number> {
  return runPipelineCommand("deploy", io, seams, async (getSeams) => {
    // Every flag and the stack files first: bad input is exit 2 before any tool is looked for.
    const bakeMinutes =
      options.bake === undefined ? undefined : checkBakeMinutes(Number(options.bake), options.bake);
    const images = imageOptions(options);
    const root = artifactsDir(options.artifacts);
    const stacks = pipelineStacks(root, options.stack);
    const s = await getSeams({ region: awsRegion(stacks.targets[0]), workDir: stacks.dir });
    return deploy({
      ...s,
      ...(Object.keys(images).length > 0 ? { images } : {}),
      log: progressPrinter(io, options.verbose === true, io === processIo ? liveLine() : undefined),
      artifactsDir: root,
      stacks: stacks.all,
      ...(options.stack !== undefined ? { stack: options.stack } : {}),
      ...(options.strategy ? { strategy: options.strategy } : {}),
      ...(bakeMinutes !== undefined ? { bakeMinutes } : {}),
      ...(options.keepSnapshots !== undefined ? { snapshotsToKeep: Number(options.keepSnapshots) } : {}),
      ...(options.previewOnly
        ? { previewOnly: true }
        : options.yes
          ? {}
          : { confirm: (q: string) => confirmOnTty(q, io, { signal: s.signal }) }),
    });
  });
}

export interface TtyOptions {
  /** @default process.stdin */
  readonly input?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** @default process.stdout */
  readonly output?: NodeJS.WritableStream;
  /** The run's abort signal (SIGINT/SIGTERM while the question is open). */
  readonly signal?: AbortSignal;
}

/**
 * Ask on a terminal; a non-interactive run without --yes is never confirmed. Ctrl-C at the prompt (the
 * terminal hands it to readline, not to the process) or an abort of the run answers no, so the run ends
 * as blocked with its signal instead of hanging on a paused prompt.
 */
export async function confirmOnTty(question: string, io: Io, opts: TtyOptions = {}): Promise<boolean> {
  const input = opts.input ?? process.stdin;
  if (!input.isTTY) {
    io.err(`${question} Not confirmed: not a terminal; pass --yes to deploy non-interactively.`);
    return false;
  }
  const rl = createInterface({ input, output: opts.output ?? process.stdout, terminal: true });
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  rl.on("SIGINT", interrupt);
  opts.signal?.addEventListener("abort", interrupt, { once: true });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: interrupted.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch (err) {
    if (!interrupted.signal.aborted) throw err;
    io.err("Not confirmed: interrupted at the prompt.");
    return false;
  } finally {
    opts.signal?.removeEventListener("abort", interrupt);
    rl.close();
  }
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("deploy")
    .description(
      "Deploy the approved release: gates, staging then production, smoke tests, bake, report and signal.",
    )
    .option(
      "--artifacts <dir>",
      "release root (project-config.json + ARTIFACTS/); default SLIPWAY_ARTIFACTS_DIR or examples/taskflow",
    )
    .option(
      "--stack <name>",
      "one stack that has a stack file in <release>/stacks/ (default: every one, development, staging, then production types)",
    )
    .addOption(
      new Option("--strategy <strategy>", "override the release strategy").choices([
        "blue_green",
        "canary",
        "rolling",
        "direct",
      ]),
    )
    .option("--bake <minutes>", "bake window in minutes (default: 60 in production, 10 elsewhere)")
    .option(
      "--keep-snapshots <n>",
      "pre-migration RDS snapshots kept per database; older ones slipway took are deleted (default: 5)",
    )
    .option("--yes", "do not ask for confirmation before production", false)
    .option(
      "--preview-only",
      "only preview (policy packs enforced) what the deploy's first update would change, from the deployed state",
      false,
    )
    .option(
      "--image <name=image>",
      "image of a backend service by digest, <registry>/<repository>@sha256:<digest> (repeatable); stored with each stack",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--images <file>",
      'JSON object of images by digest by service name, e.g. the CI build job\'s images.json ({"api": "...@sha256:..."})',
    )
    .option("--verbose", "also print the engine's output", false)
    .action(async (opts: DeployCommandOptions) => {
      process.exitCode = await runDeploy(opts);
    });
  exitOnUsageError(command, exit);
}
