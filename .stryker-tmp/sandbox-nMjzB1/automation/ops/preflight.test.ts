// @ts-nocheck
import { RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runDrDrillCommand } from "../cli/dr-drill";
import { runDrift } from "../cli/drift";
import { ExitCode, InputError } from "../../lib/errors";
import { ConcurrentUpdateError, PulumiCliNotFoundError, type Engine } from "../engine/types";
import { AwsCredentialsMissingError, opsFailure, opsPreflight } from "./preflight";

const ROOT = join(__dirname, "..", "..");

/** An engine double that records every call (none is expected before the pre-flight passes). */
function recordingEngine() {
  const calls: string[] = [];
  const record = (op: string) => async (): Promise<never> => {
    calls.push(op);
    throw new Error(`unexpected engine call ${op}`);
  };
  const engine = Object.fromEntries(
    [
      "selectStack",
      "getConfig",
      "setConfig",
      "preview",
      "up",
      "refresh",
      "history",
      "exportState",
      "importState",
      "cancel",
      "outputs",
    ].map((op) => [op, record(op)]),
  ) as unknown as Engine;
  return { engine, calls };
}

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  const io = {
    stdout: (t: string) => void lines.out.push(t),
    stderr: (t: string) => void lines.err.push(t),
  };
  return { lines, io };
}

describe("opsPreflight", () => {
  const noCliEnv = {
    PATH: mkdtempSync(join(tmpdir(), "slipway-nocli-")),
    HOME: mkdtempSync(join(tmpdir(), "h-")),
  };

  it("no pulumi CLI is PulumiCliNotFoundError, before the credentials are even looked at", async () => {
    let asked = false;
    await expect(
      opsPreflight({
        pulumiCli: true,
        aws: true,
        region: "eu-west-1",
        env: noCliEnv,
        awsCredentials: async () => (asked = true),
      }),
    ).rejects.toBeInstanceOf(PulumiCliNotFoundError);
    expect(asked).toBe(false);
  });

  it("no AWS credentials is AwsCredentialsMissingError; credentials present pass", async () => {
    await expect(
      opsPreflight({ pulumiCli: false, aws: true, region: "eu-west-1", awsCredentials: async () => false }),
    ).rejects.toBeInstanceOf(AwsCredentialsMissingError);
    await expect(
      opsPreflight({ pulumiCli: false, aws: true, region: "eu-west-1", awsCredentials: async () => true }),
    ).resolves.toBeUndefined();
    // aws: false (every AWS-facing seam injected) skips the check.
    await expect(
      opsPreflight({ pulumiCli: false, aws: false, region: "eu-west-1", awsCredentials: async () => false }),
    ).resolves.toBeUndefined();
  });

  it("maps errors to the documented exit codes with one line each", () => {
    const cases: [unknown, number, RegExp][] = [
      [new InputError("--stack", "stack", "bad", "fix it"), ExitCode.badInput, /^drift: --stack: stack: bad/],
      [new PulumiCliNotFoundError([]), ExitCode.blocked, /^drift: the pulumi CLI was not found/],
      [new AwsCredentialsMissingError(), ExitCode.blocked, /^drift: no AWS credentials found/],
      [new ConcurrentUpdateError("staging"), ExitCode.failed, /^drift: stack staging is locked/],
      [new Error("boom"), ExitCode.failed, /^drift: the check failed: boom$/],
    ];
    for (const [error, code, message] of cases) {
      const got = opsFailure("drift", "staging", error);
      expect(got.code).toBe(code);
      expect(got.message).toMatch(message);
      expect(got.message).not.toContain("\n");
    }
    expect(opsFailure("dr-drill", "staging", new Error("x"), "drill").message).toBe(
      "dr-drill: the drill failed: x",
    );
  });
});

describe("output is redacted", () => {
  it("a secret of the environment quoted in an engine error never reaches the terminal", async () => {
    const token = "pul-0123456789abcdef0123456789abcdef";
    const { engine } = recordingEngine();
    const failing: Engine = {
      ...engine,
      history: async () => {
        throw new Error(`backend said: bad token ${token} (https://user:hunter2@backend.example)`);
      },
    };
    const { lines, io } = capture();
    const code = await runDrift({
      stack: "staging",
      engine: failing,
      env: { PULUMI_ACCESS_TOKEN: token },
      ...io,
    });
    expect(code).toBe(ExitCode.failed);
    expect(lines.err).toHaveLength(1);
    expect(lines.err[0]).toMatch(/^drift: the check failed: backend said: bad token /);
    expect(lines.err[0]).not.toContain(token);
    expect(lines.err[0]).not.toContain("hunter2");
  });
});

