/**
 * `npm run plan -- [--artifacts DIR] [--stack staging|production|all] [--compare PLAN.json] [--out DIR]`:
 * the main job offline. Writes deployment-plan.json and deployment-plan.md. Exit 0 when the plan has no
 * mandatory policy violation, 1 when it has, 2 on bad input (artifacts, compare file, a program error).
 * Gates that would block a deployment are reported prominently but do not change the exit code.
 */
// @ts-nocheck

import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { exitOnUsageError } from "./usage";
import { PolicyEvaluationError } from "../../policies/harness";
import { EvaluationAborted, ProgramError } from "../engine/offline";
import { ExitCode, InputError, InputErrors } from "../../lib/errors";
import { createPlan, DEFAULT_ARTIFACTS_DIR, DEFAULT_STACKS } from "../plan/plan";

export interface PlanCommandOptions {
  /** Release root. @default `SLIPWAY_ARTIFACTS_DIR`, else the bundled example (as deploy and rollback) */
  readonly artifacts?: string;
  /** Environment read for `SLIPWAY_ARTIFACTS_DIR`. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** `staging`, `production` or `all`. @default "all" */
  readonly stack?: string;
  readonly compare?: string;
  readonly out?: string;
  /** Program directory. @default this project */
  readonly program?: string;
  readonly policyPack?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly signal?: AbortSignal;
}

/** The stacks named by `--stack`. */
export function stacksFor(option: string | undefined): string[] {
  const value = option ?? "all";
  if (value === "all") return [...DEFAULT_STACKS];
  if ((DEFAULT_STACKS as readonly string[]).includes(value)) return [value];
  throw new InputError(
    "--stack",
    "",
    `is ${JSON.stringify(value)}`,
    "use --stack staging, production or all",
  );
}

/**
 * `--out` must be (or be creatable as) a directory this process can write, checked before the stacks are
 * evaluated: a typo or a file there is bad input, not a failed plan after all the work.
 */
export function checkOutDir(out: string): void {
  const bad = (problem: string) =>
    new InputError(
      "--out",
      "",
      `${JSON.stringify(out)} ${problem}`,
      "pass a directory you can write to (created if missing), or leave --out out to write into the release root",
    );
  const target = resolve(out);
  // The nearest path that exists: the directory itself, or the ancestor it would be created in.
  let existing = target;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const where = existing === target ? "is" : `cannot be created: ${existing} is`;
  if (!statSync(existing).isDirectory()) throw bad(`${where} not a directory`);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw bad(`${where} not writable`);
  }
}

/** Run the plan and return the exit code (the testable body of the command). */
export async function runPlan(options: PlanCommandOptions): Promise<number> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.stderr ?? ((t: string) => process.stderr.write(`${t}\n`));
  try {
    if (options.out) checkOutDir(options.out);
    const { plan, files } = await createPlan({
      artifactsDir:
        options.artifacts ?? (options.env ?? process.env).SLIPWAY_ARTIFACTS_DIR ?? DEFAULT_ARTIFACTS_DIR,
      stacks: stacksFor(options.stack),
      ...(options.compare ? { compare: options.compare } : {}),
      ...(options.out ? { outDir: options.out } : {}),
      ...(options.program ? { programDir: options.program } : {}),
      ...(options.policyPack ? { policyPackDir: options.policyPack } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (line) => err(`plan: ${line}`),
    });
    const lines: string[] = [];
    lines.push(
      `Deployment plan for ${plan.release.projectName} ${plan.release.version} (${plan.release.strategy}):`,
    );
    for (const s of plan.stacks) {
      const changes = s.diff
        ? `, +${s.diff.added.length} -${s.diff.removed.length} ~${s.diff.changed.length}`
        : options.compare
          ? ", not in the compared plan"
          : "";
      lines.push(
        `  ${s.stack} (${s.region}): ${s.resourceCount} resources, ${s.policy.mandatory} mandatory / ${s.policy.advisory} advisory violations, ` +
          `~$${s.cost.monthlyUsd.toFixed(2)}/month fixed (prices of ${s.cost.priceTableDate})${changes}`,
      );
    }
    const warnings = plan.stacks.flatMap((s) => s.warnings.map((w) => `  - ${s.stack}: ${w}`));
    if (warnings.length > 0) lines.push(`Program warnings (${warnings.length}):`, ...warnings);
    const blocking = plan.gates.filter((g) => g.blocking);
    if (blocking.length > 0) {
      lines.push(`BLOCKED: a deployment would be stopped by ${blocking.length} gate(s):`);
      for (const g of blocking)
        lines.push(`  - ${g.environment} (${g.gate}): ${g.description}. Fix: ${g.fix}`);
    }
    if (plan.summary.mandatoryViolations > 0) {
      lines.push(
        `FAIL: ${plan.summary.mandatoryViolations} mandatory policy violation(s) (see deployment-plan.md).`,
      );
      for (const s of plan.stacks) {
        for (const v of s.policy.violations.filter((x) => x.enforcementLevel === "mandatory")) {
          lines.push(`  - ${s.stack}: ${v.policy} on ${v.resource.name} (${v.resource.type}): ${v.message}`);
        }
      }
    }
    for (const f of files) {
      const rel = relative(process.cwd(), f);
      lines.push(`wrote ${rel && !rel.startsWith("..") ? rel : f}`);
    }
    out(lines.join("\n"));
    return plan.summary.mandatoryViolations > 0 ? ExitCode.failed : ExitCode.ok;
  } catch (e) {
    if (
      e instanceof InputError ||
      e instanceof InputErrors ||
      e instanceof ProgramError ||
      e instanceof PolicyEvaluationError
    ) {
      err(`plan: ${e.message}`);
      return ExitCode.badInput;
    }
    if (e instanceof EvaluationAborted) {
      err("plan: aborted");
      return ExitCode.failed;
    }
    err(`plan: could not be made: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.failed;
  }
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("plan")
    .description(
      "Offline: validate the release, evaluate gates, evaluate the stacks, run the policy pack, estimate cost, and write deployment-plan.json/.md (exit 1 on a mandatory policy violation).",
    )
    .option(
      "--artifacts <dir>",
      "release root (project-config.json + ARTIFACTS/); default SLIPWAY_ARTIFACTS_DIR or examples/taskflow",
    )
    .option("--stack <stack>", "staging, production or all", "all")
    .option("--compare <plan>", "an earlier deployment-plan.json to diff against")
    .option("--out <dir>", "where to write the plan (default: the release root)")
    .option("--program <dir>", "Pulumi program directory (default: this project)")
    .option("--policy-pack <dir>", "policy pack directory (default: this project's policies/)")
    .action(
      async (opts: {
        artifacts?: string;
        stack: string;
        compare?: string;
        out?: string;
        program?: string;
        policyPack?: string;
      }) => {
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once("SIGINT", onSignal);
        try {
          process.exitCode = await runPlan({ ...opts, signal: controller.signal });
        } finally {
          process.off("SIGINT", onSignal);
        }
      },
    );
  exitOnUsageError(command, exit);
}
