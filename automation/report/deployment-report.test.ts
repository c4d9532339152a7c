/* eslint-disable @typescript-eslint/no-explicit-any -- the report is read as loose JSON here */
/**
 * Every decision of the report builder, pinned (measured with `npm run mutation`): the status of each
 * service from the checks that describe what runs now, the smoke verdict, what goes into known issues,
 * each branch of the rollback plan and of the next steps, and the plain facts copied from the outcome.
 */
import { buildDeploymentReport, currentChecks, rollbackPlan } from "./deployment-report";
import type { EnvironmentOutcome, ReportContext, ServiceHealth } from "./types";
import type { SmokeResult } from "../smoke";
import type { StackOutputs } from "../../outputs";
import type { Release } from "../../release/model";
import { taskflowRelease } from "../../test/harness/release";
import { taskflowOutputs } from "../../test/harness/stack-outputs";

const release = taskflowRelease("/tmp/release");
const [staging, production] = release.environments;
const OUT = taskflowOutputs({
  stack: "production",
  strategy: "blue_green",
  state: { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
  apiUrl: "https://api.x",
  frontendUrl: "https://x",
});
const FULL: ServiceHealth[] = [
  { service: "api", ecsService: "taskflow-production-api-green", running: 2, desired: 2 },
  { service: "worker", ecsService: "taskflow-production-worker", running: 1, desired: 1 },
];

function check(name: string, over: Partial<SmokeResult> = {}): SmokeResult {
  const kind = name.startsWith("API") ? "api-health" : name.startsWith("Database") ? "database" : "frontend";
  return {
    name,
    kind,
    url: "https://api.x/health",
    status: "passed",
    attempts: 1,
    durationMs: 40,
    details: "HTTP 200",
    phase: "rollout",
    ...over,
  } as SmokeResult;
}
const PASSING = [
  check("API health check (api)"),
  check("Database connectivity (api)"),
  check("Frontend loads (web)"),
];

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
    outputs: OUT,
    steps: [],
    migrations: { executed: false, files: [], status: "skipped", rollbackAvailable: true },
    smoke: PASSING,
    bake: { status: "passed", watchedMs: 3_600_000, polls: 61, critical: [], warnings: [] },
    serviceHealth: FULL,
    warnings: [],
    ...over,
  };
}

const CTX: ReportContext = { release, env: {} };
function build(over: Partial<EnvironmentOutcome> = {}, ctx: Partial<ReportContext> = {}) {
  return buildDeploymentReport(outcome(over), { ...CTX, ...ctx }) as unknown as Record<string, any>;
}
const statuses = (r: Record<string, any>) =>
  (r.services_deployed as { service_name: string; version: string; status: string }[]).map(
    (s) => `${s.service_name} ${s.version} ${s.status}`,
  );

describe("deployment summary", () => {
  it("copies what happened, rounds the duration and never lets it go negative", () => {
    expect(build().deployment_summary).toEqual({
      environment: "production",
      deployed_at: "2026-11-28T05:10:30.000Z",
      deployment_method: "blue_green",
      status: "success",
      deployed_by: "slipway",
      deployment_duration_seconds: 4230,
    });
    expect(
      build({ finishedAt: new Date("2026-11-28T04:00:00.600Z") }).deployment_summary
        .deployment_duration_seconds,
    ).toBe(1);
    expect(
      build({ finishedAt: new Date("2026-11-28T03:00:00Z") }).deployment_summary.deployment_duration_seconds,
    ).toBe(0);
  });

  it.each([
    ["staging", "staging"],
    ["production", "production"],
    ["development", "dev"],
  ] as const)("environment type %s is reported as %s", (type, expected) => {
    expect(build({ environment: { ...production, type } }).deployment_summary.environment).toBe(expected);
  });

  it.each([
    [{ GITHUB_ACTIONS: "true", GITHUB_ACTOR: "octo" }, "slipway via GitHub Actions (octo)"],
    [{ GITHUB_ACTIONS: "true" }, "slipway"],
    [{ GITHUB_ACTOR: "octo" }, "slipway"],
  ])("deployed_by from %j", (env, expected) => {
    expect(build({}, { env }).deployment_summary.deployed_by).toBe(expected);
  });
});

