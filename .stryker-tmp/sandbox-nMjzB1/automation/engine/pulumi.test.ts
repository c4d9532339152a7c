/**
 * The Automation API engine against a `PulumiCommand` double: the real `LocalWorkspace` and `Stack`
 * build the CLI invocations and parse the results; the double records each argv and answers with
 * canned CLI output (and engine events written to the `--event-log` file, as the CLI does).
 */
// @ts-nocheck

import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as automationCmd from "@pulumi/pulumi/automation/cmd";
import * as automationErrors from "@pulumi/pulumi/automation/errors";
import type { EngineEvent, PulumiCommand } from "@pulumi/pulumi/automation";
import { createPulumiEngine, findPulumiCli, hasChanges, StackNotFoundError } from "./pulumi";
import { ConcurrentUpdateError, PulumiCliNotFoundError } from "./types";

interface Canned {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
  /** Engine events the CLI writes to `--event-log`. */
  readonly events?: readonly Partial<EngineEvent>[];
}

type Handler = (
  argv: readonly string[],
  signal?: AbortSignal,
) => Canned | undefined | Promise<Canned | undefined>;

interface CommandResultLike {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

// The Automation API's own result class and error classifier (internal exports of the SDK), so the
// double fails exactly like the real `exec` does.
const { CommandResult } = automationCmd as unknown as {
  CommandResult: new (stdout: string, stderr: string, code: number) => CommandResultLike;
};
// The Automation API's own classifier (stderr text -> ConcurrentUpdateError, StackNotFoundError, ...).
const { createCommandError } = automationErrors as unknown as {
  createCommandError(result: CommandResultLike): Error;
};

/** Records every CLI call and answers from `handler` (default: success, empty output). */
class RecordingPulumiCommand {
  readonly command = "pulumi";
  // Below 3.205 the Automation API tails a file for engine events instead of a gRPC server.
  readonly version = { toString: () => "3.200.0" };
  readonly calls: string[][] = [];
  readonly envs: Record<string, string>[] = [];

  constructor(private readonly handler: Handler = () => undefined) {}

  async run(
    args: string[],
    _cwd: string,
    env: Record<string, string>,
    onOutput?: (data: string) => void,
    _onError?: (data: string) => void,
    signal?: AbortSignal,
  ): Promise<CommandResultLike> {
    const argv = [...args];
    if (!argv.includes("--non-interactive")) argv.push("--non-interactive");
    this.calls.push(argv);
    this.envs.push(env);
    const canned = (await this.handler(argv, signal)) ?? {};
    const logIndex = argv.indexOf("--event-log");
    if (canned.events && logIndex >= 0) {
      const lines = canned.events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 0, ...e }));
      appendFileSync(argv[logIndex + 1], lines.map((l) => `${l}\n`).join(""));
    }
    const result = new CommandResult(canned.stdout ?? "", canned.stderr ?? "", canned.code ?? 0);
    if (result.stdout && onOutput) onOutput(result.stdout);
    if (result.code !== 0) throw createCommandError(result);
    return result;
  }

  /** Calls without the workspace's own bookkeeping (`stack select`), argv from the first word. */
  ops(): string[][] {
    return this.calls.filter((c) => !(c[0] === "stack" && c[1] === "select"));
  }
}

function engineWith(handler?: Handler, createStacks?: boolean) {
  const cli = new RecordingPulumiCommand(handler);
  const workDir = mkdtempSync(join(tmpdir(), "slipway-engine-"));
  const engine = createPulumiEngine({
    workDir,
    pulumiCommand: cli as unknown as PulumiCommand,
    projectSettings: { name: "slipway", runtime: "nodejs" },
    envVars: { PULUMI_BACKEND_URL: "file://" + workDir },
    ...(createStacks === undefined ? {} : { createStacks }),
  });
  return { cli, engine, workDir };
}

const HISTORY = JSON.stringify([
  {
    version: 7,
    kind: "update",
    result: "succeeded",
    startTime: "2026-11-27T10:00:00.000Z",
    endTime: "2026-11-27T10:04:30.000Z",
    message: "",
    environment: {},
    config: {
      "slipway:release": { value: '{"version":"1.4.0","activeColour":"green"}', secret: false },
      "slipway:alertEmail": { value: "[secret]", secret: true },
    },
    resourceChanges: { update: 2, same: 40 },
  },
]);

function summaryEvent(resourceChanges: Record<string, number>): Partial<EngineEvent> {
  return {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 3,
      resourceChanges,
      policyPacks: {},
    },
  } as Partial<EngineEvent>;
}

