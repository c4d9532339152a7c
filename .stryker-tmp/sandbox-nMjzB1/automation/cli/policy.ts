/**
 * `npm run policy -- [--program DIR] [--stack NAME] [--format text|json]`: run the CrossGuard pack
 * offline against a program. Exit 0 when no mandatory violation, 1 when any, 2 when the program (or the
 * pack) could not be evaluated, with its error stated plainly.
 */
// @ts-nocheck

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { exitOnUsageError } from "./usage";
import type { PolicyPackConfig } from "@pulumi/policy";
import { PolicyEvaluationError } from "../../policies/harness";
import { ProgramError, EvaluationAborted } from "../engine/offline";
import { ExitCode, InputError } from "../../lib/errors";
import { checkPolicies, DEFAULT_POLICY_PACK_DIR, DEFAULT_PROGRAM_DIR } from "../policy/check";
import { policyReportJson, policyReportText } from "../policy/format";

export interface PolicyCommandOptions {
  /** @default this project */
  readonly program?: string;
  /** @default "staging" */
  readonly stack?: string;
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
  } catch {
    throw new InputError(file, "", "cannot be read", "pass an existing JSON file to --policy-pack-config");
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as PolicyPackConfig;
  } catch {
    throw new InputError(
      file,
      "",
      "is not a JSON object",
      'write { "<policy-name>": "advisory" | { ...config } }',
    );
  }
}

/**
 * The stack's config comes only from `Pulumi.<stack>.yaml` offline: a mistyped `--stack` (`prod`) would
 * otherwise be evaluated with no config and fail on the first required key, with a fix that creates config
 * for the wrong stack.
 */
function checkStackFile(programDir: string, stack: string): void {
  if (!existsSync(join(programDir, "Pulumi.yaml"))) return; // checkPolicies names the missing program
  if (existsSync(join(programDir, `Pulumi.${stack}.yaml`))) return;
  const stacks = readdirSync(programDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
  throw new InputError(
    join(programDir, `Pulumi.${stack}.yaml`),
    "",
    `not found: --stack ${stack} has no stack file`,
    stacks.length > 0
      ? `pass --stack ${stacks.join(" or --stack ")}`
      : "create the stack file (pulumi stack init, pulumi config set)",
  );
}

/** Run the policy check and return the exit code (the testable body of the command). */
export async function runPolicy(options: PolicyCommandOptions): Promise<number> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(t));
  const err = options.stderr ?? ((t: string) => process.stderr.write(`${t}\n`));
  const format = options.format ?? "text";
  try {
    if (format !== "text" && format !== "json") {
      throw new InputError(
        "--format",
        "",
        `is ${JSON.stringify(format)}`,
        "use --format text or --format json",
      );
    }
    checkStackFile(resolve(options.program ?? DEFAULT_PROGRAM_DIR), options.stack ?? "staging");
    const report = await checkPolicies({
      programDir: resolve(options.program ?? DEFAULT_PROGRAM_DIR),
      stack: options.stack ?? "staging",
      policyPackDir: resolve(options.policyPack ?? DEFAULT_POLICY_PACK_DIR),
      ...(options.policyPackConfig ? { policyConfig: readPolicyConfig(options.policyPackConfig) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    out(
      format === "json" ? `${JSON.stringify(policyReportJson(report), null, 2)}\n` : policyReportText(report),
    );
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
    .option("--program <dir>", "Pulumi program directory", DEFAULT_PROGRAM_DIR)
    .option("--stack <name>", "stack whose config is used", "staging")
    .option("--format <format>", "text or json", "text")
    .option("--policy-pack <dir>", "policy pack directory", DEFAULT_POLICY_PACK_DIR)
    .option("--policy-pack-config <file>", "policy pack config JSON (enforcement levels, thresholds)")
    .action(
      async (opts: {
        program: string;
        stack: string;
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
