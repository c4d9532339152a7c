/**
 * Shapes of the two documents slipway produces (the subset of the workflow contracts it fills) and of
 * the facts the report builders take. The builders are pure; `write.ts` validates and writes.
 */
// @ts-nocheck

import type { BakeResult } from "../bake";
import type { SmokeResult } from "../smoke";
import type { GateIssue } from "../../release/gates";
import type { EnvironmentSpec, Release, Strategy } from "../../release/model";
import type { StackOutputs } from "../../outputs";
import type { Inventory } from "./inventory";

export type ReportStatus = "success" | "failed" | "rolled_back";

/** What happened to the database migrations of one environment. */
export interface MigrationOutcome {
  /** A migration task ran (pending migrations existed). */
  readonly executed: boolean;
  /** The pending migration files the task applied (or tried to). */
  readonly files: readonly string[];
  readonly status: "success" | "failed" | "skipped";
  /** All applied migrations have a rollback script. */
  readonly rollbackAvailable: boolean;
  /** RDS snapshot taken before the migrations (production), if any. */
  readonly snapshotId?: string;
  /** Task ARN and exit code, for the report's details. */
  readonly taskArn?: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** Live state of one ECS service, as DescribeServices reported it after the rollout. */
export interface ServiceHealth {
  readonly service: string;
  readonly ecsService: string;
  readonly running: number;
  readonly desired: number;
}

/** How a failed rollout was (or was not) rolled back. */
export interface RollbackOutcome {
  readonly kind: "immediate" | "redeploy";
  readonly toVersion: string;
  readonly succeeded: boolean;
  readonly reason?: string;
}

/** One executed step, with its duration (for progress lines and the report's notes). */
export interface StepRecord {
  readonly name: string;
  readonly status: "ok" | "failed" | "skipped";
  readonly durationMs: number;
  readonly detail?: string;
}

/** Everything the report for one environment is built from. */
export interface EnvironmentOutcome {
  readonly environment: EnvironmentSpec;
  readonly stack: string;
  readonly status: ReportStatus;
  readonly strategy: Strategy;
  /** The version this run set out to deploy. */
  readonly version: string;
  /** The version that ran before (undefined for a first release). */
  readonly previousVersion?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Stack outputs after the last successful update (or as found, when nothing was updated). */
  readonly outputs?: StackOutputs;
  readonly steps: readonly StepRecord[];
  readonly migrations: MigrationOutcome;
  readonly smoke: readonly SmokeResult[];
  readonly bake?: BakeResult;
  readonly rollback?: RollbackOutcome;
  readonly serviceHealth: readonly ServiceHealth[];
  /** Why it failed, when it did. */
  readonly failure?: string;
  /** The run was cancelled (SIGINT/SIGTERM). */
  readonly cancelled?: boolean;
  /** The stack was locked by another update. */
  readonly locked?: boolean;
  /** Resources of the stack state after the run, priced (absent when the state could not be read). */
  readonly inventory?: Inventory;
  /** Path of the state backup taken before the update. */
  readonly backupFile?: string;
  readonly warnings: readonly string[];
}

/** Monthly cost by resource name (from the cost estimator, when one exists). */
export type CostLookup = (resourceType: string, name: string) => number | undefined;

export interface ReportContext {
  readonly release: Release;
  /** `GITHUB_*` variables (and nothing else is read from it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly costs?: CostLookup;
  /** Gate warnings (e.g. an allowed QA override) to carry into the signal. */
  readonly gateIssues?: readonly GateIssue[];
}

/** The deployment report (ARTIFACTS/devops-engineer/deployment-report.json). */
export type DeploymentReport = Record<string, unknown> & {
  readonly deployment_summary: {
    readonly environment: string;
    readonly status: string;
    readonly deployed_at: string;
  };
  readonly services_deployed: readonly {
    readonly service_name: string;
    readonly version: string;
    readonly status: string;
  }[];
};

export interface BlockingIssue {
  readonly description: string;
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly resolution_required?: boolean;
}

/** The stage completion signal (ARTIFACTS/system/stage-completion-signal.json). */
export interface StageSignal {
  readonly agent: "devops_engineer";
  readonly stage: "deployment";
  readonly status:
    "completed" | "completed_with_warnings" | "failed" | "blocked" | "requires_human_intervention";
  readonly timestamp: string;
  readonly workflow_id?: string;
  readonly output_artifacts?: string[];
  readonly blocking_issues?: BlockingIssue[];
  readonly warnings?: string[];
  readonly next_agent_required?: string;
  readonly human_approval_required?: boolean;
  readonly validation_results?: {
    readonly schema_valid?: boolean;
    readonly validation_errors?: string[];
    readonly quality_checks_passed?: boolean;
    readonly quality_check_details?: Record<string, unknown>;
  };
  readonly performance_metrics?: { readonly duration_seconds?: number };
  readonly notes?: string;
}

export const REPORT_PATH = "ARTIFACTS/devops-engineer/deployment-report.json";
export const SIGNAL_PATH = "ARTIFACTS/system/stage-completion-signal.json";
/** Per-environment copy of the latest report (evidence that staging passed, for a later production run). */
export function environmentReportPath(environment: string): string {
  return `ARTIFACTS/devops-engineer/environments/${environment}.json`;
}
