// @ts-nocheck
import {
  type EnvVarDoc,
  type PacketDoc,
  type ProjectConfigDoc,
  type QaDoc,
  type WorkflowStateDoc,
  classifyEnvVars,
  containerPort,
  databaseEngine,
  deriveStrategy,
  deriveTopology,
  envVarIssues,
  environments,
  gateFacts,
  healthCheckPath,
  invalidNameReason,
  knownIssues,
  qaBaseline,
  slugify,
  versionIssue,
} from "./derive";

function packet(components: PacketDoc["system_components"], extra: Partial<PacketDoc> = {}): PacketDoc {
  return {
    system_components: components,
    api_specifications: [],
    technology_stack: {},
    deployment_architecture: { strategy: "rolling" },
    ...extra,
  };
}
const c = (name: string, type: string) => ({ name, type, purpose: `${name} purpose` });

describe("invalidNameReason / slugify", () => {
  it.each([
    ["api", undefined],
    ["ledger-api", undefined],
    ["a1", undefined],
    ["", "is empty"],
    ["Api", "must be lowercase"],
    ["1api", "must be lowercase"],
    ["api-", "must be lowercase"],
    ["api_v2", "must be lowercase"],
    ["a--b", "consecutive hyphens"],
    ["a-very-long-component-name", "at most 20"],
  ])("%j", (name, expected) => {
    const reason = invalidNameReason(name);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(expected);
  });
  it.each([
    ["TaskFlow", "taskflow"],
    ["Ledger Service", "ledger-service"],
    ["  9 Lives!! App ", "lives-app"],
  ])("slugify(%j) = %j", (text, slug) => expect(slugify(text)).toBe(slug));
});

describe("deriveTopology", () => {
  it("maps backend_api to api, other backend types to workers, frontend and database", () => {
    const { topology, issues } = deriveTopology(
      packet(
        [c("web", "frontend"), c("api", "backend_api"), c("jobs", "backend_worker"), c("db", "database")],
        { technology_stack: { frontend: { framework: "vue" } } },
      ),
    );
    expect(issues).toEqual([]);
    expect(topology.services.map((s) => [s.name, s.kind, s.componentType])).toEqual([
      ["api", "api", "backend_api"],
      ["jobs", "worker", "backend_worker"],
    ]);
    expect(topology.frontend).toEqual({ name: "web", framework: "vue" });
    expect(topology.databaseName).toBe("db");
  });

  it.each([
    ["no backend", [c("web", "frontend")], "/system_components", "no backend component"],
    [
      "duplicate names",
      [c("api", "backend_api"), c("API", "backend_worker")],
      "/system_components/1/name",
      "duplicates",
    ],
    ["invalid name", [c("My API", "backend_api")], "/system_components/0/name", "used in AWS resource names"],
    [
      "unsupported type",
      [c("api", "backend_api"), c("search", "search_index")],
      "/system_components/1/type",
      "is not one slipway provisions",
    ],
    [
      "two databases",
      [c("api", "backend_api"), c("db1", "database"), c("db2", "database")],
      "/system_components/2/type",
      "a second database",
    ],
    [
      "two frontends",
      [c("api", "backend_api"), c("web", "frontend"), c("admin", "frontend")],
      "/system_components/2/type",
      "a second frontend",
    ],
  ])("%s is an issue at its field", (_label, components, field, problem) => {
    const { issues } = deriveTopology(packet(components));
    expect(issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringContaining(problem) })]),
    );
    expect(
      issues.every((i) => i.file === "ARTIFACTS/system-architect/architecture-handover-packet.json"),
    ).toBe(true);
  });
});

describe("databaseEngine", () => {
  const cfg = (primary?: string): ProjectConfigDoc => ({
    project_name: "x",
    project_type: "custom",
    technology_stack: primary ? { database: { primary } } : undefined,
  });
  it.each([
    [{ name: "postgresql 16" }, undefined, "16"],
    [{ name: "PostgreSQL 16.4" }, undefined, "16"],
    [{ type: "relational" }, "postgresql", "16"],
    [undefined, undefined, "16"],
    [{ name: "postgres" }, undefined, "16"],
  ])("packet %j, config %j -> %s", (db, primary, major) => {
    const { spec, issues } = databaseEngine(
      "db",
      packet([], { technology_stack: { database: db } }),
      cfg(primary),
    );
    expect(issues).toEqual([]);
    expect(spec).toEqual({ name: "db", engine: "postgresql", majorVersion: major });
  });
  it.each([
    [{ name: "mysql 8" }, undefined, "/technology_stack/database/name", "not PostgreSQL"],
    [undefined, "mongodb", "/technology_stack/database/primary", "not PostgreSQL"],
    [{ name: "postgresql 15" }, undefined, "/technology_stack/database/name", "not a supported"],
  ])("packet %j, config %j -> issue at %s", (db, primary, field, problem) => {
    const { spec, issues } = databaseEngine(
      "db",
      packet([], { technology_stack: { database: db } }),
      cfg(primary),
    );
    expect(spec).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ field, problem: expect.stringContaining(problem) })]);
  });
});

