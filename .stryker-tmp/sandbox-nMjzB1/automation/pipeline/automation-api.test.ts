/**
 * The deploy pipeline over the real Automation API engine (`createPulumiEngine`: LocalWorkspace + Stack),
 * with only the `pulumi` binary replaced by a `PulumiCommand` double that behaves like a backend.
 */
// @ts-nocheck

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { createPulumiEngine } from "../engine/pulumi";
import { deploy } from "./deploy";
import { rollback } from "./rollback";
import { parseReleaseState, serialiseReleaseState } from "./strategy";
import { pipelineFixture, type PipelineFixture } from "../../test/harness/pipeline";
import { PulumiCliDouble } from "../../test/harness/pulumi-cli-double";
import { taskflowOutputs, taskflowState } from "../../test/harness/stack-outputs";
import type { Strategy } from "../../release/model";

let fx: PipelineFixture;
afterEach(async () => {
  await fx?.close();
});

function automationApiEngine(f: PipelineFixture, strategy: Strategy, previous: string) {
  const outputs = (stack: string, cfg: Record<string, { value: string }> | undefined) => {
    const state = parseReleaseState(cfg?.["slipway:release"]?.value);
    return state
      ? taskflowOutputs({
          stack,
          strategy,
          state,
          apiUrl: `${f.server.url}/${stack}`,
          frontendUrl: `${f.server.url}/${stack}`,
        })
      : undefined;
  };
  const cli = new PulumiCliDouble({
    outputsFor: (stack, cfg) => outputs(stack, cfg) as unknown as Record<string, unknown> | undefined,
    stateFor: (stack, cfg) => {
      const o = outputs(stack, cfg);
      return o ? taskflowState(o) : { version: 3, deployment: { resources: [] } };
    },
    initial: {
      staging: { "slipway:strategy": strategy, "slipway:release": previous },
      production: { "slipway:strategy": strategy, "slipway:release": previous },
    },
  });
  const workDir = mkdtempSync(join(tmpdir(), "slipway-autoapi-"));
  const engine = createPulumiEngine({
    workDir,
    pulumiCommand: cli as unknown as PulumiCommand,
    projectSettings: { name: "taskflow", runtime: "nodejs" },
    envVars: {
      PULUMI_BACKEND_URL: `file://${workDir}`,
      PULUMI_CONFIG_PASSPHRASE: "not-a-real-passphrase-1234",
    },
  });
  return { cli, engine };
}

describe("deploy over the Automation API engine", () => {
  it("blue_green to staging: the CLI sees config set-all, preview with the policy pack, export, two ups", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    const { cli, engine } = automationApiEngine(
      fx,
      "blue_green",
      serialiseReleaseState({ version: "1.3.0", activeColour: "blue", idleVersion: "1.2.0", idleWeight: 0 }),
    );
    const r = await deploy(
      fx.options({ engine, stack: "staging", bakeMinutes: 1, secrets: ["not-a-real-passphrase-1234"] }),
    );
    expect(r.environments[0].failure).toBeUndefined();
    expect([r.status, r.exitCode]).toEqual(["success", 0]);
    expect(cli.ops()).toEqual([
      "stack output", // current outputs (masked, then with secrets to know which are secret)
      "stack output",
      "config --show-secrets", // current config
      "config set-all", // program config + idle deploy state
      "preview",
      "stack export", // state backup
      "up",
      "stack output",
      "stack output",
      "stack history",
      "config set-all", // switch
      "up",
      "stack output",
      "stack output",
      "stack history",
      "stack export", // inventory
    ]);
    const setAll = cli.calls.filter((c) => c[0] === "config" && c[1] === "set-all");
    expect(setAll[0]).toEqual(
      expect.arrayContaining([
        "--plaintext",
        "slipway:environmentType=staging",
        "--plaintext",
        "slipway:strategy=blue_green",
      ]),
    );
    expect(setAll[0]).toContain(
      'slipway:release={"version":"1.3.0","activeColour":"blue","idleVersion":"1.4.0","idleWeight":0}',
    );
    expect(setAll[1]).toContain(
      'slipway:release={"version":"1.4.0","activeColour":"green","idleVersion":"1.3.0","idleWeight":0}',
    );
    const preview = cli.calls.find((c) => c[0] === "preview")!;
    expect(preview.slice(0, 4)).toEqual([
      "preview",
      "--policy-pack",
      "/work/main/policies",
      "--policy-pack-config",
    ]);
    expect(preview[4]).toMatch(/policy-config\.staging\.json$/);
    const { report } = fx.written();
    expect(report).toMatchObject({ deployment_summary: { environment: "staging", status: "success" } });
  });

  it("rollback over the Automation API engine reads the stack history and switches colours", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    const { cli, engine } = automationApiEngine(
      fx,
      "blue_green",
      serialiseReleaseState({ version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 }),
    );
    const r = await rollback({ ...fx.options({ engine }), stack: "production" });
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 0]);
    expect(cli.ops()).toEqual([
      "stack output",
      "stack output",
      "stack history",
      "config set-all",
      "up",
      "stack output",
      "stack output",
      "stack history",
    ]);
    fx.written();
  });

  it("a stack locked by another update (DIY backend lock) is a clear error, never forced", async () => {
    fx = await pipelineFixture({
      strategy: "direct",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    const { cli, engine } = automationApiEngine(
      fx,
      "direct",
      serialiseReleaseState({ version: "1.3.0", activeColour: "blue", idleWeight: 0 }),
    );
    cli.lockedStacks.add("staging");
    const r = await deploy(fx.options({ engine, stack: "all" }));
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments.map((e) => [e.stack, e.locked])).toEqual([["staging", true]]);
    expect(r.environments[0].failure).toMatch(/^stack staging is locked by another update; not forced/);
    expect(cli.ops()).toEqual([
      "stack output",
      "stack output",
      "config --show-secrets",
      "config set-all",
      "preview", // a preview takes no lock
      "stack export",
      "up", // refused: locked; never `cancel`, never a forced unlock
      "config set-all", // the release config put back as it was
    ]);
    expect(cli.calls.some((c) => c.includes("production"))).toBe(false);
    fx.written();
  });
});
