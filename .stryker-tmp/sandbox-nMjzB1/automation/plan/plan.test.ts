// @ts-nocheck
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../lib/errors";
import { createPlan, DEFAULT_ARTIFACTS_DIR, PLAN_JSON, PLAN_MD, validatePlan } from "./plan";
import type { DeploymentPlan } from "./types";

const PROGRAM = join(__dirname, "..", "engine", "__fixtures__", "tiny");
const PACK = join(__dirname, "..", "policy", "__fixtures__", "pack");
const NOW = () => new Date("2026-01-02T03:04:05.000Z");

describe("createPlan on the bundled release with the tiny program", () => {
  const out = mkdtempSync(join(tmpdir(), "slipway-plan-"));
  let plan: DeploymentPlan;
  let markdown: string;

  beforeAll(async () => {
    const result = await createPlan({ programDir: PROGRAM, policyPackDir: PACK, outDir: out, now: NOW });
    plan = result.plan;
    markdown = result.markdown;
    expect(result.files).toEqual([join(out, PLAN_JSON), join(out, PLAN_MD)]);
  });

  test("writes a plan that validates against the schema, for both stacks", () => {
    const written = JSON.parse(readFileSync(join(out, PLAN_JSON), "utf8")) as DeploymentPlan;
    expect(validatePlan(written)).toEqual([]);
    expect(written).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(plan.generatedAt).toBe("2026-01-02T03:04:05.000Z");
    expect(plan.stacks.map((s) => [s.stack, s.environmentType, s.region])).toEqual([
      ["staging", "staging", "eu-central-1"],
      ["production", "production", "us-east-1"],
    ]);
    expect(plan.release.projectId).toBe("taskflow");
    expect(plan.release.version).toBe("1.4.0");
  });

  test("per stack: resources with settings, outputs redacted, policy results and cost", () => {
    const staging = plan.stacks[0];
    expect(staging.resourceCount).toBe(7);
    const logs = staging.resources.find((r) => r.name === "site-logs");
    expect(logs?.settings).toEqual({ retentionInDays: 7 });
    const version = staging.resources.find((r) => r.name === "db-v1");
    expect(version?.settings.secretString).toBe("[secret]");
    expect(staging.outputs.dbSecretValue).toBe("[secret]");
    expect(JSON.stringify(plan)).not.toContain("generated-only-for-tests");
    expect(staging.policy).toMatchObject({ pack: "tiny-pack", mandatory: 2, advisory: 1 });
    // ALB 0.027/h in eu-central-1 + one secret.
    expect(staging.cost.monthlyUsd).toBeCloseTo(0.027 * 730 + 0.4, 2);
    expect(plan.summary.monthlyUsd.production).toBeCloseTo(0.0225 * 730 + 0.4, 2);
    expect(plan.summary.mandatoryViolations).toBe(3);
  });

  test("production without staging evidence is blocked by the staging gate, reported prominently", () => {
    const gate = plan.gates.find((g) => g.gate === "staging");
    expect(gate).toMatchObject({ environment: "production", blocking: true });
    expect(plan.summary.blocked).toBe(true);
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown.indexOf("[!CAUTION]")).toBeLessThan(markdown.indexOf("## Gates"));
  });

  test("the Markdown has a Mermaid diagram per stack and the cost date", () => {
    expect(markdown.match(/```mermaid\nflowchart LR/g)).toHaveLength(2);
    expect(markdown).toContain("on-demand list prices as of 2025-06-01");
    expect(readFileSync(join(out, PLAN_MD), "utf8")).toBe(markdown);
  });

  test("--compare shows added, removed and changed resources with the changed settings", async () => {
    const earlier = JSON.parse(readFileSync(join(out, PLAN_JSON), "utf8")) as {
      stacks: { resources: { name: string; settings: Record<string, unknown> }[] }[];
    };
    const staging = earlier.stacks[0];
    staging.resources = staging.resources.filter((r) => r.name !== "alb");
    const logs = staging.resources.find((r) => r.name === "site-logs");
    if (logs) logs.settings.retentionInDays = 3;
    staging.resources.push({
      ...staging.resources[0],
      name: "gone",
      urn: "urn:pulumi:staging::tiny::aws:s3/bucket:Bucket::gone",
    } as never);
    const file = join(out, "earlier.json");
    writeFileSync(file, JSON.stringify(earlier));
    const { plan: again, markdown: md } = await createPlan({
      programDir: PROGRAM,
      policyPackDir: PACK,
      compare: file,
      write: false,
      stacks: ["staging"],
      now: NOW,
    });
    const diff = again.stacks[0].diff;
    expect(diff?.added.map((r) => r.name)).toEqual(["alb"]);
    expect(diff?.removed.map((r) => r.name)).toEqual(["gone"]);
    expect(diff?.changed).toEqual([
      expect.objectContaining({
        name: "site-logs",
        changes: [{ path: "retentionInDays", before: 3, after: 7 }],
      }),
    ]);
    expect(md).toContain("| changed | site-logs |");
    expect(md).toContain("`retentionInDays`: `3` -> `7`");
    expect(validatePlan(again)).toEqual([]);
  });
});

describe("createPlan: secret config", () => {
  test("a secret config value appears nowhere in the written .json and .md", async () => {
    const secret = "Sup3r-secret-config-value-4f1c9a";
    const out = mkdtempSync(join(tmpdir(), "slipway-plan-secret-"));
    const { plan, markdown } = await createPlan({
      programDir: PROGRAM,
      policyPackDir: PACK,
      outDir: out,
      now: NOW,
      config: { "tiny:dbPassword": { value: secret, secret: true } },
    });
    const json = readFileSync(join(out, PLAN_JSON), "utf8");
    const md = readFileSync(join(out, PLAN_MD), "utf8");
    expect(md).toBe(markdown);
    // The value reached the program: the secret version's input is there, shown redacted.
    for (const s of plan.stacks) {
      expect(s.resources.find((r) => r.name === "db-v1")?.settings.secretString).toBe("[secret]");
    }
    for (const text of [json, md]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain("do-not-print");
    }
  });
});

describe("createPlan: --compare with a plan from an older slipway", () => {
  test("is accepted when it has stacks with resources and settings, with a warning", async () => {
    const out = mkdtempSync(join(tmpdir(), "slipway-oldplan-"));
    const { plan } = await createPlan({
      programDir: PROGRAM,
      policyPackDir: PACK,
      write: false,
      stacks: ["staging"],
      now: NOW,
    });
    const old = JSON.parse(JSON.stringify(plan)) as {
      schemaVersion: string;
      stacks: Record<string, unknown>[];
    };
    old.schemaVersion = "0.9";
    delete old.stacks[0].diagram;
    old.stacks[0].somethingOld = true;
    writeFileSync(join(out, "old.json"), JSON.stringify(old));
    const progress: string[] = [];
    const { plan: again } = await createPlan({
      programDir: PROGRAM,
      policyPackDir: PACK,
      write: false,
      stacks: ["staging"],
      compare: join(out, "old.json"),
      onProgress: (l) => progress.push(l),
      now: NOW,
    });
    expect(
      progress.some((l) => l.startsWith("warning:") && l.includes("compared on resources and settings only")),
    ).toBe(true);
    expect(again.stacks[0].diff).toMatchObject({ added: [], removed: [], changed: [], unchanged: 7 });
    expect(validatePlan(again)).toEqual([]);
  });
});

describe("createPlan: gates", () => {
  test("an earlier successful staging report of this version clears the staging-before-production gate", async () => {
    const root = mkdtempSync(join(tmpdir(), "slipway-evidence-"));
    cpSync(DEFAULT_ARTIFACTS_DIR, root, {
      recursive: true,
      filter: (src) => !src.includes("deployment-plan."),
    });
    const reportDir = join(root, "ARTIFACTS", "devops-engineer", "environments");
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(
      join(reportDir, "staging.json"),
      JSON.stringify({
        deployment_summary: {
          environment: "staging",
          status: "success",
          deployed_at: "2026-01-01T00:00:00Z",
        },
        services_deployed: [
          { name: "api", version: "1.4.0" },
          { name: "worker", version: "1.4.0" },
        ],
      }),
    );
    const { plan } = await createPlan({
      artifactsDir: root,
      programDir: PROGRAM,
      policyPackDir: PACK,
      stacks: ["production"],
      write: false,
    });
    expect(plan.gates.filter((g) => g.gate === "staging")).toEqual([]);
  });
});

describe("createPlan: bad input", () => {
  test("a missing release root is an InputError", async () => {
    await expect(
      createPlan({
        artifactsDir: "/nonexistent/release",
        programDir: PROGRAM,
        policyPackDir: PACK,
        write: false,
      }),
    ).rejects.toBeInstanceOf(InputError);
  });

  test("a compare file that is not a plan is an InputError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-cmp-"));
    writeFileSync(join(dir, "x.json"), JSON.stringify({ hello: 1 }));
    await expect(
      createPlan({ compare: join(dir, "x.json"), programDir: PROGRAM, policyPackDir: PACK, write: false }),
    ).rejects.toThrow(/does not validate/);
  });

  test("the default release is the bundled example", () => {
    expect(DEFAULT_ARTIFACTS_DIR.endsWith(join("examples", "taskflow"))).toBe(true);
  });
});
