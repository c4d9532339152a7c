// @ts-nocheck
import { InputError, InputErrors } from "../lib/errors";
import type { MigrationSpec, ServiceSpec } from "./model";
import {
  MAX_SERVICE_RESOURCE_NAME,
  apiRouting,
  migrationPlan,
  resourcePrefix,
  serviceNameIssues,
  singleInputError,
  throwInputErrors,
} from "./program";

const a = new InputError("Pulumi.staging.yaml", "slipway:azCount", '"1" is not 2..6', "set it to 2");
const b = new InputError("project-config.json", "/metadata/version", "is missing", 'set "1.0.0"');

describe("throwInputErrors", () => {
  it("does nothing without errors, throws the one error, or all of them", () => {
    expect(() => throwInputErrors([])).not.toThrow();
    expect(() => throwInputErrors([a])).toThrow(a);
    let caught: unknown;
    try {
      throwInputErrors([a, b]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputErrors);
    expect((caught as InputErrors).errors).toEqual([a, b]);
  });
});

describe("singleInputError", () => {
  it("keeps a single error", () => {
    expect(singleInputError(a)).toBe(a);
    expect(singleInputError(new InputErrors([a]))).toBe(a);
  });

  it("names the first problem and carries every line with its own fix, as InputErrors does", () => {
    const all = new InputErrors([a, b]);
    const one = singleInputError(all);
    expect([one.file, one.field, one.problem]).toEqual([a.file, a.field, a.problem]);
    expect(one.message).toBe(all.message);
    expect(one.message.split("\n")).toEqual([a.message, b.message]);
    expect(one.message).not.toContain("(document)");
  });
});

describe("resourcePrefix", () => {
  it.each([
    ["shop", "staging", "shop-staging"],
    ["Shop", "org/Prod_EU", "shop-org-prod-eu"],
  ])("%s + %s -> %s", (project, stack, out) => expect(resourcePrefix(project, stack)).toBe(out));
});

const svc = (name: string, kind: ServiceSpec["kind"] = "worker"): ServiceSpec => ({
  name,
  kind,
  componentType: kind === "api" ? "backend_api" : "backend_worker",
  purpose: "",
  healthCheckPath: "/health",
  port: 8080,
  environment: [],
  dependencies: ["db"],
});

describe("serviceNameIssues", () => {
  it("accepts names up to the limit and names the packet component over it", () => {
    const fits = "x".repeat(MAX_SERVICE_RESOURCE_NAME - "shop-staging-".length);
    expect(serviceNameIssues({ projectId: "shop", services: [svc(fits)] }, "staging")).toEqual([]);
    const [issue, ...rest] = serviceNameIssues(
      { projectId: "shop", services: [svc(fits + "y"), svc("api")] },
      "staging",
    );
    expect(rest).toEqual([]);
    expect(issue.file).toBe("ARTIFACTS/system-architect/architecture-handover-packet.json");
    expect(issue.field).toBe(`/system_components (${fits}y)`);
    expect(issue.problem).toContain(`is ${MAX_SERVICE_RESOURCE_NAME + 1} characters long`);
  });
});

describe("apiRouting", () => {
  it("gives one API every path with the component's default rule", () => {
    expect([...apiRouting([svc("api", "api")])]).toEqual([["api", {}]]);
    expect(apiRouting([]).size).toBe(0);
  });

  it("gives further APIs /<name>/* with earlier rules than the first, catch-all one", () => {
    expect(
      Object.fromEntries(apiRouting([svc("api", "api"), svc("admin", "api"), svc("search", "api")])),
    ).toEqual({
      api: { listenerPriority: 400 },
      admin: { pathPatterns: ["/admin/*"], listenerPriority: 100 },
      search: { pathPatterns: ["/search/*"], listenerPriority: 200 },
    });
  });
});

describe("migrationPlan", () => {
  const m = (status: MigrationSpec["status"]): MigrationSpec => ({
    file: "001.sql",
    description: "",
    status,
    rollbackAvailable: true,
  });
  const db = { name: "db", engine: "postgresql", majorVersion: "16" };
  const cmd = ["npm", "run", "migrate"];

  it.each([
    [
      "the first API with a command",
      [svc("jobs"), svc("api", "api")],
      db,
      [m("pending")],
      cmd,
      { owner: "api" },
    ],
    [
      "the first worker without an API",
      [svc("jobs"), svc("mail")],
      db,
      [m("applied")],
      cmd,
      { owner: "jobs" },
    ],
    [
      "the first API that depends on the database",
      [svc("jobs"), { ...svc("edge", "api"), dependencies: [] }, svc("api", "api")],
      db,
      [m("pending")],
      cmd,
      { owner: "api" },
    ],
    [
      "a worker when no API depends on the database",
      [{ ...svc("edge", "api"), dependencies: ["jobs"] }, svc("jobs")],
      db,
      [m("pending")],
      cmd,
      { owner: "jobs" },
    ],
    ["nothing without a database", [svc("api", "api")], undefined, [m("pending")], cmd, {}],
    ["nothing without migrations", [svc("api", "api")], db, [], cmd, {}],
    [
      "nothing without a command when all are applied",
      [svc("api", "api")],
      db,
      [m("applied")],
      undefined,
      {},
    ],
  ])("%s", (_why, services, database, migrations, command, expected) => {
    expect(migrationPlan({ services, database, migrations }, command)).toEqual(expected);
  });

  it("warns when no service depends on the database (no service could reach it)", () => {
    const plan = migrationPlan(
      { services: [{ ...svc("api", "api"), dependencies: [] }], database: db, migrations: [m("pending")] },
      cmd,
    );
    expect(plan.owner).toBeUndefined();
    expect(plan.warning).toMatch(/^no backend component depends on the database "db"/);
  });

  it("warns when migrations are pending but no command is configured", () => {
    const plan = migrationPlan(
      { services: [svc("api", "api")], database: db, migrations: [m("pending"), m("pending")] },
      undefined,
    );
    expect(plan.owner).toBeUndefined();
    expect(plan.warning).toMatch(
      /^the release has 2 pending migration\(s\) but slipway:migrationCommand is not set/,
    );
  });
});
