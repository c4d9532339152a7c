import { InputError, InputErrors } from "../lib/errors";
import {
  EXAMPLE_RELEASE,
  LEDGER_RELEASE,
  cleanup,
  copyRelease,
  editJson,
  removeFile,
  writeRaw,
} from "../test/fixtures/mutate";
import { loadRelease } from "./load";

const PACKET = "ARTIFACTS/system-architect/architecture-handover-packet.json";
const BACKEND = "ARTIFACTS/backend-engineer/backend-implementation-report.json";
const FRONTEND = "ARTIFACTS/frontend-engineer/frontend-implementation-report.json";
const QA = "ARTIFACTS/qa-engineer/qa-test-report.json";
const STATE = "ARTIFACTS/system/workflow-state.json";
const AI = "ARTIFACTS/ai-engineer/ai-implementation-report.json";

afterAll(cleanup);

/** The errors `loadRelease` threw, flattened. */
function errorsOf(root: string): InputError[] {
  try {
    loadRelease(root);
  } catch (err) {
    if (err instanceof InputErrors) return [...err.errors];
    if (err instanceof InputError) return [err];
    throw err;
  }
  throw new Error("loadRelease did not throw");
}

describe("loadRelease: the bundled example", () => {
  const release = loadRelease(EXAMPLE_RELEASE);

  it("reads identity, governance and strategy", () => {
    expect(release).toMatchObject({
      root: EXAMPLE_RELEASE,
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
      projectType: "full_stack_web_app",
      notificationChannels: ["slack", "email"],
      warnings: [],
    });
  });

  it("derives the topology from the packet", () => {
    expect(release.services.map((s) => [s.name, s.kind, s.healthCheckPath, s.port])).toEqual([
      ["api", "api", "/health", 8080],
      ["worker", "worker", "/health", 8080],
    ]);
    expect(release.frontend).toEqual({ name: "web", framework: "react" });
    expect(release.database).toEqual({ name: "db", engine: "postgresql", majorVersion: "16" });
  });

  it("classifies environment variables", () => {
    const env = release.services[0].environment;
    expect(env.filter((e) => e.secret).map((e) => e.name)).toEqual([
      "DATABASE_URL",
      "JWT_SIGNING_KEY",
      "SES_FROM_ADDRESS",
    ]);
    expect(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value])).toEqual([
      ["PORT", "8080"],
      ["LOG_LEVEL", "info"],
    ]);
  });

  it("reads migrations, QA baseline, known issues, gates and environments", () => {
    expect(release.migrations.map((m) => m.status)).toEqual(["applied", "applied", "pending"]);
    expect(release.qaBaseline).toEqual({
      p50Ms: 41,
      p95Ms: 180,
      p99Ms: 320,
      requestsPerSecond: 850,
      errorRatePercent: 0.2,
    });
    expect(release.knownIssues.map((k) => k.source)).toEqual(["backend", "qa"]);
    expect(release.gates).toEqual({
      qaRecommendation: "approve_for_deployment",
      qaBlockers: [],
      qaOverrideAllowed: false,
      deploymentApprovalRequired: true,
      deploymentApprovalReceived: true,
    });
    expect(release.environments).toEqual([
      { name: "staging", type: "staging", autoDeploy: true, requiresApproval: false },
      { name: "production", type: "production", autoDeploy: false, requiresApproval: true },
    ]);
  });
});

