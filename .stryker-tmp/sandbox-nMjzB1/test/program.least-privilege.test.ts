/**
 * Least privilege from the packet's `dependencies`, on the whole program: the example release with
 * the worker no longer depending on the database. Each service has its own security group; the
 * database accepts only the services that depend on it; only those receive its URL and credentials.
 */
// @ts-nocheck

import { EXAMPLE_RELEASE, cleanup, copyRelease, editJson } from "./fixtures/mutate";
import { type ProgramRun, runProgram } from "./fixtures/program";
import { type ServiceAccess, serviceAccess } from "./harness/access";

const PACKET = "ARTIFACTS/system-architect/architecture-handover-packet.json";
let run: ProgramRun;
let access: Map<string, ServiceAccess>;

beforeAll(async () => {
  const root = copyRelease(EXAMPLE_RELEASE);
  editJson(root, PACKET, (d) => {
    const worker = d.system_components.find((c: { name: string }) => c.name === "worker");
    worker.dependencies = [];
  });
  run = await runProgram({ stack: "staging", config: { "slipway:artifactsDir": root } });
  access = new Map(serviceAccess(run.registrations).map((a) => [a.component, a]));
});
afterAll(cleanup);

describe("least privilege from dependencies (worker without the database)", () => {
  it("every service runs in its own security group", () => {
    const groups = [...access.values()].map((a) => a.securityGroupIds);
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g).toHaveLength(1);
    expect(new Set(groups.map((g) => g[0])).size).toBe(2);
  });

  it("the database accepts the API (which depends on it) and not the worker", () => {
    const api = access.get("taskflow-staging-api")!;
    const worker = access.get("taskflow-staging-worker")!;
    expect(api.acceptedBy).toEqual([{ group: "taskflow-staging-db-sg", port: 5432 }]);
    expect(api.egressToGroups).toEqual([{ group: "taskflow-staging-db-sg", port: 5432 }]);
    expect(worker.acceptedBy).toEqual([]);
    expect(worker.egressToGroups).toEqual([]);
  });

  it("only the API receives the database URL and credentials, and may read the RDS secret", () => {
    const api = access.get("taskflow-staging-api")!;
    const worker = access.get("taskflow-staging-worker")!;
    expect(api.secretNames).toEqual([
      "DATABASE_URL",
      "JWT_SIGNING_KEY",
      "PGPASSWORD",
      "PGUSER",
      "SES_FROM_ADDRESS",
    ]);
    expect(worker.secretNames).toEqual(["JWT_SIGNING_KEY", "SES_FROM_ADDRESS"]);
    expect(worker.readableSecrets).toHaveLength(2);
    expect(worker.readableSecrets.some((arn) => /rds|DATABASE_URL/i.test(arn))).toBe(false);
    expect(api.readableSecrets.some((arn) => /rds/i.test(arn))).toBe(true);
  });

  it("does not warn that the database is unused (the API depends on it)", () => {
    expect(run.warnings.join("\n")).not.toContain("is not in the dependencies of any backend component");
  });
});
