/**
 * A plan a reviewer reads in one screen: for a generated 10-service release (both stacks, compared with
 * the 2-service example's plan, so the diff is large) `deployment-plan.md` fits one GitHub comment by
 * design, with every code block whole, the summary first, the diff before the cost, no local path.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { releaseWithServices } from "../../bench/plan.bench";
import { COMMENT_LIMIT } from "./markdown";
import { createPlan } from "./plan";

test("a 10-service release's plan fits one comment, whole blocks only", async () => {
  const now = () => new Date("2026-01-01T00:00:00Z");
  const base = await createPlan({ write: false, now });
  const dir = mkdtempSync(join(tmpdir(), "slipway-size-"));
  writeFileSync(join(dir, "base.json"), JSON.stringify(base.plan));
  const root = releaseWithServices(10);
  const { plan, markdown } = await createPlan({
    artifactsDir: root,
    compare: join(dir, "base.json"),
    write: false,
    now,
  });
  expect(plan.release.services).toHaveLength(10);
  expect(plan.stacks.every((s) => (s.diff?.added.length ?? 0) > 50)).toBe(true);
  expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  // Every fenced block is closed: never cut inside one.
  const fences = markdown.split("\n").filter((l) => l.startsWith("```"));
  expect(fences.length % 2).toBe(0);
  fences.forEach((f, i) => expect(f === "```").toBe(i % 2 === 1));
  expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  // The summary first, then the request path; per stack the diff before the cost.
  expect(markdown.indexOf("**Gates:**")).toBeLessThan(markdown.indexOf("## Request path"));
  for (const s of plan.stacks) {
    const at = markdown.indexOf(`### ${s.stack} (`);
    expect(at).toBeGreaterThan(0);
    expect(markdown.indexOf("Changes against", at)).toBeLessThan(markdown.indexOf("Estimated cost", at));
  }
  // The request path names every service component.
  expect(markdown).toContain("taskflow-production-svc10");
  expect(markdown).not.toContain(root);
  expect(markdown).not.toContain(tmpdir());
}, 600_000);
