import { COMPONENT_TYPES, componentRole, dependsOn, unsupportedTypeMessage } from "./components";
import { dependencyIssues } from "./derive";

describe("componentRole", () => {
  it.each([
    ["backend_api", "api"],
    ["BACKEND_API", "api"],
    [" backend_api ", "api"],
    ["backend_worker", "worker"],
    ["backend_scheduler", "worker"],
    ["backend_mailer", "worker"],
    ["backend_tasks", "worker"],
    ["backend_apii", undefined],
    ["backend_apis", undefined],
    ["Backend_APIi", undefined],
    ["backend_wroker", undefined],
    ["backend_workers", undefined],
    ["backend", "worker"],
    ["frontend", "frontend"],
    ["database", "database"],
    ["backend-api", undefined],
    ["backend api", undefined],
    ["backendish", undefined],
    ["backend_", undefined],
    ["search_index", undefined],
  ])("%s -> %s", (type, role) => expect(componentRole(type)).toBe(role));

  it("every type of the table maps to its role", () => {
    for (const [type, role] of Object.entries(COMPONENT_TYPES)) expect(componentRole(type)).toBe(role);
  });
});

describe("unsupportedTypeMessage", () => {
  it.each([
    ["backend-api", 'did you mean "backend_api"?'],
    ["Backend API", 'did you mean "backend_api"?'],
    ["fronted", 'did you mean "frontend"?'],
    ["databse", 'did you mean "database"?'],
    ["backend_apii", 'did you mean "backend_api"?'],
    ["backend_wroker", 'did you mean "backend_worker"?'],
  ])("%s gets a did-you-mean: %s", (type, hint) => {
    const m = unsupportedTypeMessage(type);
    expect(m.problem).toContain(`component type "${type}" is not one slipway provisions (${hint})`);
    expect(m.fix).toContain("use one of backend_api, backend_worker, backend, frontend, database");
  });

  it("a type close to nothing gets the supported list only", () => {
    const m = unsupportedTypeMessage("blockchain_ledger");
    expect(m.problem).not.toContain("did you mean");
    expect(m.fix).toContain("backend_<name>");
  });
});

describe("dependencyIssues", () => {
  const c = (name: string, type: string, dependencies?: string[]) => ({
    name,
    type,
    purpose: "",
    ...(dependencies ? { dependencies } : {}),
  });

  it("accepts dependencies on components of the packet", () => {
    expect(
      dependencyIssues({
        system_components: [
          c("web", "frontend", ["api"]),
          c("api", "backend_api", ["db"]),
          c("db", "database"),
        ],
      }),
    ).toEqual([]);
  });

  it("names the component, the field and a close name for an unknown dependency", () => {
    const issues = dependencyIssues({
      system_components: [
        c("api", "backend_api", ["db", "dbb"]),
        c("db", "database"),
        c("jobs", "backend_worker", ["queue"]),
      ],
    });
    expect(issues).toEqual([
      {
        file: "ARTIFACTS/system-architect/architecture-handover-packet.json",
        field: "/system_components/0/dependencies/1",
        problem:
          'component "api" depends on "dbb", which is not a component of the packet (did you mean "db"?)',
        fix: 'name one of db, jobs, or add the "dbb" component to system_components',
      },
      expect.objectContaining({
        field: "/system_components/2/dependencies/0",
        problem: 'component "jobs" depends on "queue", which is not a component of the packet',
      }),
    ]);
  });

  it("refuses a component that depends on itself", () => {
    expect(dependencyIssues({ system_components: [c("api", "backend_api", ["api"])] })).toEqual([
      expect.objectContaining({
        field: "/system_components/0/dependencies/0",
        problem: 'component "api" depends on itself',
      }),
    ]);
  });
});

describe("dependsOn", () => {
  it("is true only for a named dependency", () => {
    expect(dependsOn({ dependencies: ["db"] }, "db")).toBe(true);
    expect(dependsOn({ dependencies: ["db"] }, "cache")).toBe(false);
    expect(dependsOn({ dependencies: [] }, undefined)).toBe(false);
  });
});
