import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chooseRollbackTarget, rollback } from "./rollback";
import { REPORT_PATH, SIGNAL_PATH } from "../report/types";
import { deploy } from "./deploy";
import { ConcurrentUpdateError } from "../engine/types";
import { serialiseReleaseState, type ReleaseState } from "./strategy";
import { pipelineFixture, type PipelineFixture } from "../../test/harness/pipeline";

let fx: PipelineFixture;
afterEach(async () => {
  await fx?.close();
});

const entry = (version: number, result: string, s: ReleaseState) => ({
  version,
  result,
  config: { "slipway:release": { value: serialiseReleaseState(s) } },
});

describe("chooseRollbackTarget", () => {
  const onGreen: ReleaseState = {
    version: "1.4.0",
    activeColour: "green",
    idleVersion: "1.3.0",
    idleWeight: 0,
  };
  const history = [
    entry(5, "failed", { version: "1.5.0", activeColour: "blue", idleWeight: 0 }),
    entry(4, "succeeded", { version: "1.4.0", activeColour: "blue", idleWeight: 0 }),
    entry(3, "succeeded", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }),
    entry(2, "succeeded", { version: "1.2.0", activeColour: "blue", idleWeight: 0 }),
  ];
  it.each<[string, Parameters<typeof chooseRollbackTarget>, string | undefined]>([
    [
      "two colours: immediate switch to the idle colour",
      ["blue_green", onGreen, history],
      "immediate blue:1.3.0/1.4.0",
    ],
    [
      "two colours, older version: redeploy from history",
      ["canary", onGreen, history, "1.2.0"],
      "redeploy blue:1.2.0/-",
    ],
    [
      "rolling: newest different succeeded version",
      ["rolling", { version: "1.4.0", activeColour: "blue", idleWeight: 0 }, history],
      "redeploy blue:1.3.0/-",
    ],
    [
      "failed updates are never a target",
      ["rolling", { version: "1.4.0", activeColour: "blue", idleWeight: 0 }, history, "1.5.0"],
      undefined,
    ],
    ["no history", ["direct", { version: "1.4.0", activeColour: "blue", idleWeight: 0 }, []], undefined],
  ])("%s", (_n, args, expected) => {
    const t = chooseRollbackTarget(...args);
    expect(t && `${t.kind} ${t.state.activeColour}:${t.state.version}/${t.state.idleVersion ?? "-"}`).toBe(
      expected,
    );
  });
});

