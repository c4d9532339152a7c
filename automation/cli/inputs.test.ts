/**
 * Every command checks its input before it looks for tools: a mistake is exit 2 with the value echoed
 * and the fix, even on a machine without the Pulumi CLI or AWS credentials (which would be exit 3).
 * The mistakes here are not ones the code special-cases: typos of existing stacks, values with units,
 * versions with spaces.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExitCode } from "../../lib/errors";
import { copyExample } from "../../test/harness/release";
import { runDrDrillCommand } from "./dr-drill";
import { runDrift } from "./drift";
import { runDeploy } from "./deploy";
import { runRollback } from "./rollback";

/** No Pulumi CLI anywhere, no AWS credentials: a tools check would say exit 3. */
const NO_TOOLS: NodeJS.ProcessEnv = {
  PATH: mkdtempSync(join(tmpdir(), "slipway-empty-path-")),
  PULUMI_HOME: mkdtempSync(join(tmpdir(), "slipway-no-pulumi-")),
  HOME: mkdtempSync(join(tmpdir(), "slipway-home-")),
  AWS_EC2_METADATA_DISABLED: "true",
};

function sink() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
}

describe("drift and dr-drill: a stack without a stack file is bad input naming the stacks, before any tool", () => {
  it.each(["prod", "Production", "stagng", "qa-eu"])("drift --stack %s -> exit 2", async (stack) => {
    const io = sink();
    expect(await runDrift({ stack, env: NO_TOOLS, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.badInput,
    );
    const text = io.err.join("\n");
    expect(text).toContain(`drift: --stack: "${stack}" has no stack file`);
    expect(text).toContain("production, staging");
    expect(text).not.toMatch(/pulumi CLI|credentials/i);
  });

  it("a near miss says which stack was meant", async () => {
    const io = sink();
    await runDrift({ stack: "prodution", env: NO_TOOLS, stdout: io.stdout, stderr: io.stderr });
    expect(io.err.join("\n")).toContain('(did you mean "production"?)');
  });

  it("with a stack file, the same machine is blocked by the missing CLI (exit 3): the order is input, then tools", async () => {
    const io = sink();
    expect(await runDrift({ stack: "production", env: NO_TOOLS, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.blocked,
    );
  });

  it.each([
    ["--rto-target-minutes", "abc"],
    ["--rpo-target-minutes", "15min"],
    ["--timeout-minutes", "0"],
    ["--rto-target-minutes", ""],
    ["--rpo-target-minutes", "-5"],
    ["--rto-target-minutes", "0x10"],
    ["--rpo-target-minutes", "1e3"],
    ["--timeout-minutes", "Infinity"],
  ])("dr-drill %s %j: exit 2, the value echoed as typed", async (flag, value) => {
    const io = sink();
    const key = {
      "--rto-target-minutes": "rtoTargetMinutes",
      "--rpo-target-minutes": "rpoTargetMinutes",
      "--timeout-minutes": "timeoutMinutes",
    }[flag] as string;
    const code = await runDrDrillCommand({
      stack: "production",
      env: NO_TOOLS,
      [key]: value,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    expect(code).toBe(ExitCode.badInput);
    expect(io.err.join("\n")).toBe(
      `dr-drill: ${flag}: "${value}" is not a positive number of minutes. Fix: pass e.g. ${flag} 60`,
    );
    expect(io.err.join("\n")).not.toContain("NaN");
  });

  it("dr-drill --stack without a stack file: exit 2 before the CLI check", async () => {
    const io = sink();
    expect(
      await runDrDrillCommand({ stack: "prd", env: NO_TOOLS, stdout: io.stdout, stderr: io.stderr }),
    ).toBe(ExitCode.badInput);
    expect(io.err.join("\n")).toContain('"prd" has no stack file');
  });
});

describe("deploy and rollback: flags and stack files before the seams", () => {
  const never = async (): Promise<never> => {
    throw new Error("the seams must not be built for bad input");
  };
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  }

  it.each(["1.3.0 ", "v1.3.0;rm", "1.3.0/", "", "-1.3.0"])(
    "rollback --to-version %j: exit 2, echoed",
    async (v) => {
      const c = capture();
      const code = await runRollback(
        { artifacts: copyExample(), stack: "production", toVersion: v },
        c.io,
        never,
      );
      expect(code).toBe(ExitCode.badInput);
      expect(c.err.join("\n")).toContain(`--to-version: "${v}" is not a release version`);
    },
  );

  it("rollback without --stack lists the stacks", async () => {
    const c = capture();
    expect(await runRollback({ artifacts: copyExample() }, c.io, never)).toBe(ExitCode.badInput);
    expect(c.err.join("\n")).toContain(
      "--stack: is required (a rollback works on one stack). Fix: pass one of: production, staging",
    );
  });

  it.each(["prod", "all"])("deploy --stack %s (no stack file): exit 2 naming the stacks", async (stack) => {
    const c = capture();
    expect(await runDeploy({ artifacts: copyExample(), stack, yes: true }, c.io, never)).toBe(
      ExitCode.badInput,
    );
    expect(c.err.join("\n")).toContain(`--stack: "${stack}" has no stack file`);
  });
});
