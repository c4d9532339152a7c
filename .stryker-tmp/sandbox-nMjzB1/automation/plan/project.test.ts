/**
 * The plan of this project's own program and policy pack on the bundled example release: the offline
 * main job end to end, in one process, twice (it must be deterministic).
 */
// @ts-nocheck

import { mermaidProblems } from "../diagram/mermaid-check";
import { createPlan, validatePlan } from "./plan";
import type { DeploymentPlan } from "./types";

const NOW = () => new Date("2026-01-01T00:00:00.000Z");

describe("npm run plan on the bundled example (this project's program and policies)", () => {
  let first: DeploymentPlan;
  let markdown: string;

  beforeAll(async () => {
    const r = await createPlan({ write: false, now: NOW });
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

  test("the plan is deterministic", async () => {
    const again = await createPlan({ write: false, now: NOW });
    expect(JSON.stringify(again.plan)).toBe(JSON.stringify(first));
    expect(again.markdown).toBe(markdown);
  }, 120000);
});