describe("rollback", () => {
  it("an immediate switch whose preview changes more than routing stops before any update, unless explicitly allowed", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    expect((await deploy(fx.options({ bakeMinutes: 1 }))).exitCode).toBe(0);
    const changes = [
      {
        urn: "urn:pulumi:production::taskflow::aws:lb/listenerRule:ListenerRule::api-forward",
        type: "aws:lb/listenerRule:ListenerRule",
        op: "update",
      },
      {
        urn: "urn:pulumi:production::taskflow::aws:rds/instance:Instance::db",
        type: "aws:rds/instance:Instance",
        op: "update",
      },
    ];
    fx.engine.fail({ method: "preview", stack: "production", changes });
    const before = fx.engine.calls.length;
    const r = await rollback({ ...fx.options(), stack: "production" });
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments[0].failure).toMatch(
      /^an immediate switch must change only the traffic routing, but this checkout would also change: update aws:rds\/instance:Instance db\./,
    );
    expect(fx.engine.calls.slice(before).map((c) => c.method)).not.toContain("up");
    const allowed = await rollback({ ...fx.options(), stack: "production", allowNonRoutingChanges: true });
    expect([allowed.status, allowed.exitCode]).toEqual(["rolled_back", 0]);
    expect(fx.logs.map((l) => l.message)).toContainEqual(
      expect.stringMatching(
        /the switch also changes: update aws:rds\/instance:Instance db \(allowed by --allow-non-routing-changes\)/,
      ),
    );
  });

  it("blue_green production: immediate switch back to the colour that still runs the old version", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    expect((await deploy(fx.options({ bakeMinutes: 1 }))).exitCode).toBe(0);
    const before = fx.engine.calls.length;
    const r = await rollback({ ...fx.options(), stack: "production" });
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 0]);
    expect(fx.engine.calls.slice(before).map((c) => `${c.method} ${c.stack}`)).toEqual([
      "selectStack production",
      "outputs production",
      "history production",
      "setConfig production",
      "preview production", // proves the switch changes only routing
      "up production",
    ]);
    expect(fx.releaseConfigs("production").at(-1)).toEqual({
      version: "1.3.0",
      activeColour: "blue",
      idleVersion: "1.4.0",
      idleWeight: 0,
    });
    expect(r.environments[0].rollback).toEqual({ kind: "immediate", toVersion: "1.3.0", succeeded: true });
    const { report, signal } = fx.written();
    expect(report).toMatchObject({
      deployment_summary: { environment: "production", status: "rolled_back" },
      smoke_tests: { status: "passed" },
    });
    expect((report!.services_deployed as { version: string }[])[0].version).toBe("1.3.0");
    expect(signal).toMatchObject({ status: "failed", next_agent_required: "orchestrator" });
    expect((signal.blocking_issues as { description: string }[])[0].description).toBe(
      "Deployment of 1.4.0 to production was rolled back to 1.3.0: rolled back on operator request (npm run rollback -- --stack production)",
    );
  });

  it("rolling: redeploys the version from the stack history", async () => {
    fx = await pipelineFixture({
      strategy: "rolling",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    expect((await deploy(fx.options({ stack: "staging", bakeMinutes: 1 }))).exitCode).toBe(0);
    const r = await rollback({ ...fx.options(), stack: "staging", toVersion: "1.3.0" });
    expect(r.exitCode).toBe(0);
    expect(r.environments[0].rollback).toEqual({ kind: "redeploy", toVersion: "1.3.0", succeeded: true });
    expect(fx.releaseConfigs("staging").at(-1)).toEqual({
      version: "1.3.0",
      activeColour: "blue",
      idleWeight: 0,
    });
    fx.written();
  });

  it("a version the stack never ran is bad input, nothing changes", async () => {
    fx = await pipelineFixture({
      strategy: "rolling",
      previous: { version: "1.3.0", activeColour: "blue", idleWeight: 0 },
    });
    await expect(rollback({ ...fx.options(), stack: "staging", toVersion: "0.9.0" })).rejects.toThrow(
      /no successful update of staging ran 0\.9\.0/,
    );
    expect(fx.engine.mutatingCalls("staging")).toEqual([]);
  });

  it("failed smoke after the rollback: exit 1, report failed", async () => {
    fx = await pipelineFixture({
      strategy: "blue_green",
      previous: { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
      app: (ctx, res) => {
        if (ctx.version !== "1.3.0") return false;
        res.writeHead(502).end();
        return true;
      },
    });
    const r = await rollback({ ...fx.options(), stack: "production" });
    expect([r.status, r.exitCode]).toEqual(["failed", 1]);
    expect(r.environments[0].rollback?.succeeded).toBe(false);
    const { report } = fx.written();
    expect(report).toMatchObject({
      deployment_summary: { status: "failed" },
      smoke_tests: { status: "failed" },
    });
  });

  it.each([
    [
      "the backend cannot be reached",
      "selectStack",
      new Error("error: could not log in to s3://state: AccessDenied"),
    ],
    ["the stack is locked", "history", new ConcurrentUpdateError("production")],
  ] as const)(
    "%s: nothing changes, exit 1, the failed report and signal are still written",
    async (_what, method, error) => {
      fx = await pipelineFixture({ strategy: "blue_green" });
      fx.engine.fail({ method, stack: "production", error });
      const r = await rollback({ ...fx.options(), stack: "production" });
      expect([r.status, r.exitCode]).toEqual(["failed", 1]);
      // A lock is waited for (every 30 s for 10 min by default: 21 attempts), never forced; other errors are not.
      expect(fx.engine.calls.map((c) => `${c.method} ${c.stack}`)).toEqual(
        method === "selectStack"
          ? ["selectStack production"]
          : Array.from({ length: 21 }, () => [
              "selectStack production",
              "outputs production",
              "history production",
            ]).flat(),
      );
      expect(fx.engine.mutatingCalls("production")).toEqual([]);
      expect(r.environments[0].failure).toMatch(
        /^rollback of production did not start, nothing was changed: /,
      );
      expect(r.environments[0].locked).toBe(method === "history" ? true : undefined);
      const { report, signal } = fx.written();
      expect(report).toMatchObject({ deployment_summary: { environment: "production", status: "failed" } });
      expect(signal).toMatchObject({ status: "failed", next_agent_required: "orchestrator" });
      expect((signal.blocking_issues as { description: string }[])[0].description).toContain(
        "rollback of production did not start",
      );
    },
  );

  it("a lock still held by a cancelled deploy is waited for: the rollback goes ahead once it is free", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    await deploy(fx.options({ stack: "staging" }));
    const ups = fx.engine.calls.filter((c) => c.method === "up").length;
    fx.engine.calls.length = 0;
    const lock = new ConcurrentUpdateError("staging");
    fx.engine.fail({ method: "history", stack: "staging", nth: 1, error: lock });
    fx.engine.fail({ method: "up", stack: "staging", nth: ups + 1, error: lock });
    const r = await rollback({ ...fx.options(), stack: "staging" });
    expect([r.status, r.exitCode]).toEqual(["rolled_back", 0]);
    expect(fx.engine.calls.filter((c) => c.method === "history" || c.method === "up")).toHaveLength(4);
    expect(
      fx.logs.filter((l) => l.message.startsWith("stack staging is locked by another update")),
    ).toHaveLength(2);
  });

  it("no Pulumi CLI: blocked before any engine call, nothing written", async () => {
    fx = await pipelineFixture();
    const r = await rollback({
      ...fx.options(),
      stack: "production",
      facts: { pulumiCli: false, awsCredentials: true },
    });
    expect([r.status, r.exitCode]).toEqual(["blocked", 3]);
    expect(r.gateIssues.filter((g) => g.blocking).map((g) => g.gate)).toEqual(["tooling"]);
    expect(r.gateIssues.find((g) => g.blocking)?.description).toMatch(/Pulumi CLI/);
    expect([r.signal, r.signalPath, r.report, r.reportPath]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(fx.engine.calls).toEqual([]);
    expect(existsSync(join(fx.root, SIGNAL_PATH))).toBe(false);
    expect(existsSync(join(fx.root, REPORT_PATH))).toBe(false);
  });

  it("blocked (no AWS credentials): the completed signal of the last deployment is left byte-identical", async () => {
    fx = await pipelineFixture({ strategy: "blue_green" });
    expect((await deploy(fx.options({ bakeMinutes: 1 }))).exitCode).toBe(0);
    expect(fx.written().signal.status).toMatch(/^completed/);
    const signalBefore = readFileSync(join(fx.root, SIGNAL_PATH));
    const reportBefore = readFileSync(join(fx.root, REPORT_PATH));
    const calls = fx.engine.calls.length;
    const r = await rollback({
      ...fx.options(),
      stack: "production",
      facts: { pulumiCli: true, awsCredentials: false },
    });
    expect([r.status, r.exitCode, r.signalPath]).toEqual(["blocked", 3, undefined]);
    expect(fx.engine.calls.length).toBe(calls);
    expect(readFileSync(join(fx.root, SIGNAL_PATH)).equals(signalBefore)).toBe(true);
    expect(readFileSync(join(fx.root, REPORT_PATH)).equals(reportBefore)).toBe(true);
  });
});
