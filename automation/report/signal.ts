/**
 * Pure builders of `stage-completion-signal.json` (for a finished run, a gate block or bad input) and of
 * the role document's handoff message.
 */
import type { GateIssue } from "../../release/gates";
import type { Release } from "../../release/model";
import type { BlockingIssue, EnvironmentOutcome, StageSignal } from "./types";
import { REPORT_PATH } from "./types";

/** The role document's handoff message. */
export function handoffMessage(environment: string, productionUrl: string | undefined): string {
  return [
    `Deployment to ${environment} complete. See deployment-report.json for details.`,
    "",
    "All services healthy. Monitoring active.",
    "",
    `Production URL: ${productionUrl ?? "(none: no public endpoint in the stack outputs)"}`,
  ].join("\n");
}

/**
 * Why the role document's handoff ("All services healthy. Monitoring active.", no critical alerts) does
 * not apply to an outcome; empty when it does.
 */
export function handoffBlockers(o: EnvironmentOutcome): string[] {
  const reasons: string[] = [];
  if (o.status !== "success")
    reasons.push(`the deployment ${o.status === "rolled_back" ? "rolled back" : "failed"}`);
  for (const h of o.serviceHealth.filter((x) => x.running < x.desired))
    reasons.push(`ECS service ${h.ecsService} runs ${h.running} of ${h.desired} desired task(s)`);
  if (o.smoke.length === 0) reasons.push("no smoke test ran");
  else if (!o.smoke.every((s) => s.status === "passed")) reasons.push("not every smoke test passed");
  if ((o.outputs?.alarms.length ?? 0) === 0)
    reasons.push("monitoring is not active: the stack exports no alarms");
  if (o.bake?.status !== "passed") reasons.push("the alarms were not watched through a passed bake");
  return reasons;
}

/** The role document's handoff applies: the run succeeded, every service is healthy, monitoring is active. */
export function allHealthy(o: EnvironmentOutcome): boolean {
  return handoffBlockers(o).length === 0;
}

/** Public URL of a stack: the frontend, else the first API. */
export function publicUrl(o: EnvironmentOutcome): string | undefined {
  return o.outputs?.frontend?.url ?? o.outputs?.services.find((s) => s.url)?.url;
}

