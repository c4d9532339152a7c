// @ts-nocheck
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDrift } from "../cli/drift";
import { ExitCode, InputError } from "../../lib/errors";
import {
  ConcurrentUpdateError,
  PulumiCliNotFoundError,
  type Engine,
  type RefreshResult,
  type UpdateHistoryEntry,
} from "../engine/types";
import * as automationCmd from "@pulumi/pulumi/automation/cmd";
import * as automationErrors from "@pulumi/pulumi/automation/errors";
import { StackNotFoundError } from "../engine/pulumi";
import { checkDrift, formatDriftSummary } from "./drift";

/** The Automation API's own error for `stack select` of a missing stack (internal constructors). */
function stackNotFound(stack: string): Error {
  const { CommandResult } = automationCmd as unknown as {
    CommandResult: new (stdout: string, stderr: string, code: number) => object;
  };
  const { createCommandError } = automationErrors as unknown as { createCommandError(r: object): Error };
  return createCommandError(new CommandResult("", `error: no stack named '${stack}' found`, 255));
}

const DEPLOYED: UpdateHistoryEntry[] = [
  { version: 3, kind: "update", result: "succeeded", startTime: "2026-11-27T10:00:00.000Z", config: {} },
];

/** Engine double: records calls, answers refresh/history from the given values or throws. */
function engineDouble(refresh: RefreshResult | Error, history: UpdateHistoryEntry[] | Error = DEPLOYED) {
  const calls: { op: string; stack: string; opts?: unknown }[] = [];
  const unexpected = (op: string) => async () => {
    throw new Error(`drift must not call ${op}`);
  };
  const engine: Engine = {
    selectStack: unexpected("selectStack"),
    getConfig: unexpected("getConfig"),
    setConfig: unexpected("setConfig"),
    preview: unexpected("preview"),
    up: unexpected("up"),
    exportState: unexpected("exportState"),
    importState: unexpected("importState"),
    cancel: unexpected("cancel"),
    outputs: unexpected("outputs"),
    async history(stack, limit) {
      calls.push({ op: "history", stack, opts: limit });
      if (history instanceof Error) throw history;
      return history;
    },
    async refresh(stack, opts) {
      calls.push({ op: "refresh", stack, opts: { previewOnly: opts?.previewOnly } });
      if (refresh instanceof Error) throw refresh;
      return refresh;
    },
  };
  return { engine, calls };
}

const SG = "urn:pulumi:production::slipway::aws:ec2/securityGroup:SecurityGroup::api-sg";
const ALARM = "urn:pulumi:production::slipway::aws:cloudwatch/metricAlarm:MetricAlarm::api-5xx";
const DRIFTED: RefreshResult = {
  changeSummary: { same: 40, update: 1, delete: 1 },
  drifted: true,
  stdout: "",
  changes: [
    { urn: ALARM, type: "aws:cloudwatch/metricAlarm:MetricAlarm", op: "delete" },
    { urn: SG, type: "aws:ec2/securityGroup:SecurityGroup", op: "update", diffs: ["ingress"] },
  ],
};
const CLEAN: RefreshResult = { changeSummary: { same: 42 }, drifted: false, stdout: "", changes: [] };
const now = () => new Date("2026-11-28T03:00:00.000Z");

