/**
 * `npm run rollback -- --stack NAME [--to-version V] [--artifacts DIR]`: an immediate traffic
 * switch where the strategy allows it, otherwise a redeploy of the last good version from the stack
 * history; writes the report and signal. Exit 0 when rolled back, 1 when the rollback failed, 2 bad
 * input, 3 blocked (no Pulumi CLI or AWS credentials: nothing is rolled back or written, the issues and
 * their fixes are printed).
 */
import type { Command } from "commander";
import { IMAGE_TAG } from "../../lib/aws";
import { InputError } from "../../lib/errors";
import { listStackNames, stacksDirOf } from "../stacks/stack-files";
import { rollback } from "../pipeline/rollback";
import {
  artifactsDir,
  awsRegion,
  exitOnUsageError,
  pipelineStacks,
  processIo,
  progressPrinter,
  runPipelineCommand,
  type Io,
  type SeamsFactory,
} from "./deploy";

/** `--to-version` is a version slipway could have deployed: an image tag (bad input echoes it). */
export function checkVersion(version: string): void {
  if (!IMAGE_TAG.test(version))
    throw new InputError(
      "--to-version",
      "",
      `"${version}" is not a release version (versions are image tags: letters, digits, '.', '_', '-', at most 128)`,
      "pass a version from the stack's history, e.g. --to-version 1.3.0, or leave it out to go back to the previous one",
    );
}

export interface RollbackCommandOptions {
  readonly stack?: string;
  readonly toVersion?: string;
  readonly artifacts?: string;
  readonly verbose?: boolean;
  /** `--allow-non-routing-changes`: see RollbackOptions.allowNonRoutingChanges. */
  readonly allowNonRoutingChanges?: boolean;
}

/** The testable body of `rollback`: returns the exit code. */
export async function runRollback(
  options: RollbackCommandOptions,
  io: Io = processIo,
  seams?: SeamsFactory,
): Promise<number> {
  return runPipelineCommand("rollback", io, seams, async (getSeams) => {
    // Every flag and the stack file first: bad input is exit 2 before any tool is looked for.
    const root = artifactsDir(options.artifacts);
    if (!options.stack) {
      const names = listStackNames(stacksDirOf(root));
      throw new InputError(
        "--stack",
        "",
        "is required (a rollback works on one stack)",
        names.length > 0 ? `pass one of: ${names.join(", ")}` : "pass the stack to roll back",
      );
    }
    if (options.toVersion !== undefined) checkVersion(options.toVersion);
    const stacks = pipelineStacks(root, options.stack);
    const s = await getSeams({ region: awsRegion(stacks.targets[0]), workDir: stacks.dir });
    return rollback({
      ...s,
      log: progressPrinter(io, options.verbose === true),
      artifactsDir: root,
      stacks: stacks.all,
      stack: options.stack,
      ...(options.toVersion ? { toVersion: options.toVersion } : {}),
      ...(options.allowNonRoutingChanges ? { allowNonRoutingChanges: true } : {}),
    });
  });
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("rollback")
    .description(
      "Roll a stack back: traffic to the old colour at once where possible, else redeploy the last good version.",
    )
    .requiredOption(
      "--stack <name>",
      "the stack to roll back (one that has a stack file in <release>/stacks/)",
    )
    .option("--to-version <version>", "version to go back to (default: the previous one)")
    .option("--artifacts <dir>", "release root; default SLIPWAY_ARTIFACTS_DIR or examples/taskflow")
    .option(
      "--allow-non-routing-changes",
      "let an immediate switch apply changes other than traffic routing (the checkout differs from what is deployed)",
      false,
    )
    .option("--verbose", "also print the engine's output", false)
    .action(async (opts: RollbackCommandOptions) => {
      process.exitCode = await runRollback(opts);
    });
  exitOnUsageError(command, exit);
}
