/**
 * `npm run init -- --artifacts DIR [--stack NAME=TYPE ...] [--region R] [--domain D --hosted-zone-id Z |
 * --no-domain] [--project NAME] [--force]`: create the user's stacks directory (`DIR/stacks/`: the Pulumi
 * project file and one stack file per stack) from their release, in the spirit of `pulumi new`. Missing
 * answers are asked on a terminal only; a non-interactive run takes flags. Exit 0 written, 2 bad input
 * (nothing written; existing files are never overwritten without --force).
 */
import { relative } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { ExitCode, InputError, InputErrors } from "../../lib/errors";
import { loadRelease } from "../../release/load";
import { planInit, parseStackRequest, writeInit, type StackRequest } from "../stacks/init";
import { releaseRootFor } from "../stacks/stack-files";
import { exitOnUsageError } from "./usage";

export interface InitCommandOptions {
  readonly artifacts?: string;
  /** `NAME=TYPE` each. */
  readonly stack?: readonly string[];
  readonly region?: string;
  readonly domain?: string;
  readonly hostedZoneId?: string;
  /** commander's `--no-domain` sets `domain: false`; tests may pass `noDomain`. */
  readonly noDomain?: boolean;
  readonly project?: string;
  readonly force?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Asks a question on a terminal; undefined when not interactive. @default stdin when it is a TTY */
  readonly ask?: (question: string) => Promise<string>;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/** A question asker on the process's terminal, or undefined when stdin is not one. */
function terminalAsker(): ((q: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (q) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    try {
      return (await rl.question(q)).trim();
    } finally {
      rl.close();
    }
  };
}

/** The testable body of `init`: returns the exit code. */
export async function runInit(options: InitCommandOptions): Promise<number> {
  const out = options.stdout ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.stderr ?? ((t: string) => process.stderr.write(`${t}\n`));
  const env = options.env ?? process.env;
  const ask = "ask" in options ? options.ask : terminalAsker();
  try {
    // Flags first: a bad one is reported before anything is read or asked.
    const stacks: StackRequest[] = (options.stack ?? []).map(parseStackRequest);
    if (options.artifacts === undefined && env.SLIPWAY_ARTIFACTS_DIR === undefined)
      throw new InputError(
        "--artifacts",
        "",
        "is required",
        "pass your release root (the folder with project-config.json and ARTIFACTS/), e.g. --artifacts ../myapp/release",
      );
    const release = loadRelease(releaseRootFor(options.artifacts, env));
    let region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    let { domain, hostedZoneId } = options;
    const noDomain = options.noDomain === true;
    if (region === undefined && ask) region = await ask("AWS region of the stacks (e.g. eu-west-1): ");
    if (!noDomain && domain === undefined && hostedZoneId === undefined && ask) {
      const d = await ask("Apex domain in a Route 53 hosted zone (empty: no domain, AWS-provided names): ");
      if (d !== "") {
        domain = d;
        hostedZoneId = await ask(`Route 53 hosted zone id of ${d} (e.g. Z0123456789ABCDEFGHIJ): `);
      }
    }
    if (region === undefined || region === "")
      throw new InputError("--region", "", "is not given (nor AWS_REGION)", "pass e.g. --region eu-west-1");
    const plan = planInit(release, {
      stacks,
      region,
      ...(domain !== undefined ? { domain } : {}),
      ...(hostedZoneId !== undefined ? { hostedZoneId } : {}),
      noDomain: noDomain || (domain === undefined && hostedZoneId === undefined && ask !== undefined),
      ...(options.project !== undefined ? { project: options.project } : {}),
    });
    writeInit(plan, options.force === true);
    const shown = (p: string) => relative(process.cwd(), p) || ".";
    const lines = [
      `Pulumi project ${plan.project}: wrote ${plan.files.length} files into ${shown(plan.dir)}`,
    ];
    for (const f of plan.files) lines.push(`  ${shown(f.path)}`);
    lines.push(
      "Commit them with your release (they hold no secrets). Still needed, once (the Pulumi CLI prompts for each secret value):",
      ...plan.nextSteps.map((s) => `  ${s}`),
      `Then: npm run plan -- --artifacts ${shown(release.root)} (offline), and npm run deploy -- --artifacts ${shown(release.root)}.`,
    );
    out(lines.join("\n"));
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof InputErrors) {
      err(`init: invalid release (${e.errors.length} problem(s)), nothing was written:`);
      for (const x of e.errors) err(`  - ${x.message}`);
      return ExitCode.badInput;
    }
    if (e instanceof InputError) {
      err(`init: ${e.message}`);
      return ExitCode.badInput;
    }
    err(`init: failed: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.failed;
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("init")
    .description(
      "Create your stacks directory (<release>/stacks/: Pulumi project + one stack file per stack) from your release.",
    )
    .option(
      "--artifacts <dir>",
      "your release root (project-config.json + ARTIFACTS/); default SLIPWAY_ARTIFACTS_DIR",
    )
    .option(
      "--stack <name=type>",
      "a stack and its environment type (development, staging, production); repeat; default: project-config's environments",
      collect,
    )
    .option("--region <region>", "AWS region of the stacks (default AWS_REGION; asked on a terminal)")
    .option("--domain <domain>", "apex domain: production gets it, other stacks <stack>.<domain>")
    .option("--hosted-zone-id <id>", "Route 53 hosted zone id of --domain")
    .option("--no-domain", "no domain: AWS-provided names over HTTP (see the README)")
    .option("--project <name>", "Pulumi project name (default: the release's project_id)")
    .option("--force", "overwrite existing stack files", false)
    .action(
      async (opts: {
        artifacts?: string;
        stack?: string[];
        region?: string;
        domain?: string | false;
        hostedZoneId?: string;
        project?: string;
        force?: boolean;
      }) => {
        const { domain, ...rest } = opts;
        process.exitCode = await runInit({
          ...rest,
          ...(typeof domain === "string" ? { domain } : {}),
          noDomain: domain === false,
        });
      },
    );
  exitOnUsageError(command, exit);
}
