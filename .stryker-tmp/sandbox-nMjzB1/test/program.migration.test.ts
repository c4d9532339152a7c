/**
 * The migration task definition follows `slipway:release.migrationVersion`: the deploy automation's
 * preparatory update registers the new version's migrations while every service keeps its version.
 */
// @ts-nocheck

import type { StackOutputs } from "../outputs";
import { type ProgramRun, ofType, runProgram } from "./fixtures/program";

/** Image of the first container of each task definition of the run, by resource name. */
function images(run: ProgramRun): Record<string, string> {
  return Object.fromEntries(
    ofType(run, "aws:ecs/taskDefinition:TaskDefinition").map((td) => {
      const raw = td.inputs.containerDefinitions;
      const defs = (typeof raw === "string" ? JSON.parse(raw) : raw) as { image: string }[];
      return [td.name, defs[0].image];
    }),
  );
}

const tag = (image: string) => image.slice(image.lastIndexOf(":") + 1);

describe("direct, preparatory update: migrationVersion 1.4.0 while the services run 1.3.0", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({
      stack: "staging",
      config: {
        "slipway:strategy": "direct",
        "slipway:release": JSON.stringify({ version: "1.3.0", migrationVersion: "1.4.0" }),
      },
    });
  });

  it("runs the migration task definition on the 1.4.0 image and every service on 1.3.0", () => {
    const byName = images(run);
    const migrate = Object.keys(byName).filter((n) => n.endsWith("-td-migrate"));
    expect(migrate).toEqual(["taskflow-staging-api-td-migrate"]);
    expect(tag(byName[migrate[0]])).toBe("1.4.0");
    const services = Object.keys(byName).filter((n) => !n.endsWith("-td-migrate"));
    expect(services.length).toBeGreaterThanOrEqual(2); // the API and the worker
    expect(Object.fromEntries(services.map((n) => [n, tag(byName[n])]))).toEqual(
      Object.fromEntries(services.map((n) => [n, "1.3.0"])),
    );
    // The migration image is the service's own repository, only the tag differs.
    const api = byName["taskflow-staging-api-td-blue"];
    expect(byName[migrate[0]]).toBe(`${api.slice(0, api.lastIndexOf(":"))}:1.4.0`);
    const outputs = run.outputs as unknown as StackOutputs;
    expect(outputs.version).toBe("1.3.0");
    expect(outputs.services.map((s) => s.versions)).toEqual(outputs.services.map(() => ({ blue: "1.3.0" })));
  });
});

describe("blue_green: the migration task defaults to the idle colour's version; migrationVersion overrides it", () => {
  it("staged: idle green on 1.4.0 migrates 1.4.0; re-applied after the switch with migrationVersion 1.4.0, still 1.4.0", async () => {
    const staged = images(
      await runProgram({
        stack: "staging",
        config: {
          "slipway:strategy": "blue_green",
          "slipway:release": JSON.stringify({ version: "1.3.0", idleVersion: "1.4.0" }),
        },
      }),
    );
    expect(tag(staged["taskflow-staging-api-td-migrate"])).toBe("1.4.0");
    expect(tag(staged["taskflow-staging-api-td-blue"])).toBe("1.3.0");
    expect(tag(staged["taskflow-staging-api-td-green"])).toBe("1.4.0");
    // After the switch the idle colour runs the old version: without migrationVersion the migration task
    // would go back to 1.3.0.
    const switched = images(
      await runProgram({
        stack: "staging",
        config: {
          "slipway:strategy": "blue_green",
          "slipway:release": JSON.stringify({
            version: "1.4.0",
            activeColour: "green",
            idleVersion: "1.3.0",
            migrationVersion: "1.4.0",
          }),
        },
      }),
    );
    expect(tag(switched["taskflow-staging-api-td-migrate"])).toBe("1.4.0");
    expect(tag(switched["taskflow-staging-api-td-blue"])).toBe("1.3.0");
    expect(tag(switched["taskflow-staging-api-td-green"])).toBe("1.4.0");
  });
});

describe("direct, preparatory update, image built from a context", () => {
  it("tags the build with the release's version (1.4.0): the migration task runs the build, the services keep 1.3.0", async () => {
    const run = await runProgram({
      stack: "staging",
      config: {
        "slipway:strategy": "direct",
        "slipway:release": JSON.stringify({ version: "1.3.0", migrationVersion: "1.4.0" }),
        "slipway:services": JSON.stringify({ api: { buildContext: "test/fixtures/releases/ledger-build" } }),
      },
    });
    const [build] = ofType(run, "awsx:ecr:Image");
    expect(build.inputs.imageTag).toBe("1.4.0");
    const byName = images(run);
    expect(byName["taskflow-staging-api-td-migrate"]).toBe(build.outputs.imageUri);
    expect(tag(byName["taskflow-staging-api-td-blue"])).toBe("1.3.0");
  });
});