export interface RunSignalInput {
  readonly release: Pick<Release, "workflowId" | "environments">;
  /** Environments in the order they ran (the last one decides the status). */
  readonly outcomes: readonly EnvironmentOutcome[];
  readonly gateIssues: readonly GateIssue[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Contract validation of the report that was written. */
  readonly reportErrors: readonly string[];
  /** Environments that were targeted but never started (cancelled before them). */
  readonly notStarted?: readonly string[];
  /** Why they never started. @default "Cancelled" */
  readonly notStartedReason?: string;
}

/** Signal for a run that reached the engine. */
export function buildRunSignal(i: RunSignalInput): StageSignal {
  const last = i.outcomes[i.outcomes.length - 1];
  const notStarted = i.notStarted ?? [];
  const ok =
    i.outcomes.length > 0 &&
    notStarted.length === 0 &&
    i.outcomes.every((o) => o.status === "success") &&
    i.reportErrors.length === 0;
  const warnings = [
    ...i.gateIssues.filter((g) => !g.blocking).map((g) => g.description),
    ...i.outcomes.flatMap((o) => o.warnings.map((w) => `${o.stack}: ${w}`)),
  ];
  const blocking: BlockingIssue[] = [];
  for (const o of i.outcomes.filter((x) => x.status !== "success")) {
    blocking.push({
      description:
        o.status === "rolled_back"
          ? `Deployment of ${o.version} to ${o.stack} was rolled back to ${o.rollback?.toVersion ?? "the previous version"}: ${o.failure ?? "see the report"}`
          : `Deployment of ${o.version} to ${o.stack} failed${o.cancelled ? " (cancelled)" : ""}: ${o.failure ?? "see the report"}`,
      severity: "critical",
      resolution_required: true,
    });
    if (o.rollback && !o.rollback.succeeded) {
      blocking.push({
        description: `Rollback of ${o.stack} failed: ${o.rollback.reason ?? "unknown"}`,
        severity: "critical",
        resolution_required: true,
      });
    }
  }
  if (i.reportErrors.length > 0) {
    blocking.push({
      description: `The deployment report was not written: ${i.reportErrors.join("; ")}`,
      severity: "high",
      resolution_required: true,
    });
  }
  if (notStarted.length > 0 && !blocking.some((b) => b.severity === "critical")) {
    blocking.push({
      description: `${i.notStartedReason ?? "Cancelled"} before ${notStarted.join(", ")} started; nothing was deployed there`,
      severity: "high",
      resolution_required: true,
    });
  }
  const reachedProduction = last?.environment.type === "production";
  const production = i.release.environments.find((e) => e.type === "production");
  const smokeOk = i.outcomes.every((o) => o.smoke.length > 0 && o.smoke.every((s) => s.status === "passed"));
  const status: StageSignal["status"] = !ok
    ? "failed"
    : warnings.length > 0
      ? "completed_with_warnings"
      : "completed";
  let notes: string;
  if (ok && last) {
    notes = !allHealthy(last)
      ? `Deployment of ${last.version} to ${last.stack} completed, but the handoff does not apply: ${handoffBlockers(last).join("; ")}`
      : reachedProduction
        ? handoffMessage(last.stack, publicUrl(last))
        : `Deployment of ${last.version} to ${last.stack} complete and verified (smoke tests, bake). Production is next${production ? `: npm run deploy -- --stack ${production.name}` : ""}.`;
  } else {
    notes = blocking.map((b) => b.description).join(" ");
  }
  return {
    agent: "devops_engineer",
    stage: "deployment",
    status,
    timestamp: i.finishedAt.toISOString(),
    ...(i.release.workflowId ? { workflow_id: i.release.workflowId } : {}),
    output_artifacts: [REPORT_PATH],
    blocking_issues: blocking,
    warnings,
    next_agent_required: ok
      ? reachedProduction || !production
        ? "product_manager"
        : "devops_engineer"
      : "orchestrator",
    human_approval_required: !ok || (!reachedProduction && !!production?.requiresApproval),
    validation_results: {
      schema_valid: i.reportErrors.length === 0,
      validation_errors: [...i.reportErrors],
      quality_checks_passed: ok && smokeOk,
      quality_check_details: Object.fromEntries(
        i.outcomes.map((o) => [
          o.stack,
          {
            status: o.status,
            smoke: `${o.smoke.filter((s) => s.status === "passed").length}/${o.smoke.length} passed`,
            bake: o.bake ? `${o.bake.status} after ${Math.round(o.bake.watchedMs / 60_000)} min` : "not run",
            steps: o.steps.map((s) => `${s.name}: ${s.status} (${(s.durationMs / 1000).toFixed(1)} s)`),
            ...(o.inventory
              ? {
                  estimated_monthly_usd: o.inventory.monthlyUsd,
                  price_table_date: o.inventory.priceTableDate,
                  resources: o.inventory.rows.length,
                }
              : {}),
          },
        ]),
      ),
    },
    performance_metrics: {
      duration_seconds: Math.round((i.finishedAt.getTime() - i.startedAt.getTime()) / 1000),
    },
    notes,
  };
}

/** Signal for a deployment a gate stopped before any engine call. */
export function buildBlockedSignal(
  release: Pick<Release, "workflowId">,
  issues: readonly GateIssue[],
  at: Date,
): StageSignal {
  const blocking = issues.filter((i) => i.blocking);
  return {
    agent: "devops_engineer",
    stage: "deployment",
    status: "blocked",
    timestamp: at.toISOString(),
    ...(release.workflowId ? { workflow_id: release.workflowId } : {}),
    output_artifacts: [],
    blocking_issues: blocking.map((i) => ({
      description: `${i.description}. Fix: ${i.fix}`,
      severity: i.severity,
      resolution_required: true,
    })),
    warnings: issues.filter((i) => !i.blocking).map((i) => i.description),
    next_agent_required: blocking.some((i) => i.gate === "qa") ? "qa_engineer" : "orchestrator",
    human_approval_required: blocking.some((i) => i.gate === "approval"),
    notes: `Deployment blocked by ${[...new Set(blocking.map((i) => i.gate))].join(", ")} gate(s); nothing was deployed.`,
  };
}

/** Signal for artifacts that failed validation (bad input: nothing was deployed). */
export function buildInvalidInputSignal(
  errors: readonly string[],
  at: Date,
  workflowId?: string,
): StageSignal {
  return {
    agent: "devops_engineer",
    stage: "deployment",
    status: "failed",
    timestamp: at.toISOString(),
    ...(workflowId ? { workflow_id: workflowId } : {}),
    output_artifacts: [],
    blocking_issues: errors.map((e) => ({ description: e, severity: "critical", resolution_required: true })),
    next_agent_required: "orchestrator",
    validation_results: { schema_valid: false, validation_errors: [...errors], quality_checks_passed: false },
    notes: "The release artifacts are invalid; nothing was deployed.",
  };
}