describe("loadRelease: the second release (API only, two workers, canary)", () => {
  const release = loadRelease(LEDGER_RELEASE);
  it("has one API, two workers, a PostgreSQL 16 database and no frontend", () => {
    expect(release.services.map((s) => [s.name, s.kind])).toEqual([
      ["ledger-api", "api"],
      ["settlement", "worker"],
      ["reconciler", "worker"],
    ]);
    expect(release.frontend).toBeUndefined();
    expect(release.database).toEqual({ name: "ledger-db", engine: "postgresql", majorVersion: "16" });
    expect(release).toMatchObject({
      strategy: "canary",
      version: "2.7.1",
      dataClassification: "restricted",
      projectType: "api_only_backend",
    });
  });
  it("takes port and health check from the reports", () => {
    expect(release.services[0]).toMatchObject({ port: 3000, healthCheckPath: "/healthz" });
    expect(release.services[0].environment.filter((e) => e.secret).map((e) => e.name)).toEqual([
      "DATABASE_URL",
      "BANK_API_TOKEN",
    ]);
  });
  it("carries the open QA bug as a known issue", () => {
    expect(release.knownIssues.map((k) => [k.source, k.severity])).toEqual([
      ["backend", "medium"],
      ["qa", "medium"],
    ]);
  });
});

