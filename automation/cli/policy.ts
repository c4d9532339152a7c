/**
 * `npm run policy -- --stack NAME [--artifacts DIR] [--program DIR] [--format text|json|sarif]`: run the CrossGuard pack
 * (`sarif`: SARIF 2.1.0 for GitHub code scanning)
 * offline against a program. Exit 0 when no mandatory violation, 1 when any, 2 when the program (or the
 * pack) could not be evaluated, with its error stated plainly.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { exitOnUsageError } from "./usage";
import type { PolicyPackConfig } from "@pulumi/policy";
import { PolicyEvaluationError } from "../../policies/harness";
import { ProgramError, EvaluationAborted } from "../engine/offline";
import { ExitCode, InputError } from "../../lib/errors";
import { checkPolicies, DEFAULT_POLICY_PACK_DIR, DEFAULT_PROGRAM_DIR } from "../policy/check";
import { policyReportJson, policyReportText } from "../policy/format";
import { loadPolicyPack } from "../policy/pack";
import { policyReportSarif } from "../policy/sarif";
import {
  listStackNames,
  projectNameOf,
  readStackFile,
  releaseRootFor,
  stacksDirOf,
  type StackFile,
} from "../stacks/stack-files";

export interface PolicyCommandOptions {
  /** @default this project */
  readonly program?: string;
  /** A stack with a stack file (required; the message lists them). */
  readonly stack?: string;
  /** Release root whose `stacks/` holds the stack files. @default SLIPWAY_ARTIFACTS_DIR, else the example */
  readonly artifacts?: string;
  /** Directory of the stack files. @default see `stackFileFor` */
  readonly stacksDir?: string;
  /** Environment read for `SLIPWAY_ARTIFACTS_DIR`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default "text" */
  readonly format?: string;
  readonly policyPack?: string;
  /** JSON file with policy pack config (as `pulumi preview --policy-pack-config`). */
  readonly policyPackConfig?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly signal?: AbortSignal;
}

function readPolicyConfig(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(
      "--policy-pack-config",
      "",
      `"${file}" cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      "pass an existing JSON file",
    );
  }
  const example = 'write { "<policy-name>": "advisory" | { "enforcementLevel": "...", ...config } }';
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    // The parser's message carries the position (line and column): say where, not only that it failed.
    throw new InputError(
      file,
      "",
      `is not valid JSON: ${(err as Error).message}`,
      `fix the syntax there; ${example}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    throw new InputError(file, "", `is valid JSON but ${kind}, not an object`, example);
  }
  return value as PolicyPackConfig;
}

/**
 * Where the stack files are and which program they belong to: `--stacks-dir`, else a `--program` of
 * one's own keeps them beside its Pulumi.yaml (as Pulumi does), else slipway's program reads the
 * release's `stacks/` directory.
 */
function stackFileFor(options: PolicyCommandOptions): {
  readonly stack: StackFile;
  readonly projectName?: string;
  readonly releaseRoot?: string;
} {
  const own = options.program !== undefined && resolve(options.program) !== resolve(DEFAULT_PROGRAM_DIR);
  const releaseRoot = own ? undefined : releaseRootFor(options.artifacts, options.env ?? process.env);
  const dir =
    options.stacksDir ?? (own ? resolve(options.program as string) : stacksDirOf(releaseRoot as string));
  if (options.stack === undefined) {
    const names = listStackNames(dir);
    throw new InputError(
      "--stack",
      "",
      "is required (the policy check runs on one stack)",
      names.length > 0
        ? `pass one of the stacks in ${dir}: ${names.join(", ")}`
        : `no stack files in ${dir}: create them with npm run init`,
    );
  }
  const stack = readStackFile(dir, options.stack);
  const projectName = own || !existsSync(join(dir, "Pulumi.yaml")) ? undefined : projectNameOf(dir);
  return { stack, ...(projectName ? { projectName } : {}), ...(releaseRoot ? { releaseRoot } : {}) };
}

/** Run the policy check and return the exit code (the testable body of the command). */
export async function runPolicy(options: PolicyCommandOptions): Promise<number> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(t));
  const err = options.stderr ?? ((t: string) => process.stderr.write(`${t}\n`));
  const format = options.format ?? "text";
  try {
    if (format !== "text" && format !== "json" && format !== "sarif") {
      throw new InputError(
        "--format",
        "",
        `is ${JSON.stringify(format)}`,
        "use --format text, --format json or --format sarif",
      );
    }
    const target = stackFileFor(options);
    const policyConfig = options.policyPackConfig ? readPolicyConfig(options.policyPackConfig) : undefined;
    const report = await checkPolicies({
      programDir: resolve(options.program ?? DEFAULT_PROGRAM_DIR),
      stack: target.stack.name,
      configFile: target.stack.file,
      ...(target.projectName ? { projectName: target.projectName } : {}),
      ...(target.releaseRoot ? { config: { "slipway:artifactsDir": { value: target.releaseRoot } } } : {}),
      policyPackDir: resolve(options.policyPack ?? DEFAULT_POLICY_PACK_DIR),
      ...(policyConfig ? { policyConfig } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (format === "sarif") {
      const stackFile = relative(process.cwd(), target.stack.file).split(sep).join("/");
      const pack = loadPolicyPack(resolve(options.policyPack ?? DEFAULT_POLICY_PACK_DIR));
      out(`${JSON.stringify(policyReportSarif(report, pack.policies, { stackFile }), null, 2)}\n`);
    } else {
      out(
        format === "json"
          ? `${JSON.stringify(policyReportJson(report), null, 2)}\n`
          : policyReportText(report),
      );
    }
    return report.mandatory > 0 ? ExitCode.failed : ExitCode.ok;
  } catch (e) {
    if (e instanceof InputError || e instanceof ProgramError || e instanceof PolicyEvaluationError) {
      err(`policy: ${e.message}`);
      return ExitCode.badInput;
    }
    if (e instanceof EvaluationAborted) {
      err("policy: aborted");
      return ExitCode.failed;
    }
    err(`policy: the check could not run: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.badInput;
  }
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("policy")
    .description(
      "Run the CrossGuard policy pack offline against a program's stack (exit 1 on a mandatory violation, 2 when the program cannot be evaluated).",
    )
    .option("--program <dir>", "Pulumi program directory (default: slipway's)")
    .option("--stack <name>", "stack whose config is used (one that has a stack file)")
    .option(
      "--artifacts <dir>",
      "release root whose stacks/ holds the stack files (default SLIPWAY_ARTIFACTS_DIR or examples/taskflow)",
    )
    .option(
      "--stacks-dir <dir>",
      "directory of the stack files (default <release>/stacks, or --program's directory)",
    )
    .option("--format <format>", "text, json or sarif (SARIF 2.1.0 for GitHub code scanning)", "text")
    .option("--policy-pack <dir>", "policy pack directory", DEFAULT_POLICY_PACK_DIR)
    .option("--policy-pack-config <file>", "policy pack config JSON (enforcement levels, thresholds)")
    .action(
      async (opts: {
        program?: string;
        stack?: string;
        artifacts?: string;
        stacksDir?: string;
        format: string;
        policyPack: string;
        policyPackConfig?: string;
      }) => {
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once("SIGINT", onSignal);
        try {
          process.exitCode = await runPolicy({ ...opts, signal: controller.signal });
        } finally {
          process.off("SIGINT", onSignal);
        }
      },
    );
  exitOnUsageError(command, exit);
}
