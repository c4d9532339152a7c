/**
 * The bundled TaskFlow release (examples/taskflow) as a Release model, built by hand from its artifacts so
 * pipeline tests do not depend on the loader; `copyExample` gives each test its own release root on disk
 * (the pipeline writes the report and signal there).
 */
// @ts-nocheck

import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import type { GateFacts, Release } from "../../release/model";

export const EXAMPLE_ROOT = resolve(__dirname, "../../examples/taskflow");

/**
 * Whether `path` (inside a release root) is something the tools write there (the git-ignored plan,
 * report and signal of `.gitignore`), not an input of the release. A local `npm run plan` or
 * `npm run deploy` leaves these in examples/taskflow; copies for tests must not carry them along.
 */
export function isToolOutput(root: string, path: string): boolean {
  const rel = relative(root, path).split(sep).join("/");
  return (
    /^deployment-plan\.[^/]+$/.test(rel) ||
    rel === "ARTIFACTS/devops-engineer" ||
    rel.startsWith("ARTIFACTS/devops-engineer/") ||
    rel === "ARTIFACTS/system/stage-completion-signal.json"
  );
}

/** Copy a release root (default: the example) to a fresh temporary directory, without tool outputs. */
export function copyExample(source: string = EXAMPLE_ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-release-"));
  cpSync(source, dir, { recursive: true, filter: (src) => !isToolOutput(source, src) });
  return dir;
}

export function taskflowRelease(
  root: string,
  over: { gates?: Partial<GateFacts> } & Partial<Omit<Release, "gates">> = {},
): Release {
  const { gates, ...rest } = over;
  return {
    root,
    projectId: "taskflow",
    projectName: "TaskFlow",
    workflowId: "wf-taskflow-1.4.0",
    version: "1.4.0",
    owner: "platform",
    team: "taskflow",
    dataClassification: "confidential",
    complianceFrameworks: ["GDPR", "SOC2"],
    strategy: "blue_green",
    rollbackEnabled: true,
    environments: [
      { name: "staging", type: "staging", autoDeploy: true, requiresApproval: false },
      { name: "production", type: "production", autoDeploy: false, requiresApproval: true },
    ],
    services: [
      {
        name: "api",
        componentType: "backend_api",
        kind: "api",
        purpose: "REST API",
        healthCheckPath: "/health",
        port: 8080,
        environment: [],
        dependencies: ["db"],
      },
      {
        name: "worker",
        componentType: "backend_worker",
        kind: "worker",
        purpose: "reminders",
        healthCheckPath: "/health",
        port: 8080,
        environment: [],
        dependencies: ["db"],
      },
    ],
    frontend: { name: "web", framework: "react" },
    database: { name: "db", engine: "postgresql", majorVersion: "16" },
    migrations: [
      {
        file: "001_create_users.sql",
        description: "users table",
        status: "applied",
        rollbackAvailable: true,
      },
      {
        file: "002_create_boards_and_tasks.sql",
        description: "boards and tasks tables",
        status: "applied",
        rollbackAvailable: true,
      },
      {
        file: "003_add_task_due_at_index.sql",
        description: "index for reminder queries",
        status: "pending",
        rollbackAvailable: true,
      },
    ],
    qaBaseline: { p50Ms: 41, p95Ms: 180, p99Ms: 320, requestsPerSecond: 850, errorRatePercent: 0.2 },
    knownIssues: [
      {
        description: "Reminder worker retries a failed email at most 3 times",
        severity: "low",
        workaround: "Failed jobs stay in the jobs table for manual replay",
        source: "backend",
      },
    ],
    gates: {
      qaRecommendation: "approve_for_deployment",
      qaBlockers: [],
      qaOverrideAllowed: false,
      deploymentApprovalRequired: true,
      deploymentApprovalReceived: true,
      ...gates,
    },
    notificationChannels: ["slack", "email"],
    ...rest,
  };
}