describe("checkDrift", () => {
  it("runs a preview-only refresh (never a writing refresh) and reports the drifted resources", async () => {
    const { engine, calls } = engineDouble(DRIFTED);
    const report = await checkDrift({ engine, stack: "production", now });
    expect(calls).toEqual([
      { op: "history", stack: "production", opts: 1 },
      { op: "refresh", stack: "production", opts: { previewOnly: true } },
    ]);
    expect(report).toEqual({
      stack: "production",
      checkedAt: "2026-11-28T03:00:00.000Z",
      drifted: true,
      changeSummary: { same: 40, update: 1, delete: 1 },
      changes: DRIFTED.changes,
      resourcesChecked: 42,
    });
    const summary = formatDriftSummary(report);
    expect(summary).toContain("Drift detected on stack production");
    expect(summary).toContain("delete 1, same 40, update 1");
    expect(summary).toContain(
      "| api-sg | `aws:ec2/securityGroup:SecurityGroup` | changed outside Pulumi | ingress |",
    );
    expect(summary).toContain("| api-5xx | `aws:cloudwatch/metricAlarm:MetricAlarm` | missing in AWS | - |");
  });

  it("a clean stack reports no drift", async () => {
    const { engine } = engineDouble(CLEAN);
    const report = await checkDrift({ engine, stack: "staging", now });
    expect(report.drifted).toBe(false);
    expect(formatDriftSummary(report)).toBe(
      "No drift on stack staging: 42 resources match AWS (2026-11-28T03:00:00.000Z).",
    );
  });

  it("rejects a bad stack name before calling the engine", async () => {
    const { engine, calls } = engineDouble(CLEAN);
    await expect(checkDrift({ engine, stack: "prod; rm -rf /" })).rejects.toBeInstanceOf(InputError);
    expect(calls).toEqual([]);
  });

  it("a never-deployed stack is bad input, not a clean result", async () => {
    const { engine, calls } = engineDouble(CLEAN, []);
    await expect(checkDrift({ engine, stack: "staging" })).rejects.toThrow(/no deployment history/);
    expect(calls.map((c) => c.op)).toEqual(["history"]);
  });
});

describe("npm run drift (runDrift)", () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
  }

  it("exits 1 on drift and writes the JSON and Markdown summary atomically", async () => {
    const { engine } = engineDouble(DRIFTED);
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), "slipway-drift-"));
    const code = await runDrift({
      stack: "production",
      engine,
      out: dir,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    expect(code).toBe(ExitCode.failed);
    expect(io.out.join("\n")).toContain("Drift detected on stack production");
    const json = JSON.parse(readFileSync(join(dir, "drift-production.json"), "utf8"));
    expect(json.drifted).toBe(true);
    expect(json.changes).toHaveLength(2);
    expect(readFileSync(join(dir, "drift-production.md"), "utf8")).toContain("api-sg");
  });

  it("exits 0 when clean", async () => {
    const { engine } = engineDouble(CLEAN);
    const io = capture();
    expect(await runDrift({ stack: "staging", engine, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.ok,
    );
    expect(io.err).toEqual([]);
  });

  it("exits 2 on a bad stack name, 3 without a Pulumi CLI, 1 when the stack is locked or the check fails", async () => {
    const io = capture();
    expect(
      await runDrift({
        stack: "../etc",
        engine: engineDouble(CLEAN).engine,
        stdout: io.stdout,
        stderr: io.stderr,
      }),
    ).toBe(ExitCode.badInput);
    expect(io.err.at(-1)).toMatch(/not a valid stack name/);
    const noCli = engineDouble(new PulumiCliNotFoundError(["/usr/bin/pulumi"])).engine;
    expect(await runDrift({ stack: "staging", engine: noCli, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.blocked,
    );
    expect(io.err.at(-1)).toMatch(/pulumi CLI was not found/);
    const locked = engineDouble(new ConcurrentUpdateError("staging")).engine;
    expect(await runDrift({ stack: "staging", engine: locked, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.failed,
    );
    expect(io.err.at(-1)).toMatch(/locked by another update/);
    const missing = engineDouble(CLEAN, stackNotFound("prod")).engine;
    expect(stackNotFound("prod")).toBeInstanceOf(StackNotFoundError);
    expect(await runDrift({ stack: "prod", engine: missing, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.badInput,
    );
    expect(io.err.at(-1)).toMatch(/stack prod does not exist in this backend/);
    const broken = engineDouble(new Error("provider credentials expired")).engine;
    expect(await runDrift({ stack: "staging", engine: broken, stdout: io.stdout, stderr: io.stderr })).toBe(
      ExitCode.failed,
    );
    expect(io.err.at(-1)).toMatch(/the check failed: provider credentials expired/);
  });
});