describe("services: version and status match what runs", () => {
  it("every service with its version, URLs, replicas and size", () => {
    expect(build().services_deployed).toEqual([
      {
        service_name: "api",
        version: "1.4.0",
        url: "https://api.x",
        health_check_url: "https://api.x/health",
        status: "healthy",
        replicas: 2,
        resource_allocation: { cpu: "512 CPU units (0.5 vCPU)", memory: "1024 MiB" },
      },
      {
        service_name: "worker",
        version: "1.4.0",
        status: "healthy",
        replicas: 1,
        resource_allocation: { cpu: "256 CPU units (0.25 vCPU)", memory: "512 MiB" },
      },
      { service_name: "web", version: "1.4.0", url: "https://x", status: "healthy" },
    ]);
    expect(build({ outputs: undefined }).services_deployed).toEqual([]);
  });

  it("a service without a version for its active colour shows the stack's version", () => {
    const outputs: StackOutputs = {
      ...OUT,
      version: "9.9.9",
      services: [{ ...OUT.services[0], versions: { blue: "1.3.0" } }],
    };
    expect(statuses(build({ outputs }))[0]).toBe("api 9.9.9 healthy");
  });

  it.each<[string, SmokeResult[], ServiceHealth[], string]>([
    ["every check passes, ECS full", PASSING, FULL, "healthy"],
    [
      "the health check fails, tasks run",
      [check("API health check (api)", { status: "failed" })],
      FULL,
      "unhealthy",
    ],
    [
      "the health check fails, no task runs",
      [check("API health check (api)", { status: "failed" })],
      [{ ...FULL[0], running: 0 }],
      "down",
    ],
    [
      "only the database check fails",
      [check("API health check (api)"), check("Database connectivity (api)", { status: "failed" })],
      FULL,
      "degraded",
    ],
    ["checks pass but 1 of 2 tasks", PASSING, [{ ...FULL[0], running: 1 }], "degraded"],
    ["no check, ECS full", [], FULL, "healthy"],
    ["no check, ECS short", [], [{ ...FULL[0], running: 1 }], "degraded"],
    ["no check, nothing from ECS", [], [], "degraded"],
    [
      "only another service's checks",
      [check("API health check (api-admin)", { status: "failed" })],
      FULL,
      "healthy",
    ],
    [
      "only idle checks (failed)",
      [check("API health check (api, idle blue)", { status: "failed", phase: "idle" })],
      FULL,
      "healthy",
    ],
  ])("API: %s -> %s", (_name, smoke, serviceHealth, expected) => {
    expect(statuses(build({ smoke, serviceHealth }))[0]).toBe(`api 1.4.0 ${expected}`);
  });

  it.each<[string, ServiceHealth[], string]>([
    ["1 of 1", FULL, "healthy"],
    ["0 of 1", [FULL[0], { ...FULL[1], running: 0 }], "down"],
    ["1 of 2", [FULL[0], { ...FULL[1], desired: 2 }], "degraded"],
    ["not observed", [FULL[0]], "degraded"],
    ["0 of 0", [FULL[0], { ...FULL[1], running: 0, desired: 0 }], "healthy"],
  ])("worker %s -> %s", (_name, serviceHealth, expected) => {
    expect(statuses(build({ serviceHealth }))[1]).toBe(`worker 1.4.0 ${expected}`);
  });

  it.each<[string, SmokeResult[], string]>([
    ["loads", PASSING, "healthy"],
    ["fails", [check("Frontend loads (web)", { status: "failed" })], "unhealthy"],
    [
      "one of two fails",
      [check("Frontend loads (web)"), check("Frontend loads (web)", { status: "failed" })],
      "unhealthy",
    ],
    ["not checked", [check("API health check (api)")], "degraded"],
  ])("frontend %s -> %s", (_name, smoke, expected) => {
    expect(statuses(build({ smoke }))[2]).toBe(`web 1.4.0 ${expected}`);
  });

  it("after a rollback only the checks made after it count (the failed ones before do not)", () => {
    const smoke = [
      check("API health check (api)", { status: "failed" }),
      check("Frontend loads (web)", { status: "failed" }),
      check("API health check (api) after rollback", { phase: "after-rollback" }),
      check("Frontend loads (web) after rollback", { phase: "after-rollback" }),
    ];
    const rollback = { kind: "immediate" as const, toVersion: "1.3.0", succeeded: true };
    expect(statuses(build({ status: "rolled_back", smoke, rollback }))).toEqual([
      "api 1.4.0 healthy",
      "worker 1.4.0 healthy",
      "web 1.4.0 healthy",
    ]);
    // A failed rollback that nothing checked afterwards: nothing is known to be healthy.
    expect(
      statuses(
        build({ status: "failed", smoke: smoke.slice(0, 2), rollback: { ...rollback, succeeded: false } }),
      ),
    ).toEqual(["api 1.4.0 degraded", "worker 1.4.0 healthy", "web 1.4.0 degraded"]);
  });

  it("without a rollback the latest round of checks counts", () => {
    const smoke = [
      check("API health check (api)"),
      check("API health check (api) after bake", { status: "failed", phase: "after-bake" }),
    ];
    expect(currentChecks(outcome({ smoke })).map((c) => c.name)).toEqual([
      "API health check (api) after bake",
    ]);
    expect(statuses(build({ smoke }))[0]).toBe("api 1.4.0 unhealthy");
    expect(currentChecks(outcome({ smoke: [] }))).toEqual([]);
  });
});

