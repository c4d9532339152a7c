import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { runDeploy } from "./deploy";
import { runRollback } from "./rollback";
import { copyExample } from "../../test/harness/release";
import { pipelineFixture, type PipelineFixture } from "../../test/harness/pipeline";
import { referenceErrors } from "../../test/harness/contracts";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

let fx: PipelineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe("deploy command", () => {
  it("prints progress lines with step durations and the handoff, exit 0", async () => {
    fx = await pipelineFixture();
    const f = fx;
    const c = capture();
    const code = await runDeploy(
      { artifacts: f.root, stack: "staging", bake: "2", yes: true },
      c.io,
      async (signal) => {
        const { artifactsDir: _a, ...seams } = f.options({ signal });
        return seams;
      },
    );
    expect(code).toBe(0);
    expect(c.out).toContain("[staging] preview with policy packs: ok (0.0 s)");
    expect(c.out.some((l) => /^\[staging\] bake 2 min \(watch alarms\): ok \(120\.0 s\)$/.test(l))).toBe(
      true,
    );
    expect(c.out).toContain("staging: success");
    expect(c.out.at(-1)).toMatch(/^Deployment to staging complete\./m);
  });

  it("bad --bake is bad input (exit 2)", async () => {
    const c = capture();
    expect(await runDeploy({ bake: "soon" }, c.io, async () => Promise.reject(new Error("unused")))).toBe(2);
    expect(c.err[0]).toMatch(/--bake/);
  });

  it("rollback without a running stack is bad input (exit 2)", async () => {
    fx = await pipelineFixture({ previous: null });
    const f = fx;
    const c = capture();
    const code = await runRollback({ artifacts: f.root, stack: "production" }, c.io, async (signal) => {
      const { artifactsDir: _a, ...seams } = f.options({ signal });
      return seams;
    });
    expect(code).toBe(2);
    expect(c.err[0]).toMatch(/never been deployed/);
  });

  it("the real CLI on this machine (no Pulumi CLI, no AWS credentials) stops at the gate: exit 3, blocked signal", async () => {
    const root = copyExample();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(ROOT, "node_modules/.bin")}:/usr/bin:/bin`,
      AWS_EC2_METADATA_DISABLED: "true",
      PULUMI_HOME: join(root, ".no-pulumi"),
      HOME: root,
    };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_PROFILE;
    const result = await run(
      join(ROOT, "node_modules/.bin/tsx"),
      ["automation/cli.ts", "deploy", "--artifacts", root, "--stack", "all", "--yes"],
      { cwd: ROOT, env },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("The Pulumi CLI (pulumi) is not on PATH");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const signal = JSON.parse(
      readFileSync(join(root, "ARTIFACTS/system/stage-completion-signal.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(referenceErrors("stage-completion-signal", signal)).toEqual([]);
    expect(signal.status).toBe("blocked");
    expect(existsSync(join(root, "ARTIFACTS/devops-engineer/deployment-report.json"))).toBe(false);
  }, 60_000);
});
