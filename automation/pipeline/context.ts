/** The resolved seams of one pipeline run, and small helpers every step uses. */
import { createRedactor, redactDeep, redactError, secretsFromEnv, type SecretMasker } from "../../lib/redact";
import { ConcurrentUpdateError } from "../engine/types";
import { defaultAwsClients, defaultEngine, detectToolingFacts } from "./defaults";
import { formatDuration, PROGRESS_INTERVAL_MS } from "./progress";
import type { Engine } from "../engine/types";
import type { StepRecord } from "../report/types";
import type { LogLevel, LogSink, PipelineSeams, ToolingFacts } from "./types";

export interface Seams {
  readonly cloudwatchClient: NonNullable<PipelineSeams["cloudwatch"]>;
  readonly ecsClient: NonNullable<PipelineSeams["ecs"]>;
  readonly rdsClient: NonNullable<PipelineSeams["rds"]>;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly every: NonNullable<PipelineSeams["every"]>;
  readonly signal?: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Masks every known secret (`redactor.add` teaches it the stack's secret config and state). */
  readonly redactor: SecretMasker;
  /**
   * Add known secret values (the stack's secret config, secret envelopes of its state: every leaf of
   * objects, arrays and JSON texts) to what `redactor` and `log` mask.
   */
  readonly addSecrets: (values: Iterable<unknown>) => void;
  readonly log: (
    level: LogLevel,
    message: string,
    extra?: { stack?: string; durationMs?: number; progress?: boolean },
  ) => void;
}

/** A sleep that resolves early when the signal aborts. */
export function abortableSleep(signal?: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
}

/** The default heartbeat timer: a real interval that never keeps the process alive. */
function realEvery(ms: number, tick: () => void): () => void {
  const h = setInterval(tick, ms);
  h.unref();
  return () => clearInterval(h);
}

/**
 * Run an engine operation with a progress line at least once a minute while it runs (`label`, elapsed,
 * the engine lines seen and the last one): `pulumi up` can be silent for minutes (a NAT gateway, an RDS
 * instance). `onOutput` counts the lines; pass it to the operation.
 */
export async function withHeartbeat<T>(
  seams: Pick<Seams, "now" | "every" | "log">,
  stack: string,
  label: string,
  run: (onOutput: (line: string) => void) => Promise<T>,
  onOutput?: (line: string) => void,
): Promise<T> {
  const t0 = seams.now();
  let lines = 0;
  let last = "";
  const stop = seams.every(PROGRESS_INTERVAL_MS, () => {
    seams.log(
      "info",
      `${label}: running ${formatDuration(seams.now() - t0)}, ${lines} engine line(s)${last ? `, last: ${last}` : ""}`,
      { stack, progress: true },
    );
  });
  try {
    return await run((line) => {
      lines++;
      if (line.trim() !== "") last = line.trim().slice(0, 160);
      onOutput?.(line);
    });
  } finally {
    stop();
  }
}

export function resolveSeams(o: PipelineSeams): Seams {
  const env = o.env ?? {};
  const redactor = createRedactor([...(o.secrets ?? []), ...secretsFromEnv(env)]);
  const sink: LogSink = o.log ?? (() => undefined);
  const clients = o.cloudwatch && o.ecs && o.rds ? undefined : defaultAwsClients();
  return {
    cloudwatchClient: o.cloudwatch ?? clients!.cloudwatch,
    ecsClient: o.ecs ?? clients!.ecs,
    rdsClient: o.rds ?? clients!.rds,
    fetch: o.fetch ?? globalThis.fetch,
    now: o.now ?? Date.now,
    sleep: o.sleep ?? abortableSleep(o.signal),
    every: o.every ?? realEvery,
    signal: o.signal,
    env,
    redactor,
    addSecrets: (values) => redactor.add(values),
    log: (level, message, extra) => sink({ level, message: redactor(message), ...extra }),
  };
}

/**
 * Run a pipeline with everything it hands back redacted with the secrets it learnt on the way: the
 * returned result (report, signal, outcomes) and any error it throws.
 */
export async function redactedRun<T>(seams: Pick<Seams, "redactor">, run: () => Promise<T>): Promise<T> {
  try {
    return redactDeep(await run(), seams.redactor);
  } catch (err) {
    throw redactError(err, seams.redactor);
  }
}

/** The stack is locked by another update (the engine's ConcurrentUpdateError, or the CLI's conflict message). */
export function isConcurrentUpdate(err: unknown): boolean {
  if (err instanceof ConcurrentUpdateError) return true;
  if (!(err instanceof Error)) return false;
  return (
    err.name === "ConcurrentUpdateError" ||
    /\[409\] Conflict|another update is currently in progress|stack is currently locked|conflict: /i.test(
      err.message,
    )
  );
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Error text with secrets redacted: it goes to logs, the report and the caller. */
export function safeMessage(seams: Pick<Seams, "redactor">, err: unknown): string {
  return seams.redactor(errorMessage(err));
}

/**
 * Runs named steps of one stack: a progress line when a step starts and when it ends (with its duration),
 * and a record in `steps`; a failure is recorded with its redacted message and rethrown.
 */
export function stepRunner(
  seams: Pick<Seams, "now" | "log" | "redactor">,
  stack: string,
  steps: StepRecord[],
): <T>(name: string, fn: () => Promise<T>) => Promise<T> {
  const { now, log } = seams;
  return async (name, fn) => {
    const t0 = now();
    log("info", `${name} ...`, { stack });
    try {
      const r = await fn();
      steps.push({ name, status: "ok", durationMs: now() - t0 });
      log("info", `${name}: ok`, { stack, durationMs: now() - t0 });
      return r;
    } catch (err) {
      const detail = safeMessage(seams, err);
      steps.push({ name, status: "failed", durationMs: now() - t0, detail });
      log("error", `${name}: failed: ${detail}`, { stack, durationMs: now() - t0 });
      throw err;
    }
  };
}

/** A step failed for a reason the pipeline understands (no stack trace needed). */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepFailure";
  }
}

/** The gate facts: as given, else detected on this machine. */
export async function resolveFacts(
  o: PipelineSeams,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolingFacts> {
  return o.facts ?? detectToolingFacts(defaultAwsClients().cloudwatch, env);
}

/** The engine: as given (or from its factory), else the Automation API engine over this project. */
export async function resolveEngine(o: PipelineSeams): Promise<Engine> {
  const e = o.engine ?? defaultEngine();
  return typeof e === "function" ? e() : e;
}