describe("loadRelease: invalid releases give clear errors", () => {
  type Case = [string, (root: string) => void, string, string, string];
  const cases: Case[] = [
    ["missing QA report", (r) => removeFile(r, QA), QA, "", "file not found"],
    ["missing packet", (r) => removeFile(r, PACKET), PACKET, "", "file not found"],
    [
      "missing project-config",
      (r) => removeFile(r, "project-config.json"),
      "project-config.json",
      "",
      "file not found",
    ],
    [
      "frontend report missing while the packet has a frontend",
      (r) => removeFile(r, FRONTEND),
      FRONTEND,
      "",
      'frontend component "web"',
    ],
    ["unreadable JSON", (r) => writeRaw(r, BACKEND, "{ not json"), BACKEND, "", "not readable as JSON"],
    [
      "schema: bad strategy enum",
      (r) => editJson(r, "project-config.json", (d) => (d.deployment.deployment_strategy = "big_bang")),
      "project-config.json",
      "/deployment/deployment_strategy",
      "must be one of",
    ],
    [
      "schema: missing required field",
      (r) => editJson(r, QA, (d) => delete d.recommendation),
      QA,
      "/recommendation",
      "is required",
    ],
    [
      "schema: wrong type deep inside",
      (r) => editJson(r, STATE, (d) => (d.stages.deployment.status = "done")),
      STATE,
      "/stages/deployment/status",
      "must be one of",
    ],
    [
      "no backend component",
      (r) =>
        editJson(r, PACKET, (d) => {
          d.system_components = d.system_components.filter(
            (c: { type: string }) => !c.type.startsWith("backend"),
          );
          d.deployment_architecture.strategy = "rolling";
        }),
      PACKET,
      "/system_components",
      "no backend component",
    ],
    [
      "duplicate component names",
      (r) => editJson(r, PACKET, (d) => (d.system_components[2].name = "api")),
      PACKET,
      "/system_components/2/name",
      "duplicates /system_components/1/name",
    ],
    [
      "invalid resource name",
      (r) => editJson(r, PACKET, (d) => (d.system_components[1].name = "Task_API")),
      PACKET,
      "/system_components/1/name",
      "used in AWS resource names",
    ],
    [
      "a strategy we cannot run (blue-green without an API)",
      (r) =>
        editJson(r, PACKET, (d) => {
          d.system_components = d.system_components.filter((c: { type: string }) => c.type !== "backend_api");
        }),
      PACKET,
      "/deployment_architecture/strategy",
      "no backend_api component",
    ],
    [
      "unsupported component type",
      (r) =>
        editJson(r, PACKET, (d) =>
          d.system_components.push({
            name: "search",
            type: "search_index",
            purpose: "x",
            responsibilities: [],
          }),
        ),
      PACKET,
      "/system_components/4/type",
      'component type "search_index"',
    ],
    [
      "a type with a typo gets a did-you-mean",
      (r) => editJson(r, PACKET, (d) => (d.system_components[1].type = "backend-api")),
      PACKET,
      "/system_components/1/type",
      '"backend-api" is not one slipway provisions (did you mean "backend_api"?)',
    ],
    [
      "a near miss of backend_api is not built as a worker",
      (r) => editJson(r, PACKET, (d) => (d.system_components[1].type = "backend_apii")),
      PACKET,
      "/system_components/1/type",
      '"backend_apii" is not one slipway provisions (did you mean "backend_api"?)',
    ],
    [
      "a dependency on a component not in the packet",
      (r) => editJson(r, PACKET, (d) => (d.system_components[2].dependencies = ["dbb"])),
      PACKET,
      "/system_components/2/dependencies/0",
      'component "worker" depends on "dbb", which is not a component of the packet (did you mean "db"?)',
    ],
    [
      "another orchestrator in project-config",
      (r) =>
        editJson(
          r,
          "project-config.json",
          (d) => (d.technology_stack.infrastructure.orchestration = "kubernetes"),
        ),
      "project-config.json",
      "/technology_stack/infrastructure/orchestration",
      'orchestration "kubernetes" is not what slipway deploys to',
    ],
    [
      "non-PostgreSQL database",
      (r) => editJson(r, PACKET, (d) => (d.technology_stack.database.name = "mysql 8")),
      PACKET,
      "/technology_stack/database/name",
      "not PostgreSQL",
    ],
    [
      "missing version",
      (r) => editJson(r, "project-config.json", (d) => delete d.metadata.version),
      "project-config.json",
      "/metadata/version",
      "version is missing",
    ],
    [
      "invalid project id",
      (r) => editJson(r, "project-config.json", (d) => (d.project_id = "Task Flow")),
      "project-config.json",
      "/project_id",
      "prefixes AWS resource names",
    ],
    [
      "bad PORT default",
      (r) => editJson(r, BACKEND, (d) => (d.environment_variables[0].default_value = "eighty")),
      BACKEND,
      "/environment_variables/0/default_value",
      "not a TCP port",
    ],
  ];

  it.each(cases)("%s", (_label, mutate, file, field, problem) => {
    const root = copyRelease(EXAMPLE_RELEASE);
    mutate(root);
    const errors = errorsOf(root);
    const hit = errors.find((e) => e.file === file && e.field === field);
    expect(hit).toBeDefined();
    expect(hit!.problem).toContain(problem);
    expect(hit!.fix.length).toBeGreaterThan(10);
    expect(hit!.message).toContain(field ? `${file}: ${field}: ` : `${file}: `);
    expect(hit!.message).toContain("Fix: ");
  });

  it("validates the optional AI report when present", () => {
    const root = copyRelease(LEDGER_RELEASE);
    editJson(root, AI, (d) => (d.context_strategy.type = "telepathy"));
    const errors = errorsOf(root);
    expect(errors.map((e) => [e.file, e.field])).toEqual([[AI, "/context_strategy/type"]]);
  });

  it("reports every problem at once, across files", () => {
    const root = copyRelease(EXAMPLE_RELEASE);
    removeFile(root, QA);
    editJson(root, PACKET, (d) => (d.system_components[2].name = "api"));
    editJson(root, "project-config.json", (d) => (d.project_type = "spaceship"));
    let thrown: unknown;
    try {
      loadRelease(root);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputErrors);
    const errors = (thrown as InputErrors).errors;
    expect(errors.map((e) => e.file).sort()).toEqual(["project-config.json", PACKET, QA].sort());
    expect((thrown as InputErrors).message.split("\n")).toHaveLength(3);
  });

  it("names a missing release root", () => {
    expect(() => loadRelease("/nonexistent/release")).toThrow(
      /\/nonexistent\/release: release root not found/,
    );
  });

  it("warns, without failing, when packet and project-config disagree on the strategy", () => {
    const root = copyRelease(EXAMPLE_RELEASE);
    editJson(root, "project-config.json", (d) => (d.deployment.deployment_strategy = "rolling"));
    const release = loadRelease(root);
    expect(release.strategy).toBe("blue_green");
    expect(release.warnings).toEqual([expect.stringContaining('"rolling"')]);
  });
});