describe("smoke tests", () => {
  it.each<[SmokeResult[], string]>([
    [[], "not_run"],
    [PASSING, "passed"],
    [[...PASSING, check("Frontend loads (web) after bake", { status: "failed" })], "failed"],
    [[check("API health check (api)", { status: "failed" }), ...PASSING], "failed"],
  ])("%# -> %s", (smoke, status) => {
    expect(build({ smoke }).smoke_tests.status).toBe(status);
  });

  it("lists every check with its attempts and duration", () => {
    expect(
      build({ smoke: [check("API health check (api)", { attempts: 2, durationMs: 7, details: "HTTP 503" })] })
        .smoke_tests.tests_run,
    ).toEqual([
      { test_name: "API health check (api)", status: "passed", details: "HTTP 503 (2 attempts, 7 ms)" },
    ]);
    expect(build().smoke_tests.tests_run[0].details).toBe("HTTP 200 (1 attempt, 40 ms)");
  });
});

describe("infrastructure, migrations, CI, monitoring, security, performance", () => {
  it("infrastructure: region, resources from the outputs or the inventory, the repository", () => {
    const r = build({}, { env: { GITHUB_REPOSITORY: "acme/taskflow", GITHUB_SHA: "abc123" } });
    expect(r.infrastructure.region).toBe("eu-west-1");
    expect(r.infrastructure.infrastructure_as_code).toEqual({
      tool: "Pulumi",
      repository: "https://github.com/acme/taskflow",
      version: "abc123",
    });
    expect(
      build({}, { env: { GITHUB_REPOSITORY: "a/b", GITHUB_SERVER_URL: "https://ghe.example" } })
        .infrastructure.infrastructure_as_code.repository,
    ).toBe("https://ghe.example/a/b");
    expect(build().infrastructure.infrastructure_as_code).toEqual({ tool: "Pulumi" });
    const rows = r.infrastructure.resources_provisioned as {
      resource_type: string;
      name: string;
      details: string;
    }[];
    expect(rows.map((x) => `${x.resource_type} ${x.name}`)).toEqual([
      "aws:ecs/service:Service taskflow-production-api-blue",
      "aws:ecs/service:Service taskflow-production-api-green",
      "aws:ecs/service:Service taskflow-production-worker",
      "aws:rds/instance:Instance taskflow-production-db",
      "aws:s3/bucket:Bucket taskflow-production-web",
      "aws:cloudfront/distribution:Distribution E2QWRUHEXAMPLE",
      "aws:lb/loadBalancer:LoadBalancer 1 x LoadBalancer",
    ]);
    expect(rows[0].details).toBe(
      "api api (blue, 1.3.0) on Fargate in cluster taskflow-production: 2 x 512 CPU / 1024 MiB",
    );
    expect(rows[3].details).toBe(
      "PostgreSQL 16.4, Multi-AZ, 14-day backups, taskflow-production-db.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432",
    );
    expect(rows[6].details).toBe("1 resource(s) of this type in stack production");
    const costly = build({}, { costs: (type) => (type.startsWith("aws:rds") ? 123.456 : undefined) });
    expect(costly.infrastructure.resources_provisioned[3].cost_estimate_monthly_usd).toBe(123.46);
    expect(costly.infrastructure.resources_provisioned[0]).not.toHaveProperty("cost_estimate_monthly_usd");
    const inventory = {
      rows: [{ resource_type: "t", name: "n", details: "d" }],
      monthlyUsd: 1,
      priceTableDate: "x",
    } as unknown as EnvironmentOutcome["inventory"];
    expect(build({ inventory }).infrastructure.resources_provisioned).toEqual([
      { resource_type: "t", name: "n", details: "d" },
    ]);
    expect(build({ outputs: undefined }).infrastructure).toEqual({
      cloud_provider: "AWS",
      infrastructure_as_code: { tool: "Pulumi" },
    });
  });

  it("lists the AI components deployed as resources_provisioned rows (the contract has no AI field)", () => {
    const ai: Release["ai"] = {
      users: ["api"],
      usersFrom: "dependencies",
      bedrockModels: [
        {
          id: "anthropic.claude-3-haiku-20240307-v1:0",
          kind: "foundation-model",
          useCase: "Drafts",
          field: "/models_used/0/model",
        },
      ],
      providers: [
        { provider: "OpenAI", keyVar: "OPENAI_API_KEY", host: "api.openai.com", models: ["gpt-4o"] },
      ],
      vectorStore: { provider: "pgvector", database: "db" },
      inProcessModels: ["matcher"],
    };
    const inventory = {
      rows: [{ resource_type: "t", name: "n", details: "d" }],
      monthlyUsd: 1,
      priceTableDate: "x",
    } as unknown as EnvironmentOutcome["inventory"];
    for (const report of [
      build({}, { release: { ...release, ai } }),
      build({ inventory }, { release: { ...release, ai } }),
    ]) {
      const rows = report.infrastructure.resources_provisioned as {
        resource_type: string;
        name: string;
        details: string;
      }[];
      expect(
        rows.filter((r) => r.resource_type.startsWith("AI ")).map((r) => `${r.resource_type}: ${r.name}`),
      ).toEqual([
        "AI model (Amazon Bedrock): anthropic.claude-3-haiku-20240307-v1:0",
        "AI model provider (external API): OpenAI",
        "AI vector store (pgvector): db",
        "AI model (in the services' containers): matcher",
      ]);
      expect(rows.find((r) => r.name === "OpenAI")!.details).toContain(
        "egress HTTPS (443) to api.openai.com",
      );
      expect(rows.find((r) => r.name.startsWith("anthropic"))!.details).toContain("for api");
    }
    expect(
      (build().infrastructure.resources_provisioned as { resource_type: string }[]).some((r) =>
        r.resource_type.startsWith("AI "),
      ),
    ).toBe(false);
  });

  it("migrations as they ran, a backup only with a snapshot", () => {
    expect(
      build({
        migrations: {
          executed: true,
          files: ["003.sql"],
          status: "failed",
          rollbackAvailable: false,
          snapshotId: "snap-1",
        },
      }).database_migrations,
    ).toEqual({
      executed: true,
      migration_files: ["003.sql"],
      status: "failed",
      rollback_available: false,
      backup_created: true,
    });
    expect(build().database_migrations.backup_created).toBe(false);
  });

  it("CI: a local run, or the GitHub run with its URL and build number", () => {
    expect(build().ci_cd_pipeline).toEqual({ tool: "slipway CLI (local run)" });
    expect(
      build(
        {},
        {
          env: {
            GITHUB_ACTIONS: "true",
            GITHUB_REPOSITORY: "acme/t",
            GITHUB_RUN_ID: "42",
            GITHUB_RUN_NUMBER: "7",
            GITHUB_RUN_ATTEMPT: "2",
          },
        },
      ).ci_cd_pipeline,
    ).toEqual({
      tool: "GitHub Actions",
      pipeline_url: "https://github.com/acme/t/actions/runs/42",
      build_number: "7.2",
    });
    expect(build({}, { env: { GITHUB_ACTIONS: "true", GITHUB_RUN_NUMBER: "7" } }).ci_cd_pipeline).toEqual({
      tool: "GitHub Actions",
      build_number: "7",
    });
  });

  it("monitoring: what is tracked and alerted", () => {
    const m = build().monitoring_setup;
    expect(m.metrics).toEqual({
      enabled: true,
      tool: "CloudWatch",
      metrics_tracked: [
        "ALB RequestCount",
        "ALB HTTPCode_Target_5XX_Count",
        "ALB TargetResponseTime p95",
        "ECS CPUUtilization",
        "ECS MemoryUtilization",
        "RDS DatabaseConnections",
        "RDS FreeStorageSpace",
      ],
      dashboard_url: OUT.dashboardUrl,
    });
    expect(m.logging).toEqual({ enabled: true, tool: "CloudWatch Logs", log_retention_days: 90 });
    expect(m.alerting.enabled).toBe(true);
    expect(m.alerting.tool).toBe(
      "CloudWatch Alarms -> SNS (sns:taskflow-production-critical (pagerduty); sns:taskflow-production-warning (slack))",
    );
    expect(m.alerting.alerts_configured[0]).toEqual({
      name: "taskflow-production-api-5xx-critical",
      condition: "5xx error rate > 5 % for 3 of 5 minutes",
      severity: "critical",
      notification_channel: "sns:taskflow-production-critical (pagerduty)",
    });
    const bare = build({
      outputs: { ...OUT, alarms: [], database: undefined, dashboardUrl: "not a url" },
    }).monitoring_setup;
    expect(bare.metrics.metrics_tracked).not.toContain("RDS FreeStorageSpace");
    expect(bare.metrics).not.toHaveProperty("dashboard_url");
    expect(bare.alerting).toEqual({
      enabled: false,
      tool: "CloudWatch Alarms -> SNS",
      alerts_configured: [],
    });
    expect(build({ outputs: undefined }).monitoring_setup).toEqual({
      metrics: { enabled: false },
      logging: { enabled: false },
      alerting: { enabled: false },
    });
  });

  it("security: TLS, firewall, backups and disaster recovery from the outputs", () => {
    expect(build().security_measures).toEqual({
      ssl_enabled: false,
      secrets_management: "AWS Secrets Manager",
      firewall_configured: true,
      backups_enabled: true,
      backup_frequency: "daily automated RDS snapshots, 14-day retention",
      disaster_recovery_plan:
        "Multi-AZ standby with automatic failover; point-in-time restore of taskflow-production-db within 14 days; infrastructure re-created from the Pulumi program",
    });
    const single = { ...OUT.database!, multiAz: false, backupRetentionDays: 0 };
    const s = build({
      outputs: {
        ...OUT,
        tls: { enabled: true },
        database: single,
        services: OUT.services.map((x) => ({ ...x, networkConfiguration: undefined })),
      },
    }).security_measures;
    expect(s.ssl_enabled).toBe(true);
    expect(s.ssl_certificate).toEqual({ provider: "AWS Certificate Manager" });
    expect(s.firewall_configured).toBe(false);
    expect(s.backups_enabled).toBe(false);
    expect(s.disaster_recovery_plan).toMatch(/^point-in-time restore/);
    expect(build({ outputs: { ...OUT, database: undefined } }).security_measures).not.toHaveProperty(
      "backups_enabled",
    );
    expect(build({ outputs: undefined }).security_measures).toEqual({
      ssl_enabled: false,
      secrets_management: "AWS Secrets Manager",
    });
  });

  it("performance baseline: the QA figures that exist", () => {
    expect(build().performance_baseline).toEqual({
      response_time_p95_ms: 180,
      requests_per_second: 850,
      error_rate_percentage: 0.2,
    });
    const bare = { ...release, qaBaseline: {} } as Release;
    expect(build({}, { release: bare }).performance_baseline).toEqual({});
  });
});