describe("deriveStrategy", () => {
  const cfg = (s?: ProjectConfigDoc["deployment"]): ProjectConfigDoc => ({
    project_name: "x",
    project_type: "custom",
    deployment: s,
  });
  it.each([
    ["canary", undefined, true, "canary", 0],
    ["blue_green", { deployment_strategy: "blue_green" as const }, true, "blue_green", 0],
    ["rolling", { deployment_strategy: "canary" as const }, true, "rolling", 1],
    ["direct", undefined, false, "direct", 0],
  ] as const)("packet %s, config %j", (fromPacket, deployment, hasApi, expected, warnings) => {
    const r = deriveStrategy(
      packet([], { deployment_architecture: { strategy: fromPacket } }),
      cfg(deployment),
      hasApi,
    );
    expect(r.strategy).toBe(expected);
    expect(r.warnings).toHaveLength(warnings);
    expect(r.issues).toEqual([]);
  });
  it.each(["blue_green", "canary"] as const)("%s without an API service is an issue", (s) => {
    const r = deriveStrategy(packet([], { deployment_architecture: { strategy: s } }), cfg(), false);
    expect(r.issues).toEqual([
      expect.objectContaining({
        field: "/deployment_architecture/strategy",
        fix: expect.stringContaining("rolling"),
      }),
    ]);
  });
});

describe("environment variables", () => {
  const vars: EnvVarDoc[] = [
    { name: "PORT", description: "port", required: false, default_value: "3000" },
    { name: "DATABASE_URL", description: "dsn", required: true },
    { name: "CUTOFF", description: "cut-off", required: true, default_value: "16:00" },
    { name: "SENTRY_DSN", description: "optional", required: false },
  ];
  it("classifies defaults as plain values and required-without-default as secrets", () => {
    expect(classifyEnvVars(vars)).toEqual([
      { name: "PORT", description: "port", value: "3000", secret: false },
      { name: "DATABASE_URL", description: "dsn", secret: true },
      { name: "CUTOFF", description: "cut-off", value: "16:00", secret: false },
      { name: "SENTRY_DSN", description: "optional", secret: false },
    ]);
    expect(classifyEnvVars(undefined)).toEqual([]);
  });
  it.each([
    [[{ name: "BAD-NAME", description: "", required: true }], "/environment_variables/0/name", "not a valid"],
    [
      [
        { name: "A", description: "", required: true },
        { name: "A", description: "", required: false },
      ],
      "/environment_variables/1/name",
      "listed twice",
    ],
  ])("%j -> issue at %s", (list, field, problem) => {
    expect(envVarIssues(list)).toEqual([
      expect.objectContaining({ field, problem: expect.stringContaining(problem) }),
    ]);
  });
  it.each([
    [vars, 3000, 0],
    [[], 8080, 0],
    [[{ name: "PORT", description: "", required: true }], 8080, 0],
    [[{ name: "PORT", description: "", required: false, default_value: "http" }], 8080, 1],
    [[{ name: "PORT", description: "", required: false, default_value: "70000" }], 8080, 1],
    [[{ name: "PORT", description: "", required: false, default_value: "0" }], 8080, 1],
  ])("containerPort(%j) = %d", (list, port, issues) => {
    const r = containerPort(list);
    expect(r.port).toBe(port);
    expect(r.issues).toHaveLength(issues);
  });
});

describe("healthCheckPath", () => {
  const e = (path: string, method = "GET", auth = false) => ({ method, path, authentication_required: auth });
  it.each([
    [[e("/health")], [], "/health"],
    [[e("/api/tasks"), e("/v1/healthz")], [], "/v1/healthz"],
    [[e("/healthz", "GET", true)], [e("/ping")], "/ping"],
    [[e("/status", "POST")], [e("/readyz")], "/readyz"],
    [[e("/api/status-report")], [], "/health"],
    [[], [], "/health"],
  ])("%j / %j -> %s", (specs, implemented, path) => expect(healthCheckPath(specs, implemented)).toBe(path));
});

describe("qaBaseline", () => {
  const qa = (performance?: QaDoc["non_functional_tests"]["performance"]): QaDoc => ({
    recommendation: "approve_for_deployment",
    non_functional_tests: { performance },
    bugs_found: [],
  });
  it.each([
    [undefined, {}],
    [{ status: "not_run", metrics: { p95_response_time_ms: 100 } }, {}],
    [{ status: "passed" }, {}],
    [
      {
        status: "passed",
        metrics: { p50_response_time_ms: 10, p95_response_time_ms: 90, requests_per_second: 5 },
      },
      { p50Ms: 10, p95Ms: 90, requestsPerSecond: 5 },
    ],
    [
      { status: "failed", metrics: { p99_response_time_ms: 900, error_rate_percentage: 3 } },
      { p99Ms: 900, errorRatePercent: 3 },
    ],
  ])("%j -> %j", (perf, baseline) => expect(qaBaseline(qa(perf))).toEqual(baseline));
});

