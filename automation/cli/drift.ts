/**
 * `npm run drift -- --stack S [--out DIR] [--work-dir DIR]`: preview-only refresh of a deployed
 * stack. Exit 0 when AWS matches the state, 1 on drift (or when the check could not run), 2 on bad
 * input (bad or unknown stack), 3 when the Pulumi CLI or AWS credentials are missing (checked before
 * anything runs).
 */
import { join } from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../errors";
import { createPulumiEngine } from "../engine/pulumi";
import type { Engine } from "../engine/types";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic";
import { checkDrift, formatDriftSummary, validateStackName } from "../ops/drift";
import { opsFailure, opsPreflight } from "../ops/preflight";
import { awsRegion } from "./deploy";

export interface DriftCommandOptions {
  readonly stack: string;
  /** Directory for `drift-<stack>.json` and `drift-<stack>.md`. */
  readonly out?: string;
  /** Pulumi project directory. @default process.cwd() */
  readonly workDir?: string;
  /** Engine to use. @default the Automation API engine over `workDir`, never creating stacks */
  readonly engine?: Engine;
  /**
   * Whether AWS credentials resolve (the refresh reads AWS). @default the SDK's default chain when the
   * real engine is used; not checked when an engine is injected
   */
  readonly awsCredentials?: () => Promise<boolean>;
  /** Environment used to find the Pulumi CLI. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly signal?: AbortSignal;
}

/** Run the drift check and return the exit code (the testable body of the command). */
export async function runDrift(options: DriftCommandOptions): Promise<number> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.stderr ?? ((t: string) => process.stderr.write(`${t}\n`));
  try {
    validateStackName(options.stack);
    // The refresh reads AWS through the Pulumi CLI: both must be there before the engine starts.
    await opsPreflight({
      pulumiCli: !options.engine,
      aws: !options.engine || options.awsCredentials !== undefined,
      region: awsRegion(options.stack, options.env),
      ...(options.awsCredentials ? { awsCredentials: options.awsCredentials } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    const engine =
      options.engine ??
      createPulumiEngine({
        workDir: options.workDir ?? process.cwd(),
        createStacks: false,
        ...(options.env ? { env: options.env } : {}),
      });
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

export function register(program: Command): void {
  program
    .command("drift")
    .description(
      "Refresh a stack in preview-only mode and report resources that differ from AWS (exit 1 on drift).",
    )
    .requiredOption("--stack <stack>", "stack to check, e.g. staging or production")
    .option("--out <dir>", "also write drift-<stack>.json and drift-<stack>.md into this directory")
    .option("--work-dir <dir>", "Pulumi project directory", process.cwd())
    .action(async (opts: { stack: string; out?: string; workDir: string }) => {
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        process.exitCode = await runDrift({
          stack: opts.stack,
          workDir: opts.workDir,
          signal: controller.signal,
          ...(opts.out ? { out: opts.out } : {}),
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
