/**
 * The plan of this project's own program and policy pack on the bundled example release: the offline
 * main job end to end, in one process, twice: the plans written at two injected times are
 * byte-identical apart from the one timestamp field (no random names or ordering in the plan, the
 * diagrams or the cost tables).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mermaidProblems } from "../diagram/mermaid-check";
import { createPlan, PLAN_JSON, PLAN_MD, validatePlan } from "./plan";
import type { DeploymentPlan } from "./types";

const NOW = () => new Date("2026-01-01T00:00:00.000Z");

describe("npm run plan on the bundled example (this project's program and policies)", () => {
  let first: DeploymentPlan;
  let markdown: string;

  const dirs = [
    mkdtempSync(join(tmpdir(), "slipway-plan-a-")),
    mkdtempSync(join(tmpdir(), "slipway-plan-b-")),
  ];

  beforeAll(async () => {
    const r = await createPlan({ outDir: dirs[0], now: NOW });
    first = r.plan;
    markdown = r.markdown;
  }, 120000);

  test("both stacks are planned and the document validates against the schema", () => {
    expect(validatePlan(first)).toEqual([]);
    expect(first.stacks.map((s) => [s.stack, s.environmentType])).toEqual([
      ["staging", "staging"],
      ["production", "production"],
    ]);
    for (const s of first.stacks) {
      expect(s.resourceCount).toBeGreaterThan(50);
      expect(s.policy.policies).toBeGreaterThan(10);
      expect(s.cost.regionPriced).toBe(true);
      expect(s.cost.monthlyUsd).toBeGreaterThan(0);
      expect(s.diagram).toContain("subgraph");
      expect(mermaidProblems(s.diagram)).toEqual([]);
      expect(markdown).toContain(`\`\`\`mermaid\n${s.diagram.trimEnd()}\n\`\`\``);
      // Every violation blames a resource of the stack (or the stack itself).
      const urns = new Set(s.resources.map((r) => r.urn));
      for (const v of s.policy.violations) {
        expect(urns.has(v.resource.urn) || v.resource.type === "pulumi:pulumi:Stack").toBe(true);
      }
    }
    expect(first.summary.monthlyUsd.production).toBeGreaterThan(first.summary.monthlyUsd.staging);
  });

  test("secret values never appear: secret inputs are shown as [secret]", () => {
    const secretSettings = first.stacks.flatMap((s) =>
      s.resources.flatMap((r) => Object.entries(r.settings).filter(([, v]) => v === "[secret]")),
    );
    expect(secretSettings.length).toBeGreaterThan(0);
    expect(markdown).toContain("```mermaid");
  });

  test("the plan is deterministic: two runs write the same bytes apart from the generatedAt timestamp", async () => {
    // A second run in the same process (modules and caches warm), at another injected time.
    const later = () => new Date("2026-06-30T12:34:56.789Z");
    await createPlan({ outDir: dirs[1], now: later });
    const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
    const [json1, json2] = dirs.map((d) => read(d, PLAN_JSON));
    const [md1, md2] = dirs.map((d) => read(d, PLAN_MD));
    expect(json1).toContain(`"generatedAt": "${NOW().toISOString()}"`);
    expect(json2).toContain(`"generatedAt": "${later().toISOString()}"`);
    expect(md2).toContain(later().toISOString());
    // The timestamp is the only difference, in both files.
    expect(json2.split(later().toISOString()).join(NOW().toISOString())).toBe(json1);
    expect(md2.split(later().toISOString()).join(NOW().toISOString())).toBe(md1);
    expect(json1.split(NOW().toISOString())).toHaveLength(2); // exactly one timestamp field
    // And what the first run returned in memory is what was written.
    expect(JSON.parse(json1)).toEqual(first);
    expect(md1).toBe(markdown);
  }, 120000);
});
