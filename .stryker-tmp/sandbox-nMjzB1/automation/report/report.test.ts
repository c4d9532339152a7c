// @ts-nocheck
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDeploymentReport, rollbackPlan } from "./deployment-report";
import {
  allHealthy,
  buildBlockedSignal,
  buildInvalidInputSignal,
  buildRunSignal,
  handoffBlockers,
  handoffMessage,
} from "./signal";
import type { EnvironmentOutcome } from "./types";
import { referenceErrors } from "../../test/harness/contracts";
import { taskflowRelease } from "../../test/harness/release";
import { taskflowOutputs } from "../../test/harness/stack-outputs";
import { validateContract } from "../../contracts";

const release = taskflowRelease("/tmp/release");
const production = release.environments[1];
const outputs = taskflowOutputs({
  stack: "production",
  strategy: "blue_green",
  state: { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
  apiUrl: "https://api.taskflow.example.com",
  frontendUrl: "https://taskflow.example.com",
});

function outcome(over: Partial<EnvironmentOutcome> = {}): EnvironmentOutcome {
  return {
    environment: production,
    stack: "production",
    status: "success",
    strategy: "blue_green",
    version: "1.4.0",
    previousVersion: "1.3.0",
    startedAt: new Date("2026-11-28T04:00:00Z"),
    finishedAt: new Date("2026-11-28T05:10:30Z"),
    outputs,
    steps: [],
    migrations: { executed: false, files: [], status: "skipped", rollbackAvailable: true },
    smoke: [
      {
        name: "API health check (api)",
        kind: "api-health",
        url: "https://api.taskflow.example.com/health",
        status: "passed",
        attempts: 1,
        durationMs: 40,
        details: "HTTP 200, status ok",
      },
    ],
    bake: { status: "passed", watchedMs: 3_600_000, polls: 61, critical: [], warnings: [] },
    serviceHealth: [{ service: "worker", ecsService: "taskflow-production-worker", running: 0, desired: 1 }],
    warnings: [],
    ...over,
  };
}

function valid(contract: "deployment-report" | "stage-completion-signal", doc: unknown): void {
  expect(referenceErrors(contract, doc)).toEqual([]);
  expect(validateContract(contract, doc)).toEqual([]);
}

describe("buildDeploymentReport", () => {
  it.each<[string, Partial<EnvironmentOutcome>, Record<string, unknown>]>([
    [
      "success",
      {},
      {
        deployment_summary: {
          environment: "production",
          status: "success",
          deployment_duration_seconds: 4230,
        },
      },
    ],
    [
      "rolled back",
      {
        status: "rolled_back",
        failure: "smoke failed",
        rollback: { kind: "immediate", toVersion: "1.3.0", succeeded: true },
      },
      { deployment_summary: { status: "rolled_back" } },
    ],
    [
      "failed before anything was known (no outputs)",
      { status: "failed", outputs: undefined, smoke: [], serviceHealth: [], failure: "policy violation" },
      {
        services_deployed: [],
        smoke_tests: { status: "not_run", tests_run: [] },
        monitoring_setup: { metrics: { enabled: false } },
      },
    ],
  ])("%s: validates and says what happened", (_n, over, expected) => {
    const report = buildDeploymentReport(outcome(over), { release, env: {} });
    valid("deployment-report", report);
    expect(report).toMatchObject(expected);
  });

  it("fills the CI run from GITHUB_* variables only", () => {
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/taskflow",
      GITHUB_RUN_ID: "987",
      GITHUB_RUN_NUMBER: "12",
      GITHUB_RUN_ATTEMPT: "2",
      GITHUB_ACTOR: "octocat",
      GITHUB_SHA: "0a1b2c",
    };
    const report = buildDeploymentReport(outcome(), { release, env });
    expect(report.ci_cd_pipeline).toEqual({
      tool: "GitHub Actions",
      pipeline_url: "https://github.com/acme/taskflow/actions/runs/987",
      build_number: "12.2",
    });
    expect(report.deployment_summary).toMatchObject({ deployed_by: "slipway via GitHub Actions (octocat)" });
    expect(buildDeploymentReport(outcome(), { release, env: {} }).ci_cd_pipeline).toEqual({
      tool: "slipway CLI (local run)",
    });
  });

  it("service status comes from smoke tests (API) and ECS task counts (workers), never assumed", () => {
    const report = buildDeploymentReport(outcome(), { release, env: {} });
    expect(
      (report.services_deployed as readonly { service_name: string; status: string }[]).map((s) => [
        s.service_name,
        s.status,
      ]),
    ).toEqual([
      ["api", "healthy"],
      ["worker", "down"],
      ["web", "degraded"], // no frontend smoke result
    ]);
  });

  it("uses the cost lookup only when there is one", () => {
    const withCosts = buildDeploymentReport(outcome(), {
      release,
      env: {},
      costs: (type) => (type === "aws:rds/instance:Instance" ? 264.955 : undefined),
    });
    const rows = (
      withCosts.infrastructure as {
        resources_provisioned: { resource_type: string; cost_estimate_monthly_usd?: number }[];
      }
    ).resources_provisioned;
    expect(rows.find((r) => r.resource_type === "aws:rds/instance:Instance")?.cost_estimate_monthly_usd).toBe(
      264.96,
    );
    expect(rows.filter((r) => r.cost_estimate_monthly_usd !== undefined)).toHaveLength(1);
  });

  it("the rollback plan names the commands for this stack and versions", () => {
    const plan = rollbackPlan(
      outcome({
        migrations: {
          executed: true,
          files: ["003.sql"],
          status: "success",
          rollbackAvailable: true,
          snapshotId: "taskflow-production-db-pre-1-4-0-x",
        },
      }),
    );
    expect(plan).toContain(
      "`npm run rollback -- --stack production` switches all traffic back to the blue colour, which still runs 1.3.0",
    );
    expect(plan).toContain("`npm run rollback -- --stack production --to-version 1.3.0`");
    expect(plan).toContain("--db-snapshot-identifier taskflow-production-db-pre-1-4-0-x");
    // The runbook reference names a file that exists and has the snapshot restore procedure.
    const runbook = /\((docs\/runbooks\/[a-z-]+\.md), section (\d+)\)/.exec(plan);
    expect(runbook).not.toBeNull();
    const text = readFileSync(join(__dirname, "../..", runbook![1]), "utf8");
    expect(text).toMatch(new RegExp(`^## ${runbook![2]}\\. .*snapshot restore`, "m"));
  });
});