describe("createPulumiEngine (Automation API over an injected PulumiCommand)", () => {
  it("selects the stack, or creates it when it does not exist", async () => {
    const { cli, engine } = engineWith((argv) =>
      argv[0] === "stack" && argv[1] === "select"
        ? { code: 255, stderr: "error: no stack named 'staging' found" }
        : undefined,
    );
    await engine.selectStack("staging");
    expect(cli.calls).toEqual([
      ["stack", "select", "--stack", "staging", "--non-interactive"],
      ["stack", "init", "staging", "--non-interactive"],
    ]);
    expect(cli.envs[0]).toMatchObject({ PULUMI_BACKEND_URL: expect.stringMatching(/^file:\/\//) });
    // The stack is selected once and reused.
    await engine.selectStack("staging");
    expect(cli.calls).toHaveLength(2);
  });

  it("with createStacks: false a missing stack is StackNotFoundError and nothing is created", async () => {
    const { cli, engine } = engineWith(
      (argv) =>
        argv[0] === "stack" && argv[1] === "select"
          ? { code: 255, stderr: "error: no stack named 'prod' found" }
          : undefined,
      false,
    );
    await expect(engine.refresh("prod", { previewOnly: true })).rejects.toBeInstanceOf(StackNotFoundError);
    expect(cli.calls).toEqual([["stack", "select", "--stack", "prod", "--non-interactive"]]);
  });

  it("sets and reads config with set-all, marking secrets", async () => {
    const { cli, engine } = engineWith((argv) =>
      argv[0] === "config" && argv[1] === "--show-secrets"
        ? {
            stdout: JSON.stringify({
              "slipway:environmentType": { value: "staging", secret: false },
              "slipway:alertEmail": { value: "oncall@example.com", secret: true },
            }),
          }
        : undefined,
    );
    await engine.setConfig("staging", {
      "slipway:environmentType": { value: "staging" },
      "slipway:release": { value: '{"version":"1.5.0","activeColour":"blue","idleWeight":0}' },
      "slipway:alertEmail": { value: "oncall@example.com", secret: true },
    });
    const config = await engine.getConfig("staging");
    expect(cli.ops()).toEqual([
      [
        "config",
        "set-all",
        "--stack",
        "staging",
        "--plaintext",
        "slipway:environmentType=staging",
        "--plaintext",
        'slipway:release={"version":"1.5.0","activeColour":"blue","idleWeight":0}',
        "--secret",
        "slipway:alertEmail=oncall@example.com",
        "--non-interactive",
      ],
      ["config", "--show-secrets", "--json", "--stack", "staging", "--non-interactive"],
    ]);
    expect(config).toEqual({
      "slipway:environmentType": { value: "staging" },
      "slipway:alertEmail": { value: "oncall@example.com", secret: true },
    });
  });

  it("previews with the policy pack enforced and parses the change summary from engine events", async () => {
    const { cli, engine } = engineWith((argv) =>
      argv[0] === "preview"
        ? {
            stdout: "Previewing update (staging)\n + 3 to create\n",
            events: [summaryEvent({ create: 3, same: 40 })],
          }
        : undefined,
    );
    const lines: string[] = [];
    const result = await engine.preview("staging", {
      policyPacks: ["policies"],
      policyPackConfigs: ["policies/staging.json"],
      onOutput: (l) => lines.push(l),
    });
    const preview = cli.ops()[0];
    expect(preview.slice(0, 5)).toEqual([
      "preview",
      "--policy-pack",
      "policies",
      "--policy-pack-config",
      "policies/staging.json",
    ]);
    expect(preview).toEqual(expect.arrayContaining(["--exec-kind", "auto.local", "--stack", "staging"]));
    expect(preview[preview.indexOf("--event-log") + 1]).toMatch(/eventlog\.txt$/);
    expect(result).toEqual({
      changeSummary: { create: 3, same: 40 },
      stdout: "Previewing update (staging)\n + 3 to create\n",
      policyViolations: [],
    });
    expect(lines.join("")).toContain("3 to create");
  });

  it("returns mandatory policy violations from a preview the CLI failed, ignoring advisory ones", async () => {
    const { engine } = engineWith((argv) =>
      argv[0] === "preview"
        ? {
            code: 255,
            stderr: "error: preview failed: policy violations",
            events: [
              {
                policyEvent: {
                  resourceUrn: "urn:pulumi:staging::slipway::aws:s3/bucket:Bucket::site",
                  message: "Bucket is public. Set blockPublicAccess.\n",
                  color: "never",
                  policyName: "s3-block-public-access",
                  policyPackName: "slipway",
                  policyPackVersion: "0.1.0",
                  policyPackVersionTag: "0.1.0",
                  enforcementLevel: "mandatory",
                },
              },
              {
                policyEvent: {
                  message: "Consider tagging.",
                  color: "never",
                  policyName: "tags-present",
                  policyPackName: "slipway",
                  policyPackVersion: "0.1.0",
                  policyPackVersionTag: "0.1.0",
                  enforcementLevel: "warning",
                },
              },
            ],
          }
        : undefined,
    );
    const result = await engine.preview("production", { policyPacks: ["policies"] });
    expect(result.policyViolations).toEqual([
      {
        policy: "slipway/s3-block-public-access",
        message: "Bucket is public. Set blockPublicAccess.",
        urn: "urn:pulumi:staging::slipway::aws:s3/bucket:Bucket::site",
      },
    ]);
    expect(result.stdout).toContain("policy violations");
  });

  it("a preview that fails for another reason throws the CLI error", async () => {
    const { engine } = engineWith((argv) =>
      argv[0] === "preview" ? { code: 255, stderr: "error: program failed: TypeError" } : undefined,
    );
    await expect(engine.preview("staging")).rejects.toThrow(/program failed/);
  });

  it("up runs without a second preview, then reads outputs (secrets masked) and the summary", async () => {
    const { cli, engine } = engineWith((argv) => {
      if (argv[0] === "up")
        return { stdout: "Updating (staging)\n", events: [summaryEvent({ update: 2, same: 41 })] };
      if (argv[0] === "stack" && argv[1] === "output") {
        const showSecrets = argv.includes("--show-secrets");
        return {
          stdout: JSON.stringify({
            version: "1.5.0",
            dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=slipway-staging",
            signingKey: showSecrets ? "s3cr3t-value" : "[secret]",
          }),
        };
      }
      if (argv[0] === "stack" && argv[1] === "history") return { stdout: HISTORY };
      return undefined;
    });
    const result = await engine.up("staging", { policyPacks: ["policies"] });
    const ops = cli.ops();
    expect(ops[0].slice(0, 5)).toEqual(["up", "--yes", "--skip-preview", "--policy-pack", "policies"]);
    expect(ops.slice(1).map((c) => c.slice(0, 3))).toEqual([
      ["stack", "output", "--json"],
      ["stack", "output", "--json"],
      ["stack", "history", "--json"],
    ]);
    expect(result).toEqual({
      result: "succeeded",
      changeSummary: { update: 2, same: 40 },
      outputs: {
        version: "1.5.0",
        dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=slipway-staging",
        signingKey: "[secret]",
      },
      stdout: "Updating (staging)\n",
    });
    expect(JSON.stringify(result)).not.toContain("s3cr3t-value");
  });

  it("an up the CLI finished is succeeded even when history has no entry yet", async () => {
    const { engine } = engineWith((argv) => {
      if (argv[0] === "stack" && argv[1] === "output") return { stdout: "{}" };
      if (argv[0] === "stack" && argv[1] === "history") return { stdout: "[]" };
      return undefined;
    });
    const result = await engine.up("staging");
    expect(result.result).toBe("succeeded");
    expect(result.changeSummary).toEqual({});
  });

  it("a failed up is a failed result with the CLI output; an aborted one is cancelled", async () => {
    const { engine } = engineWith((argv) =>
      argv[0] === "up"
        ? {
            code: 255,
            stdout: "Updating (staging)\n",
            stderr: "error: update failed: ECS service did not stabilise",
          }
        : undefined,
    );
    const failed = await engine.up("staging");
    expect(failed.result).toBe("failed");
    expect(failed.stdout).toContain("ECS service did not stabilise");
    const controller = new AbortController();
    controller.abort();
    const cancelled = await engine.up("staging", { signal: controller.signal });
    expect(cancelled.result).toBe("cancelled");
  });

  it("SIGINT mid-update: the abort signal reaches the CLI process, the up is reported cancelled", async () => {
    const controller = new AbortController();
    let sawSignal = false;
    const { engine } = engineWith(async (argv, signal) => {
      if (argv[0] !== "up") return undefined;
      sawSignal = signal === controller.signal;
      // The CLI runs until it is interrupted, then exits non-zero (as `pulumi up` does on SIGINT).
      await new Promise<void>((resolve) =>
        signal?.addEventListener("abort", () => resolve(), { once: true }),
      );
      return { code: 255, stdout: "Updating (staging)\n", stderr: "error: update canceled" };
    });
    const pending = engine.up("staging", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const result = await pending;
    expect(sawSignal).toBe(true);
    expect(result.result).toBe("cancelled");
    expect(result.stdout).toContain("update canceled");
  });

  it("a locked stack surfaces as ConcurrentUpdateError, never forced", async () => {
    const { cli, engine } = engineWith((argv) =>
      argv[0] === "up"
        ? {
            code: 255,
            stderr:
              "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file",
          }
        : undefined,
    );
    const err = await engine.up("production").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentUpdateError);
    expect((err as ConcurrentUpdateError).stackName).toBe("production");
    expect((err as Error).message).toMatch(/locked by another update/);
    expect(cli.calls.flat()).not.toContain("--force");
    expect(cli.calls.some((c) => c[0] === "cancel")).toBe(false);
  });

  it("the service backend's 409 is a ConcurrentUpdateError too", async () => {
    const { engine } = engineWith((argv) =>
      argv[0] === "preview"
        ? { code: 255, stderr: "error: [409] Conflict: Another update is currently in progress." }
        : undefined,
    );
    await expect(engine.preview("staging")).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });

  it("refresh preview-only reports drift per resource from the engine events", async () => {
    const urn = "urn:pulumi:production::slipway::aws:ec2/securityGroup:SecurityGroup::api-sg";
    const gone = "urn:pulumi:production::slipway::aws:cloudwatch/metricAlarm:MetricAlarm::api-5xx";
    const { cli, engine } = engineWith((argv) =>
      argv[0] === "refresh"
        ? {
            stdout: "Refreshing (production)\n ~ 1 updated\n - 1 deleted\n 40 unchanged\n",
            events: [
              {
                resourcePreEvent: {
                  metadata: { op: "update", urn, type: "aws:ec2/securityGroup:SecurityGroup", provider: "" },
                },
              },
              {
                resOutputsEvent: {
                  metadata: {
                    op: "update",
                    urn,
                    type: "aws:ec2/securityGroup:SecurityGroup",
                    provider: "",
                    diffs: ["ingress"],
                  },
                },
              },
              {
                resOutputsEvent: {
                  metadata: {
                    op: "delete",
                    urn: gone,
                    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                    provider: "",
                  },
                },
              },
              {
                resOutputsEvent: {
                  metadata: { op: "same", urn: "urn:x::y", type: "aws:s3/bucket:Bucket", provider: "" },
                },
              },
              summaryEvent({ update: 1, delete: 1, same: 40 }),
            ] as Partial<EngineEvent>[],
          }
        : undefined,
    );
    const result = await engine.refresh("production", { previewOnly: true });
    const refresh = cli.ops()[0];
    expect(refresh.slice(0, 2)).toEqual(["refresh", "--preview-only"]);
    expect(refresh).not.toContain("--yes");
    expect(refresh).not.toContain("--skip-preview");
    // previewRefresh does not read history (it would report the last update's counts).
    expect(cli.ops().some((c) => c[1] === "history")).toBe(false);
    expect(result.drifted).toBe(true);
    expect(result.changeSummary).toEqual({ update: 1, delete: 1, same: 40 });
    expect(result.changes).toEqual([
      { urn: gone, type: "aws:cloudwatch/metricAlarm:MetricAlarm", op: "delete" },
      { urn, type: "aws:ec2/securityGroup:SecurityGroup", op: "update", diffs: ["ingress"] },
    ]);
  });

  it("refresh preview-only on a clean stack is not drift", async () => {
    const { engine } = engineWith((argv) =>
      argv[0] === "refresh" ? { stdout: " 42 unchanged\n", events: [summaryEvent({ same: 42 })] } : undefined,
    );
    const result = await engine.refresh("staging", { previewOnly: true });
    expect(result).toEqual({
      changeSummary: { same: 42 },
      drifted: false,
      stdout: " 42 unchanged\n",
      changes: [],
    });
  });

  it("a real refresh writes state (--yes --skip-preview)", async () => {
    const { cli, engine } = engineWith((argv) => {
      if (argv[0] === "refresh") return { events: [summaryEvent({ same: 42 })] };
      if (argv[1] === "history") return { stdout: HISTORY };
      return undefined;
    });
    const result = await engine.refresh("staging");
    expect(cli.ops()[0].slice(0, 3)).toEqual(["refresh", "--skip-preview", "--yes"]);
    expect(result.drifted).toBe(false);
  });

  it("parses history (page size, secrets not shown) for redeploying a previous version", async () => {
    const { cli, engine } = engineWith((argv) => (argv[1] === "history" ? { stdout: HISTORY } : undefined));
    const history = await engine.history("production", 5);
    expect(cli.ops()[0]).toEqual([
      "stack",
      "history",
      "--json",
      "--page-size",
      "5",
      "--page",
      "1",
      "--stack",
      "production",
      "--non-interactive",
    ]);
    expect(history).toEqual([
      {
        version: 7,
        kind: "update",
        result: "succeeded",
        startTime: "2026-11-27T10:00:00.000Z",
        endTime: "2026-11-27T10:04:30.000Z",
        config: {
          "slipway:release": { value: '{"version":"1.4.0","activeColour":"green"}' },
          "slipway:alertEmail": { value: "[secret]", secret: true },
        },
      },
    ]);
  });

  it("exports, imports, cancels and reads outputs with the exact CLI calls", async () => {
    const state = { version: 3, deployment: { manifest: { time: "2026-11-27T10:00:00Z" }, resources: [] } };
    const { cli, engine } = engineWith((argv) => {
      if (argv[0] === "stack" && argv[1] === "export") return { stdout: JSON.stringify(state) };
      if (argv[0] === "stack" && argv[1] === "output")
        return { stdout: JSON.stringify({ version: "1.5.0" }) };
      return undefined;
    });
    expect(await engine.exportState("staging")).toEqual(state);
    await engine.importState("staging", state);
    await engine.cancel("staging");
    expect(await engine.outputs("staging")).toEqual({ version: "1.5.0" });
    const ops = cli.ops();
    expect(ops[0]).toEqual(["stack", "export", "--show-secrets", "--stack", "staging", "--non-interactive"]);
    expect(ops[1].slice(0, 3)).toEqual(["stack", "import", "--file"]);
    expect(ops[1].slice(4)).toEqual(["--stack", "staging", "--non-interactive"]);
    expect(ops[2][0]).toBe("cancel");
    expect(ops[2]).toEqual(expect.arrayContaining(["--yes", "staging"]));
    expect(ops[3]).toEqual(["stack", "output", "--json", "--stack", "staging", "--non-interactive"]);
  });

  it("hasChanges ignores unchanged resources", () => {
    expect(hasChanges({ same: 10 })).toBe(false);
    expect(hasChanges({ same: 10, update: 0 })).toBe(false);
    expect(hasChanges({ same: 10, delete: 1 })).toBe(true);
  });
});

describe("no pulumi CLI", () => {
  it("findPulumiCli searches PATH and the install roots without running anything", () => {
    const empty = mkdtempSync(join(tmpdir(), "slipway-nocli-"));
    const found = findPulumiCli({ PATH: `${empty}/a:${empty}/b`, HOME: empty });
    expect(found.path).toBeUndefined();
    expect(found.searched).toEqual([`${empty}/a/pulumi`, `${empty}/b/pulumi`, `${empty}/.pulumi/bin/pulumi`]);
  });

  it("findPulumiCli finds an executable on PATH or under ~/.pulumi/bin, not a plain file", () => {
    const root = mkdtempSync(join(tmpdir(), "slipway-cli-"));
    mkdirSync(join(root, "bin"));
    writeFileSync(join(root, "bin", "pulumi"), "#!/bin/sh\n");
    expect(findPulumiCli({ PATH: join(root, "bin"), HOME: root }).path).toBeUndefined();
    chmodSync(join(root, "bin", "pulumi"), 0o755);
    expect(findPulumiCli({ PATH: join(root, "bin"), HOME: root }).path).toBe(join(root, "bin", "pulumi"));
    mkdirSync(join(root, ".pulumi", "bin"), { recursive: true });
    writeFileSync(join(root, ".pulumi", "bin", "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    expect(findPulumiCli({ PATH: "", HOME: root })).toMatchObject({
      path: join(root, ".pulumi", "bin", "pulumi"),
      root: join(root, ".pulumi"),
    });
  });

  it("the engine fails its first operation with PulumiCliNotFoundError, before running anything", async () => {
    const empty = mkdtempSync(join(tmpdir(), "slipway-nocli-"));
    const engine = createPulumiEngine({ workDir: empty, env: { PATH: join(empty, "bin"), HOME: empty } });
    const err = await engine.preview("staging").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PulumiCliNotFoundError);
    expect((err as Error).message).toMatch(/pulumi CLI was not found/);
  });
});
