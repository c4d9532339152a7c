/**
 * `npm run drift -- --stack S [--out DIR] [--work-dir DIR]`: preview-only refresh of a deployed
 * stack. Exit 0 when AWS matches the state, 1 on drift (or when the check could not run), 2 on bad
 * input (bad or unknown stack), 3 when the Pulumi CLI or AWS credentials are missing (checked before
 * anything runs).
 */
// @ts-nocheck

import { join } from "node:path";
import type { Command } from "commander";
import { exitOnUsageError } from "./usage";
import { ExitCode } from "../../lib/errors";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic";
import { checkDrift, formatDriftSummary, validateStackName } from "../ops/drift";
import { opsEngine, opsFailure, type OpsCommandOptions } from "../ops/preflight";
import { opsIo } from "./ops-io";
import { awsRegion } from "./deploy";

export interface DriftCommandOptions extends OpsCommandOptions {
  /** Directory for `drift-<stack>.json` and `drift-<stack>.md`. */
  readonly out?: string;
}

/** Run the drift check and return the exit code (the testable body of the command). */
export async function runDrift(options: DriftCommandOptions): Promise<number> {
  const { out, err } = opsIo(options);
  try {
    validateStackName(options.stack);
    // The refresh reads AWS through the Pulumi CLI: both must be there before the engine starts.
    const engine = await opsEngine(options, awsRegion(options.stack, options.env));
    const report = await checkDrift({
      engine,
      stack: options.stack,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const summary = formatDriftSummary(report);
    if (options.out) {
      writeJsonAtomic(join(options.out, `drift-${report.stack}.json`), report);
      writeFileAtomic(join(options.out, `drift-${report.stack}.md`), `${summary}\n`);
    }
    out(summary);
    return report.drifted ? ExitCode.failed : ExitCode.ok;
  } catch (e) {
    const { code, message } = opsFailure("drift", options.stack, e);
    err(message);
    return code;
  }
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("drift")
    .description(
      "Refresh a stack in preview-only mode and report resources that differ from AWS (exit 1 on drift).",
    )
    .requiredOption("--stack <stack>", "stack to check, e.g. staging or production")
    .option("--out <dir>", "also write drift-<stack>.json and drift-<stack>.md into this directory")
    .option("--work-dir <dir>", "Pulumi project directory", process.cwd())
    .action(async (opts: { stack: string; out?: string; workDir: string }) => {
      process.exitCode = await withCancelOnSignals((signal) =>
        runDrift({
          stack: opts.stack,
          workDir: opts.workDir,
          signal,
          ...(opts.out ? { out: opts.out } : {}),
        }),
      );
    });
  exitOnUsageError(command, exit);
}

/** Run an operations command with SIGINT/SIGTERM aborting its signal (the command cleans up itself). */
export async function withCancelOnSignals(run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await run(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
