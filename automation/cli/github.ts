/**
 * What a deploy or rollback shows in GitHub Actions: the run's step summary (`$GITHUB_STEP_SUMMARY`,
 * Markdown: per environment its steps, failure with the engine's last lines, rollback, warnings) and an
 * `::error` annotation per failed environment. Pure builders plus one writer; the text is redacted by the
 * caller's redactor before it leaves the process.
 */
import { appendFileSync } from "node:fs";
import { blockingIssues } from "../../release/gates";
import type { DeployResult } from "../pipeline/types";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The step summary of one deploy or rollback run (Markdown). */
export function stepSummary(result: DeployResult, command: "deploy" | "rollback"): string {
  const out: string[] = [];
  if (result.status === "blocked") {
    out.push(
      `## ${command}: blocked, nothing was ${command === "rollback" ? "rolled back" : "deployed"}`,
      "",
    );
    for (const g of blockingIssues(result.gateIssues))
      out.push(`- **${g.gate}** ${g.description}. Fix: ${g.fix}`);
    return `${out.join("\n")}\n`;
  }
  for (const e of result.environments) {
    out.push(`## ${command} ${e.stack}: ${e.status}${e.cancelled ? " (cancelled)" : ""}`, "");
    out.push(`${e.strategy}, ${e.previousVersion ?? "nothing"} → ${e.version}`, "");
    out.push("| Step | Result | Duration |", "| --- | --- | --- |");
    for (const s of e.steps) out.push(`| ${cell(s.name)} | ${s.status} | ${seconds(s.durationMs)} |`);
    out.push("");
    if (e.failure) {
      const [first, ...rest] = e.failure.split("\n");
      out.push(`**Failure:** ${first}`, "");
      if (rest.length > 0) out.push("```text", ...rest, "```", "");
    }
    if (e.rollback) {
      out.push(
        `**Rollback** (${e.rollback.kind}) to ${e.rollback.toVersion}: ${e.rollback.succeeded ? "succeeded" : `FAILED${e.rollback.reason ? ` (${e.rollback.reason.split("\n")[0]})` : ""}`}`,
        "",
      );
    }
    if (e.warnings.length > 0) out.push("**Warnings**", "", ...e.warnings.map((w) => `- ${w}`), "");
  }
  if (result.reportPath) out.push(`Report: \`${result.reportPath}\``);
  if (result.signal) out.push(`Signal: ${result.signal.status}`);
  return `${out.join("\n")}\n`;
}

/** `::error` workflow commands, one per environment that did not succeed (message escaped as GitHub requires). */
export function errorAnnotations(result: DeployResult, command: "deploy" | "rollback"): string[] {
  const escape = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProp = (s: string) => escape(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return result.environments
    .filter((e) => (command === "rollback" ? e.status !== "rolled_back" : e.status !== "success"))
    .map(
      (e) =>
        `::error title=${escapeProp(`${command} ${e.stack} ${e.status}`)}::${escape(e.failure ?? e.status)}`,
    );
}

/**
 * In GitHub Actions (`GITHUB_ACTIONS=true`): print the annotations and append the summary to
 * `$GITHUB_STEP_SUMMARY`. Elsewhere nothing. Every line goes through `redact`.
 */
export function reportToGitHub(
  result: DeployResult,
  command: "deploy" | "rollback",
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  redact: (s: string) => string,
  append: (path: string, text: string) => void = appendFileSync,
): void {
  if (env.GITHUB_ACTIONS !== "true") return;
  for (const a of errorAnnotations(result, command)) print(redact(a));
  if (env.GITHUB_STEP_SUMMARY) append(env.GITHUB_STEP_SUMMARY, redact(stepSummary(result, command)));
}
