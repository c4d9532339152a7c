/**
 * Validate and write the produced documents atomically under the release root, secrets redacted. A
 * report that does not validate is not written (its errors go into the signal); a signal that does not
 * validate is a bug and throws.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateContract } from "../../contracts";
import { writeJsonAtomic } from "../fs/atomic";
import { redactDeep, type Redactor } from "../../lib/redact";
import {
  environmentReportPath,
  REPORT_PATH,
  SIGNAL_PATH,
  type DeploymentReport,
  type StageSignal,
} from "./types";

export type ContractValidator = (
  contract: "deployment-report" | "stage-completion-signal",
  doc: unknown,
) => string[];

/** Default validator: the project's contracts (`contracts/`). */
export const validateWithContracts: ContractValidator = (contract, doc) =>
  validateContract(contract, doc).map((e) => `${e.path || "/"}: ${e.message}`);

export interface WriteOptions {
  readonly validate?: ContractValidator;
  readonly redactor?: Redactor;
}

/**
 * Write the report to `ARTIFACTS/devops-engineer/deployment-report.json` and to the per-environment copy.
 * Returns the validation errors (empty: written).
 */
export function writeReport(
  root: string,
  environment: string,
  report: DeploymentReport,
  opts: WriteOptions = {},
): string[] {
  const doc = redactDeep(report, opts.redactor);
  const errors = (opts.validate ?? validateWithContracts)("deployment-report", doc);
  if (errors.length > 0) return errors;
  for (const rel of [REPORT_PATH, environmentReportPath(environment)]) {
    try {
      writeJsonAtomic(join(root, rel), doc);
    } catch (err) {
      // Atomic: nothing half-written; the signal says the report is missing and why.
      return [`${rel}: could not be written (${fsReason(err)})`];
    }
  }
  return [];
}

/** A file system error as one line: its code and message. */
function fsReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Write `ARTIFACTS/system/stage-completion-signal.json`; throws when it does not validate. */
export function writeSignal(root: string, signal: StageSignal, opts: WriteOptions = {}): string {
  const doc = redactDeep(signal, opts.redactor);
  const errors = (opts.validate ?? validateWithContracts)("stage-completion-signal", doc);
  if (errors.length > 0) throw new Error(`stage-completion-signal does not validate: ${errors.join("; ")}`);
  const path = join(root, SIGNAL_PATH);
  try {
    writeJsonAtomic(path, doc);
  } catch (err) {
    throw new Error(
      `the stage-completion signal could not be written to ${path} (${fsReason(err)}); nothing half-written, make the directory writable and re-run`,
      { cause: err },
    );
  }
  return path;
}

/**
 * Evidence that `version` passed staging in an earlier run: the per-environment report of a staging
 * environment (or the latest report) says `success` and every deployed service runs `version`.
 */
export function stagingEvidenceFromReports(
  root: string,
  stagingNames: readonly string[],
  version: string,
): string | undefined {
  const candidates = [...stagingNames.map((n) => environmentReportPath(n)), REPORT_PATH];
  for (const rel of candidates) {
    const path = join(root, rel);
    if (!existsSync(path)) continue;
    let doc: DeploymentReport;
    try {
      doc = JSON.parse(readFileSync(path, "utf8")) as DeploymentReport;
    } catch {
      continue;
    }
    const s = doc.deployment_summary;
    if (!s || s.environment !== "staging" || s.status !== "success") continue;
    const services = doc.services_deployed ?? [];
    if (services.length === 0 || !services.every((x) => x.version === version)) continue;
    return `${rel} (staging, ${version}, deployed ${s.deployed_at})`;
  }
  return undefined;
}