describe("knownIssues", () => {
  it("collects backend, frontend and still-open QA bugs", () => {
    const out = knownIssues(
      {
        api_endpoints_implemented: [],
        database_migrations: [],
        known_issues: [{ description: "b", severity: "low", workaround: "w" }],
      },
      { known_issues: [{ description: "f", severity: "medium" }] },
      {
        recommendation: "approve_for_deployment",
        non_functional_tests: {},
        bugs_found: [
          { bug_id: "B1", severity: "high", description: "open one", status: "open" },
          { bug_id: "B2", severity: "low", description: "fixed one", status: "fixed" },
          { bug_id: "B3", severity: "critical", description: "wip", status: "in_progress" },
        ],
      },
    );
    expect(out).toEqual([
      { description: "b", severity: "low", workaround: "w", source: "backend" },
      { description: "f", severity: "medium", workaround: undefined, source: "frontend" },
      { description: "B1: open one (open)", severity: "high", source: "qa" },
      { description: "B3: wip (in_progress)", severity: "critical", source: "qa" },
    ]);
  });
});

describe("gateFacts", () => {
  const config = (gates?: ProjectConfigDoc["human_gates"]): ProjectConfigDoc => ({
    project_name: "x",
    project_type: "custom",
    human_gates: gates,
  });
  const qa: QaDoc = {
    recommendation: "needs_fixes",
    deployment_blockers: ["BUG-1 open"],
    non_functional_tests: {},
    bugs_found: [],
  };
  const state = (
    received: boolean | undefined,
    interactions: WorkflowStateDoc["human_interactions"] = [],
  ): WorkflowStateDoc => ({
    workflow_id: "wf",
    stages: { deployment: { status: "pending", human_approval_received: received } },
    human_interactions: interactions,
  });
  const h = (timestamp: string, stage: string, interaction_type: string, details?: string) => ({
    timestamp,
    stage,
    interaction_type,
    details,
  });

  it.each([
    ["stage flag true", state(true), true],
    ["stage flag absent", state(undefined), false],
    ["approval interaction", state(undefined, [h("2026-01-01T00:00:00Z", "deployment", "approval")]), true],
    [
      "later rejection wins",
      state(true, [
        h("2026-01-02T00:00:00Z", "deployment", "rejection"),
        h("2026-01-01T00:00:00Z", "deployment", "approval"),
      ]),
      false,
    ],
    [
      "approval for another stage",
      state(undefined, [h("2026-01-01T00:00:00Z", "qa_testing", "approval")]),
      false,
    ],
  ])("approval: %s", (_l, s, received) => {
    expect(gateFacts(config(), qa, s).deploymentApprovalReceived).toBe(received);
  });

  it("reads QA verdict, blockers, policy and the latest override reason", () => {
    const facts = gateFacts(
      config({ qa_override_allowed: true, deployment_approval: false }),
      qa,
      state(true, [
        h("2026-01-01T00:00:00Z", "qa_testing", "decision", "first"),
        h("2026-01-03T00:00:00Z", "deployment", "decision", "  accepted risk: cosmetic  "),
        h("2026-01-04T00:00:00Z", "deployment", "decision", "   "),
      ]),
    );
    expect(facts).toEqual({
      qaRecommendation: "needs_fixes",
      qaBlockers: ["BUG-1 open"],
      qaOverrideAllowed: true,
      deploymentApprovalRequired: false,
      deploymentApprovalReceived: true,
      qaOverrideReason: "accepted risk: cosmetic",
    });
  });

  it("defaults: approval required, no override", () => {
    const facts = gateFacts(config(), { ...qa, deployment_blockers: undefined }, state(false));
    expect(facts.deploymentApprovalRequired).toBe(true);
    expect(facts.qaOverrideAllowed).toBe(false);
    expect(facts.qaBlockers).toEqual([]);
    expect(facts).not.toHaveProperty("qaOverrideReason");
  });
});

describe("environments and version", () => {
  it("defaults to staging + production", () => {
    expect(
      environments({ project_name: "x", project_type: "custom" }).environments.map((e) => e.name),
    ).toEqual(["staging", "production"]);
  });
  it("production requires approval unless said otherwise", () => {
    const { environments: envs } = environments({
      project_name: "x",
      project_type: "custom",
      deployment: {
        environments: [
          { name: "qa", type: "staging" },
          { name: "prod", type: "production" },
          { name: "prod-eu", type: "production", requires_approval: false },
        ],
      },
    });
    expect(envs.map((e) => e.requiresApproval)).toEqual([false, true, false]);
  });
  it("flags invalid and duplicate environment names", () => {
    const { issues } = environments({
      project_name: "x",
      project_type: "custom",
      deployment: {
        environments: [
          { name: "Prod EU", type: "production" },
          { name: "staging", type: "staging" },
          { name: "staging", type: "staging" },
        ],
      },
    });
    expect(issues.map((i) => i.field)).toEqual([
      "/deployment/environments/0/name",
      "/deployment/environments/2/name",
    ]);
  });
  it.each([
    ["1.4.0", false],
    ["2026.11.28-rc_1", false],
    [undefined, true],
    ["1.4.0+build", true],
    ["v 1", true],
    ["-1", true],
  ])("version %j issue: %s", (v, bad) => expect(versionIssue(v) !== undefined).toBe(bad));
});