describe("rollback plan", () => {
  it("two colours: the immediate switch to the idle colour, the redeploy, the state backup", () => {
    expect(rollbackPlan(outcome({ backupFile: "/b/production-1.json" }))).toBe(
      [
        "Immediate: `npm run rollback -- --stack production` switches all traffic back to the blue colour, which still runs 1.3.0 (no redeploy, seconds).",
        "Fast: `npm run rollback -- --stack production --to-version 1.3.0` redeploys 1.3.0 from the stack history (one pulumi up).",
        "State: the stack state before this deployment is saved at /b/production-1.json (`pulumi stack import --stack production --file /b/production-1.json`, only if the state itself is damaged).",
      ].join(" "),
    );
  });

  it("no idle version, or the same one, or one colour: no immediate step; no previous version: a placeholder", () => {
    const same = { ...OUT, services: [{ ...OUT.services[0], versions: { green: "1.4.0", blue: "1.4.0" } }] };
    for (const o of [
      outcome({ outputs: same }),
      outcome({ strategy: "rolling" }),
      outcome({ outputs: undefined }),
    ])
      expect(rollbackPlan(o)).not.toContain("Immediate");
    expect(rollbackPlan(outcome({ previousVersion: undefined, strategy: "direct" }))).toBe(
      "Fast: `npm run rollback -- --stack production --to-version <version>` redeploys an earlier version from the stack history (one pulumi up).",
    );
    expect(rollbackPlan(outcome({ previousVersion: "1.4.0", strategy: "direct" }))).toMatch(
      /--to-version <version>/,
    );
  });

  it("rolled back, or the rollback failed; migrations and the snapshot to restore", () => {
    expect(
      rollbackPlan(
        outcome({
          status: "rolled_back",
          rollback: { kind: "immediate", toVersion: "1.3.0", succeeded: true },
        }),
      ),
    ).toMatch(/^Already rolled back \(immediate\) to 1\.3\.0\. Immediate:/);
    expect(
      rollbackPlan(
        outcome({
          status: "failed",
          rollback: { kind: "redeploy", toVersion: "1.3.0", succeeded: false, reason: "boom" },
        }),
      ),
    ).toMatch(
      /^The rollback \(redeploy\) to 1\.3\.0 FAILED \(boom\): run the first step below by hand now\. /,
    );
    expect(
      rollbackPlan(
        outcome({ status: "failed", rollback: { kind: "redeploy", toVersion: "1.3.0", succeeded: false } }),
      ),
    ).toContain("FAILED (reason unknown)");
    const migrated = rollbackPlan(
      outcome({
        migrations: {
          executed: true,
          files: ["1.sql"],
          status: "success",
          rollbackAvailable: true,
          snapshotId: "snap-9",
        },
      }),
    );
    expect(migrated).toContain(
      "Database: migrations are forward-fixed (write a new migration); rollback scripts exist for every applied migration.",
    );
    expect(migrated).toContain(
      "Last resort for data: restore the pre-migration snapshot with `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier taskflow-production-db-restore --db-snapshot-identifier snap-9`",
    );
    expect(
      rollbackPlan(
        outcome({
          outputs: { ...OUT, database: undefined },
          migrations: {
            executed: true,
            files: ["1.sql"],
            status: "success",
            rollbackAvailable: false,
            snapshotId: "s",
          },
        }),
      ),
    ).toContain("not every migration has a rollback script.");
    expect(
      rollbackPlan(
        outcome({
          outputs: { ...OUT, database: undefined },
          migrations: {
            executed: true,
            files: [],
            status: "success",
            rollbackAvailable: false,
            snapshotId: "s",
          },
        }),
      ),
    ).not.toContain("Last resort");
  });
});

