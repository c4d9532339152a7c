/**
 * `npm run dr-drill -- --stack S [--out FILE] [--rto-target-minutes N] [--rpo-target-minutes N]
 * [--timeout-minutes N] [--tcp-check]`: restore the stack's latest RDS snapshot into a temporary
 * instance, check it, measure RTO/RPO, delete it, write the drill report. Exit 0 when the drill
 * passed, 1 when it failed, 2 on bad input, 3 when the Pulumi CLI or AWS credentials are missing
 * (checked before anything runs).
 */
import { RDSClient } from "@aws-sdk/client-rds";
import type { Command } from "commander";
import { exitOnUsageError } from "./usage";
import { ExitCode, InputError } from "../../lib/errors";
import type { Engine } from "../engine/types";
import {
  DEFAULT_RPO_TARGET_MINUTES,
  DEFAULT_RTO_TARGET_MINUTES,
  DEFAULT_TIMEOUT_MINUTES,
  runDrDrill,
  tcpConnect,
  type DrDrillReport,
} from "../ops/dr-drill";
import { validateStackName } from "../ops/drift";
import { opsEngine, opsFailure, opsStackFile, type OpsCommandOptions } from "../ops/preflight";
import { opsIo } from "./ops-io";
import { awsRegion } from "./deploy";
import { withCancelOnSignals } from "./drift";

export interface DrDrillCommandOptions extends OpsCommandOptions {
  /** Report file. @default `reports/dr-drill-<stack>.json` */
  readonly out?: string;
  /** Minutes, as typed (a string from the command line) or a number. */
  readonly rtoTargetMinutes?: number | string;
  readonly rpoTargetMinutes?: number | string;
  /** @default DEFAULT_TIMEOUT_MINUTES */
  readonly timeoutMinutes?: number | string;
  /** Also open a TCP connection to the restored endpoint (needs a route into the VPC). */
  readonly tcpCheck?: boolean;
  /** @default an RDSClient in the stack's region */
  readonly rds?: RDSClient;
  /** Clock seam (snapshot age, RTO). @default () => new Date() */
  readonly now?: () => Date;
  /** Sleep seam between status polls. @default a timer that honours the abort signal */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A positive number of minutes from what was typed, in plain decimal notation (`15`, `7.5`; not `0x10`,
 * `1e3` or `Infinity`, which `Number` would take); bad input echoes the value as typed.
 */
export function positiveMinutes(flag: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "number" ? value : /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(Number.isFinite(n) && n > 0)) {
    throw new InputError(
      flag,
      "",
      `"${String(value)}" is not a positive number of minutes`,
      `pass e.g. ${flag} 60`,
    );
  }
  return n;
}

/** A short human summary of a drill report. */
export function formatDrillSummary(report: DrDrillReport, path: string): string {
  const lines = [
    `DR drill ${report.status === "passed" ? "passed" : "FAILED"} on ${report.stack} (report: ${path})`,
    `  snapshot: ${report.snapshot ? `${report.snapshot.identifier}, ${report.snapshot.ageMinutes} min old` : "none"}`,
    `  RTO: ${report.rto.measuredMinutes ?? "-"} min (target ${report.rto.targetMinutes}) ${report.rto.met ? "met" : "NOT met"}`,
    `  RPO: ${report.rpo.measuredMinutes ?? "-"} min (target ${report.rpo.targetMinutes}) ${report.rpo.met ? "met" : "NOT met"}`,
    `  answers: ${report.restore?.answers === "skipped" ? "not checked (only availability is proven; --tcp-check from inside the VPC connects)" : (report.restore?.answers ?? "-")}`,
    `  cleanup: ${report.cleanup.status}${report.cleanup.manualCommand ? ` -> run: ${report.cleanup.manualCommand}` : ""}`,
  ];
  for (const p of report.problems) lines.push(`  problem: ${p}`);
  return lines.join("\n");
}

/** The testable body of the command: returns the exit code. */
export async function runDrDrillCommand(options: DrDrillCommandOptions): Promise<number> {
  const { out, err } = opsIo(options);
  try {
    validateStackName(options.stack);
    const rtoTargetMinutes = positiveMinutes("--rto-target-minutes", options.rtoTargetMinutes);
    const rpoTargetMinutes = positiveMinutes("--rpo-target-minutes", options.rpoTargetMinutes);
    const timeoutMinutes = positiveMinutes("--timeout-minutes", options.timeoutMinutes);
    const stackFile = opsStackFile(options);
    // Nothing is read or restored without a Pulumi CLI and AWS credentials (stack outputs, then RDS).
    const base = await opsEngine(options, awsRegion(stackFile, options.env), !options.rds);
    const outputs = await base.outputs(options.stack);
    const engine: Engine = { ...base, outputs: async () => outputs };
    const region = typeof outputs.region === "string" ? outputs.region : undefined;
    const rds = options.rds ?? new RDSClient(region ? { region } : {});
    const path = options.out ?? `reports/dr-drill-${options.stack}.json`;
    const report = await runDrDrill({
      engine,
      stack: options.stack,
      rds,
      reportPath: path,
      ...(rtoTargetMinutes !== undefined ? { rtoTargetMinutes } : {}),
      ...(rpoTargetMinutes !== undefined ? { rpoTargetMinutes } : {}),
      ...(timeoutMinutes !== undefined ? { timeoutMs: timeoutMinutes * 60_000 } : {}),
      ...(options.tcpCheck ? { connect: tcpConnect } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      log: (line) => err(`dr-drill: ${line}`),
    });
    out(formatDrillSummary(report, path));
    return report.status === "passed" ? ExitCode.ok : ExitCode.failed;
  } catch (e) {
    const { code, message } = opsFailure("dr-drill", options.stack, e, "drill");
    err(message);
    return code;
  }
}

export function register(program: Command, exit?: (code: number) => never): void {
  const command = program
    .command("dr-drill")
    .description(
      "Restore the stack's latest RDS snapshot into a temporary instance, check it, measure RTO/RPO, delete it, write a drill report.",
    )
    .requiredOption(
      "--stack <stack>",
      "stack whose database to drill (one that has a stack file in <release>/stacks/)",
    )
    .option("--out <file>", "drill report path (default reports/dr-drill-<stack>.json)")
    .option(
      "--rto-target-minutes <n>",
      `recovery time objective in minutes (default ${DEFAULT_RTO_TARGET_MINUTES})`,
    )
    .option(
      "--rpo-target-minutes <n>",
      `recovery point objective in minutes (default ${DEFAULT_RPO_TARGET_MINUTES})`,
    )
    .option(
      "--timeout-minutes <n>",
      `give up waiting for the restore after this long (default ${DEFAULT_TIMEOUT_MINUTES})`,
    )
    .option(
      "--tcp-check",
      "also open a TCP connection to the restored endpoint (needs network access to the VPC)",
    )
    .option(
      "--artifacts <dir>",
      "release root whose stacks/ holds the stack files; default SLIPWAY_ARTIFACTS_DIR or examples/taskflow",
    )
    .option("--work-dir <dir>", "Pulumi project directory with the stack files (default: <release>/stacks)")
    .action(
      async (opts: {
        stack: string;
        out?: string;
        rtoTargetMinutes?: string;
        rpoTargetMinutes?: string;
        timeoutMinutes?: string;
        tcpCheck?: boolean;
        artifacts?: string;
        workDir?: string;
      }) => {
        process.exitCode = await withCancelOnSignals((signal) => runDrDrillCommand({ ...opts, signal }));
      },
    );
  exitOnUsageError(command, exit);
}
