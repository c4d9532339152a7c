// @ts-nocheck
import type { CostItem } from "../cost/estimate";
import { cell, planMarkdown } from "./markdown";
import type { DeploymentPlan, PlanStack } from "./types";

function item(
  name: string,
  type: string,
  monthlyUsd: number,
  pricing: CostItem["pricing"] = "fixed",
): CostItem {
  return {
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    pricing,
    monthlyUsd,
    basis: `basis of ${name}`,
  };
}

function stack(overrides: Partial<PlanStack> = {}): PlanStack {
  const items = [
    ...Array.from({ length: 12 }, (_, i) =>
      item(`alarm-${i}`, "aws:cloudwatch/metricAlarm:MetricAlarm", 0.1),
    ),
    item("db", "aws:rds/instance:Instance", 383.1),
    item("bucket", "aws:s3/bucket:Bucket", 0, "usage_priced"),
  ];
  return {
    stack: "staging",
    environment: "staging",
    environmentType: "staging",
    region: "eu-west-1",
    resourceCount: 14,
    resourceSummary: { "aws:rds/instance:Instance": 1 },
    resources: [],
    outputs: { url: "https://x" },
    policy: {
      pack: "pack",
      policies: 3,
      mandatory: 1,
      advisory: 0,
      violations: [
        {
          policy: "rds-multi-az",
          enforcementLevel: "mandatory",
          message: "Set multiAz | true",
          resource: { type: "aws:rds/instance:Instance", name: "db", urn: "urn:pulumi:s::p::db" },
        },
      ],
    },
    cost: {
      currency: "USD",
      region: "eu-west-1",
      priceTableDate: "2025-06-01",
      regionPriced: true,
      monthlyUsd: 384.3,
      items,
      counts: { fixed: 13, usage_priced: 1, free: 0, unpriced: 0 },
    },
    gates: [],
    diagram: 'flowchart LR\n  n1["db"]\n',
    warnings: [],
    ...overrides,
  };
}

function plan(overrides: Partial<DeploymentPlan> = {}): DeploymentPlan {
  return {
    schemaVersion: "1.0",
    generatedAt: "2026-01-01T00:00:00.000Z",
    generator: { name: "slipway", version: "0.1.0" },
    release: {
      root: "examples/taskflow",
      projectId: "taskflow",
      projectName: "TaskFlow",
      version: "1.4.0",
      strategy: "blue_green",
      services: [],
      environments: [],
    },
    gates: [],
    stacks: [stack()],
    summary: {
      blocked: false,
      blockingGates: 0,
      mandatoryViolations: 1,
      advisoryViolations: 0,
      monthlyUsd: { staging: 384.3 },
    },
    ...overrides,
  };
}

describe("planMarkdown", () => {
  test("blocking gates come first, as a caution block, before the summary table", () => {
    const gate = {
      environment: "production",
      stack: "production",
      gate: "approval" as const,
      description: "No approval",
      severity: "critical" as const,
      blocking: true,
      fix: "Approve",
    };
    const md = planMarkdown(
      plan({ gates: [gate], summary: { ...plan().summary, blocked: true, blockingGates: 1 } }),
    );
    const lines = md.split("\n");
    expect(lines[0]).toBe("# Deployment plan: TaskFlow 1.4.0");
    expect(lines[2]).toBe("> [!CAUTION]");
    expect(md).toContain("> - **production** (approval): No approval. Fix: Approve");
    expect(md.indexOf("[!CAUTION]")).toBeLessThan(md.indexOf("| Stack | Region |"));
  });

  test("without gate issues it says all gates pass", () => {
    expect(planMarkdown(plan())).toContain("All gates pass");
  });

  test("cost: the ten most expensive one by one, the rest grouped by type, usage-priced listed", () => {
    const md = planMarkdown(plan());
    expect(md).toContain("**$384.30 per month**");
    expect(md).toContain("| db | `aws:rds/instance:Instance` | $383.10 | basis of db |");
    expect(md).toContain("| 3 more | `aws:cloudwatch/metricAlarm:MetricAlarm` | $0.30 |");
    expect(md).toContain("Usage-priced (not in the figure): `aws:s3/bucket:Bucket` x1 (basis of bucket).");
  });

  test("policy messages are escaped for tables; the diagram is a mermaid block", () => {
    const md = planMarkdown(plan());
    expect(md).toContain(
      "| db `aws:rds/instance:Instance` | mandatory | rds-multi-az | Set multiAz \\| true |",
    );
    expect(md).toContain('```mermaid\nflowchart LR\n  n1["db"]\n```');
  });

  test("with a comparison: change counts and a table of changed settings", () => {
    const md = planMarkdown(
      plan({
        compare: { against: "old.json", generatedAt: "2025-12-01T00:00:00.000Z", version: "1.3.0" },
        stacks: [
          stack({
            diff: {
              added: [{ urn: "urn:pulumi:a", type: "aws:s3/bucket:Bucket", name: "new" }],
              removed: [],
              changed: [
                {
                  urn: "urn:pulumi:b",
                  type: "aws:rds/instance:Instance",
                  name: "db",
                  changes: [{ path: "instanceClass", before: "db.t4g.small", after: "db.r6g.large" }],
                },
              ],
              unchanged: 5,
              monthlyUsdBefore: 100,
              monthlyUsdAfter: 384.3,
            },
          }),
        ],
      }),
    );
    expect(md).toContain("| staging | eu-west-1 | 14 | 1 | 0 | 0 | $384.30 | +1 -0 ~1 |");
    expect(md).toContain(
      "1 added, 0 removed, 1 changed, 5 unchanged; fixed monthly cost $100.00 -> $384.30 (+$284.30).",
    );
    expect(md).toContain(
      "| changed | db | `aws:rds/instance:Instance` | `instanceClass`: `db.t4g.small` -> `db.r6g.large` |",
    );
  });

  test("cell escapes pipes and newlines", () => {
    expect(cell("a|b\nc")).toBe("a\\|b c");
  });
});