describe("signals", () => {
  const base = {
    release,
    gateIssues: [],
    startedAt: new Date("2026-11-28T04:00:00Z"),
    finishedAt: new Date("2026-11-28T05:10:30Z"),
    reportErrors: [],
  };
  it("completed production run: handoff message, product manager next", () => {
    const s = buildRunSignal({ ...base, outcomes: [outcome({ serviceHealth: [] })] });
    valid("stage-completion-signal", s);
    expect(s).toMatchObject({
      status: "completed",
      next_agent_required: "product_manager",
      notes: handoffMessage("production", "https://taskflow.example.com"),
    });
  });
  it.each<[string, Partial<EnvironmentOutcome>, string]>([
    [
      "a stack without alarms",
      { outputs: { ...outputs, alarms: [] } },
      "monitoring is not active: the stack exports no alarms",
    ],
    ["no bake", { bake: undefined }, "the alarms were not watched through a passed bake"],
    [
      "a worker short of tasks",
      {
        serviceHealth: [
          { service: "worker", ecsService: "taskflow-production-worker", running: 0, desired: 1 },
        ],
      },
      "ECS service taskflow-production-worker runs 0 of 1 desired task(s)",
    ],
  ])("%s: completed, but no 'All services healthy. Monitoring active.' handoff", (_what, over, reason) => {
    const o = outcome({ serviceHealth: [], ...over });
    expect(handoffBlockers(o)).toEqual([reason]);
    expect(allHealthy(o)).toBe(false);
    const s = buildRunSignal({ ...base, outcomes: [o] });
    valid("stage-completion-signal", s);
    expect(s.notes).toBe(
      `Deployment of 1.4.0 to production completed, but the handoff does not apply: ${reason}`,
    );
    expect(s.notes).not.toContain("Monitoring active");
  });
  it("warnings make it completed_with_warnings", () => {
    const s = buildRunSignal({ ...base, outcomes: [outcome({ warnings: ["warning alarm fired"] })] });
    valid("stage-completion-signal", s);
    expect(s.status).toBe("completed_with_warnings");
    expect(s.warnings).toEqual(["production: warning alarm fired"]);
  });
  it("blocked and invalid-input signals validate", () => {
    const blocked = buildBlockedSignal(
      release,
      [{ gate: "qa", description: "QA said no", severity: "critical", blocking: true, fix: "fix it" }],
      new Date(),
    );
    valid("stage-completion-signal", blocked);
    expect(blocked).toMatchObject({ status: "blocked", next_agent_required: "qa_engineer" });
    const invalid = buildInvalidInputSignal(
      ["qa-test-report.json: /recommendation: must be one of ..."],
      new Date(),
      "wf-1",
    );
    valid("stage-completion-signal", invalid);
    expect(invalid).toMatchObject({ status: "failed", validation_results: { schema_valid: false } });
  });
});
