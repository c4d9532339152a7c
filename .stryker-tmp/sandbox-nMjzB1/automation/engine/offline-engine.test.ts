// @ts-nocheck
import { join } from "node:path";
import { changeSummary, createOfflineEngine } from "./offline-engine";
import type { CapturedResource } from "./types";

const TINY = join(__dirname, "__fixtures__", "tiny");
const PACK = join(__dirname, "..", "policy", "__fixtures__", "pack");
const clock = () => new Date("2026-01-01T00:00:00.000Z");

describe("the offline Engine", () => {
  test("config comes from the stack file and setConfig overrides it", async () => {
    const engine = createOfflineEngine({ programDir: TINY, now: clock });
    await engine.selectStack("production");
    expect(await engine.getConfig("production")).toEqual({
      "aws:region": { value: "us-east-1" },
      "tiny:environmentType": { value: "production" },
      "tiny:retentionDays": { value: "30" },
    });
    await engine.setConfig("production", { "tiny:retentionDays": { value: "60" } });
    expect((await engine.getConfig("production"))["tiny:retentionDays"]).toEqual({ value: "60" });
  });

  test("preview, up, a config change, history, outputs", async () => {
    const engine = createOfflineEngine({ programDir: TINY, now: clock });
    expect((await engine.preview("production")).changeSummary).toEqual({ create: 7 });
    const up = await engine.up("production");
    expect(up.result).toBe("succeeded");
    expect(up.outputs.url).toBe("http://alb-1234567890.us-east-1.elb.amazonaws.com");
    expect((await engine.preview("production")).changeSummary).toEqual({ same: 7 });
    await engine.setConfig("production", { "tiny:retentionDays": { value: "60" } });
    expect((await engine.preview("production")).changeSummary).toEqual({ update: 1, same: 6 });
    await engine.up("production");
    const history = await engine.history("production");
    expect(history.map((h) => [h.version, h.result])).toEqual([
      [2, "succeeded"],
      [1, "succeeded"],
    ]);
    expect(history[0].config["tiny:retentionDays"]).toEqual({ value: "60" });
    expect(await engine.history("production", 1)).toHaveLength(1);
    expect((await engine.outputs("production")).environment).toBe("production");
    expect(await engine.refresh("production")).toMatchObject({ drifted: false, changeSummary: { same: 7 } });
  });

  test("mandatory violations of the policy packs fail the update and keep the deployed state", async () => {
    const engine = createOfflineEngine({ programDir: TINY, now: clock });
    const preview = await engine.preview("staging", { policyPacks: [PACK] });
    expect(preview.policyViolations.map((v) => v.policy).sort()).toEqual([
      "cloudwatch-log-retention-minimum",
      "secret-has-rotation",
    ]);
    const up = await engine.up("staging", { policyPacks: [PACK] });
    expect(up.result).toBe("failed");
    expect(await engine.outputs("staging")).toEqual({});
    expect((await engine.history("staging"))[0].result).toBe("failed");
  });

  test("export and import state between engines", async () => {
    const a = createOfflineEngine({ programDir: TINY, now: clock });
    await a.up("production");
    const state = await a.exportState("production");
    const b = createOfflineEngine({ programDir: TINY, now: clock });
    await b.importState("production", state);
    expect(await b.outputs("production")).toEqual(await a.outputs("production"));
    expect((await b.preview("production")).changeSummary).toEqual({ same: 7 });
    await expect(b.importState("production", { nope: true })).rejects.toThrow(/not an offline engine state/);
  });
});

test("changeSummary counts creates, updates, deletes and unchanged resources", () => {
  const r = (urn: string, inputs: Record<string, unknown>): CapturedResource => ({
    type: "t",
    name: urn,
    urn,
    custom: true,
    inputs,
    outputs: {},
    secretPaths: [],
    dependencies: [],
  });
  expect(
    changeSummary([r("a", { x: 1 }), r("b", {}), r("c", {})], [r("a", { x: 2 }), r("b", {}), r("d", {})]),
  ).toEqual({
    create: 1,
    update: 1,
    delete: 1,
    same: 1,
  });
  expect(changeSummary(undefined, [])).toEqual({});
});
