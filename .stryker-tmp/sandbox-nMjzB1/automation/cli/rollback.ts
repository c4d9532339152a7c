/**
 * `npm run rollback -- --stack production [--to-version V] [--artifacts DIR]`: an immediate traffic
 * switch where the strategy allows it, otherwise a redeploy of the last good version from the stack
 * history; writes the report and signal. Exit 0 when rolled back, 1 when the rollback failed, 2 bad
 * input, 3 blocked (no Pulumi CLI or AWS credentials: nothing is rolled back or written, the issues and
 * their fixes are printed).
 */
// @ts-nocheck

import type { Command } from "commander";
import { InputError } from "../../lib/errors";
import { rollback } from "../pipeline/rollback";
import {
  artifactsDir,
  exitOnUsageError,
  processIo,
  progressPrinter,
  runPipelineCommand,
  type Io,
  type SeamsFactory,
} from "./deploy";

export interface RollbackCommandOptions {
  readonly stack?: string;
  readonly toVersion?: string;
  readonly artifacts?: string;
  readonly verbose?: boolean;
}

/** The testable body of `rollback`: returns the exit code. */
export async function runRollback(
  options: RollbackCommandOptions,
  io: Io = processIo,
  seams?: SeamsFactory,
): Promise<number> {
  return runPipelineCommand("rollback", io, options.stack, seams, async (getSeams) => {
    if (!options.stack)
      throw new InputError("--stack", "", "is required", "pass --stack production (or another environment)");
    const s = await getSeams();
    return rollback({
      ...s,
      log: progressPrinter(io, options.verbose === true),
      artifactsDir: artifactsDir(options.artifacts),
      stack: options.stack,
      ...(options.toVersion ? { toVersion: options.toVersion } : {}),
    });
  });
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("rollback")
    .description(
      "Roll a stack back: traffic to the old colour at once where possible, else redeploy the last good version.",
    )
    .requiredOption("--stack <name>", "the environment to roll back, e.g. production")
    .option("--to-version <version>", "version to go back to (default: the previous one)")
    .option("--artifacts <dir>", "release root; default SLIPWAY_ARTIFACTS_DIR or examples/taskflow")
    .option("--verbose", "also print the engine's output", false)
    .action(async (opts: RollbackCommandOptions) => {
      process.exitCode = await runRollback(opts);
    });
  exitOnUsageError(command, exit);
}