describe("known issues", () => {
  const upstream = (r: Record<string, any>) =>
    r.known_issues as { description: string; severity: string; workaround?: string }[];

  it("carries the upstream issues, the failure first, the rollback failure before it, warnings as medium", () => {
    expect(upstream(build())).toEqual([
      {
        description: "Reminder worker retries a failed email at most 3 times (from the backend report)",
        severity: "low",
        workaround: "Failed jobs stay in the jobs table for manual replay",
      },
    ]);
    const r = build({
      status: "failed",
      failure: "switch failed",
      rollback: { kind: "immediate", toVersion: "1.3.0", succeeded: false, reason: "update failed" },
      warnings: ["the bake watched nothing"],
    });
    expect(upstream(r).map((i) => `${i.severity}: ${i.description}`)).toEqual([
      "critical: Automatic rollback to 1.3.0 failed: update failed",
      "critical: Deployment to production failed: switch failed",
      "low: Reminder worker retries a failed email at most 3 times (from the backend report)",
      "medium: the bake watched nothing",
    ]);
    expect(upstream(build({ status: "rolled_back", failure: "smoke" }))[0].description).toBe(
      "Deployment to production rolled back: smoke",
    );
    expect(
      upstream(
        build({
          status: "failed",
          failure: "x",
          rollback: { kind: "redeploy", toVersion: "1", succeeded: false },
        }),
      )[0].description,
    ).toBe("Automatic rollback to 1 failed: unknown");
    const noWorkaround = {
      ...release,
      knownIssues: [{ description: "d", severity: "high", source: "qa" }],
    } as Release;
    expect(upstream(build({}, { release: noWorkaround }))).toEqual([
      { description: "d (from the qa report)", severity: "high" },
    ]);
  });
});