describe("no AWS credentials: drift and dr-drill stop before any engine or AWS call, exit 3", () => {
  it("drift", async () => {
    const { engine, calls } = recordingEngine();
    const { lines, io } = capture();
    const code = await runDrift({ stack: "staging", engine, awsCredentials: async () => false, ...io });
    expect(code).toBe(ExitCode.blocked);
    expect(calls).toEqual([]);
    expect(lines.err).toEqual([expect.stringMatching(/^drift: no AWS credentials found/)]);
  });

  it("dr-drill", async () => {
    const { engine, calls } = recordingEngine();
    const rds = mockClient(RDSClient);
    const { lines, io } = capture();
    const code = await runDrDrillCommand({
      stack: "staging",
      engine,
      rds: rds as unknown as RDSClient,
      awsCredentials: async () => false,
      out: join(mkdtempSync(join(tmpdir(), "slipway-drill-")), "r.json"),
      ...io,
    });
    expect(code).toBe(ExitCode.blocked);
    expect(calls).toEqual([]);
    expect(rds.calls()).toHaveLength(0);
    expect(lines.err).toEqual([expect.stringMatching(/^dr-drill: no AWS credentials found/)]);
    rds.restore();
  });
});

/**
 * The real command lines on a machine like this one: no Pulumi CLI, then a `pulumi` on PATH but no AWS
 * credentials. Each fails cleanly: exit 3, one clear line on stderr, no stack trace.
 */
describe("npm run drift / dr-drill on a machine without the Pulumi CLI or AWS credentials", () => {
  const home = mkdtempSync(join(tmpdir(), "slipway-home-"));
  const emptyBin = join(home, "empty-bin");
  const fakeBin = join(home, "fake-bin");
  mkdirSync(emptyBin);
  mkdirSync(fakeBin);
  // Found by the pre-flight; never run (it would exit 99 and the test would see a different error).
  writeFileSync(join(fakeBin, "pulumi"), "#!/bin/sh\nexit 99\n");
  chmodSync(join(fakeBin, "pulumi"), 0o755);

  const run = (command: string, bin: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "automation/cli.ts", command, "--stack", "staging"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        PATH: [bin, dirname(process.execPath)].join(":"),
        HOME: home,
        AWS_REGION: "eu-west-1",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: join(home, "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
      },
    });

  it.each(["drift", "dr-drill"])("%s", (command) => {
    const noCli = run(command, emptyBin);
    expect({ status: noCli.status, stderr: noCli.stderr }).toEqual({
      status: ExitCode.blocked,
      stderr: expect.stringMatching(
        new RegExp(`^${command}: the pulumi CLI was not found on PATH, .* Fix: install it .*\\n$`),
      ),
    });
    const noCredentials = run(command, fakeBin);
    expect({ status: noCredentials.status, stderr: noCredentials.stderr }).toEqual({
      status: ExitCode.blocked,
      stderr: expect.stringMatching(new RegExp(`^${command}: no AWS credentials found .*\\n$`)),
    });
    for (const r of [noCli, noCredentials]) {
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

test("no Pulumi CLI: one short line with the fix, not every PATH entry searched", () => {
  const searched = Array.from({ length: 15 }, (_, i) => `/opt/tool-${i}/bin/pulumi`);
  const e = new PulumiCliNotFoundError(searched);
  expect(e.searched).toEqual(searched);
  expect(e.message).toBe(
    "the pulumi CLI was not found on PATH, in $PULUMI_HOME/bin or ~/.pulumi/bin (15 places searched). " +
      "Fix: install it (https://www.pulumi.com/docs/install/) and check that `pulumi version` runs",
  );
  expect(opsFailure("drift", "staging", e)).toEqual({
    code: ExitCode.blocked,
    message: `drift: ${e.message}`,
  });
});