describe("next steps", () => {
  const steps = (over: Partial<EnvironmentOutcome> = {}, ctx: Partial<ReportContext> = {}) =>
    build(over, ctx).next_steps as string[];

  it("production success: keep watching when the bake was short; recycle the idle colour", () => {
    expect(steps()).toEqual([
      "Scale down or recycle the idle colour once 1.4.0 has proven itself (it is kept for instant rollback)",
    ]);
    expect(
      steps({ bake: { status: "passed", watchedMs: 59 * 60_000, polls: 3, critical: [], warnings: [] } })[0],
    ).toBe("Keep watching production alarms: the bake covered 59 min of the required 60 min");
    expect(steps({ bake: undefined, strategy: "rolling" })).toEqual([
      "Keep watching production alarms: the bake covered 0 min of the required 60 min",
    ]);
  });

  it("staging success: deploy to production (with the approval note when it needs one)", () => {
    expect(steps({ environment: staging, stack: "staging" })).toEqual([
      "Deploy 1.4.0 to production: `npm run deploy -- --stack production` (human approval is recorded in workflow-state.json)",
    ]);
    const noApproval = {
      ...release,
      environments: [staging, { ...production, requiresApproval: false }],
    } as Release;
    expect(steps({ environment: staging, stack: "staging" }, { release: noApproval })).toEqual([
      "Deploy 1.4.0 to production: `npm run deploy -- --stack production`",
    ]);
    const stagingOnly = { ...release, environments: [staging] } as Release;
    expect(steps({ environment: staging, stack: "staging" }, { release: stagingOnly })).toEqual([]);
  });

  it("locked, cancelled, failed, and a failed rollback: what to do, in order", () => {
    expect(steps({ status: "failed", locked: true, failure: "x" })).toEqual([
      "Wait for the other update on production to finish, then re-run the deployment (never force-unlock a running update)",
    ]);
    expect(steps({ status: "failed", cancelled: true, failure: "x" })).toEqual([
      "Check the state of production (`pulumi stack --stack production`), then re-run the deployment; re-running is safe",
    ]);
    expect(steps({ status: "rolled_back", failure: "smoke failed" })).toEqual([
      "Investigate the failure (smoke failed) and hand a fixed release back through QA",
      "Re-run `npm run deploy -- --stack production` after the fix; the pipeline is idempotent",
    ]);
    expect(steps({ status: "failed" })[0]).toBe(
      "Investigate the failure (see known issues) and hand a fixed release back through QA",
    );
    const failedRollback = steps({
      status: "failed",
      failure: "x",
      rollback: { kind: "immediate", toVersion: "1.3.0", succeeded: false },
    });
    expect(failedRollback).toHaveLength(3);
    expect(failedRollback[0]).toBe(
      "Roll back by hand now: the automatic rollback to 1.3.0 failed, so production may serve a broken or mixed version. Run `npm run rollback -- --stack production --to-version 1.3.0` (docs/runbooks/rollback.md); if that fails too, restore the state backup named in the rollback plan",
    );
  });

  it("high and critical upstream issues are to be resolved; others are not listed", () => {
    const r = {
      ...release,
      knownIssues: [
        { description: "a", severity: "high", source: "qa" },
        { description: "b", severity: "critical", source: "qa" },
        { description: "c", severity: "medium", source: "qa" },
        { description: "d", severity: "low", source: "qa" },
      ],
    } as Release;
    expect(steps({ strategy: "rolling" }, { release: r })).toEqual([
      "Resolve known high issue: a",
      "Resolve known critical issue: b",
    ]);
  });
});
