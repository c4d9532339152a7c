// @ts-nocheck
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPolicy } from "../cli/policy";
import { checkPolicies, environmentTypeOf, toViolations } from "./check";
import { groupByResource, policyReportJson, policyReportText } from "./format";

const PROGRAM = join(__dirname, "..", "engine", "__fixtures__", "tiny");
const PACK = join(__dirname, "__fixtures__", "pack");

describe("checkPolicies on the tiny program", () => {
  test("staging: resource, environment-dependent and stack policies report against the right resources", async () => {
    const report = await checkPolicies({ programDir: PROGRAM, stack: "staging", policyPackDir: PACK });
    expect(report.environmentType).toBe("staging");
    expect(report.pack).toEqual({ name: "tiny-pack", policies: 3 });
    expect(report.resources).toBe(7);
    expect(report.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name])).toEqual([
      ["lb-internal-outside-production", "advisory", "alb"],
      ["secret-has-rotation", "mandatory", "db"],
      ["cloudwatch-log-retention-minimum", "mandatory", "site-logs"],
    ]);
    expect(report.mandatory).toBe(2);
    expect(report.advisory).toBe(1);
    expect(report.violations[2].message).toBe("Retention is 7 days; set retentionInDays to at least 14.");
  });

  test("production: environment type comes from the stack config, so the environment rule passes", async () => {
    const report = await checkPolicies({ programDir: PROGRAM, stack: "production", policyPackDir: PACK });
    expect(report.environmentType).toBe("production");
    expect(report.violations.map((v) => v.policy)).toEqual(["secret-has-rotation"]);
  });

  test("policy config changes thresholds and enforcement levels", async () => {
    const report = await checkPolicies({
      programDir: PROGRAM,
      stack: "staging",
      policyPackDir: PACK,
      policyConfig: {
        "cloudwatch-log-retention-minimum": { minimumDays: 7 },
        "secret-has-rotation": "advisory",
      },
    });
    expect(report.mandatory).toBe(0);
    expect(report.violations.map((v) => `${v.policy}:${v.enforcementLevel}`)).toEqual([
      "lb-internal-outside-production:advisory",
      "secret-has-rotation:advisory",
    ]);
  });
});

describe("pure parts", () => {
  const stack = {
    project: "p",
    stack: "staging",
    resources: [
      {
        type: "aws:s3/bucket:Bucket",
        name: "b",
        urn: "urn:pulumi:staging::p::aws:s3/bucket:Bucket::b",
        custom: true,
        inputs: {},
        outputs: {},
        secretPaths: [],
        dependencies: [],
      },
    ],
  };

  test("a stack policy that names no resource blames the stack", () => {
    const v = toViolations(
      [
        { policy: "z", enforcementLevel: "mandatory", message: "m", description: "d" },
        {
          policy: "a",
          enforcementLevel: "advisory",
          message: "m2",
          description: "d",
          urn: "urn:pulumi:staging::p::aws:s3/bucket:Bucket::b",
        },
      ],
      stack,
    );
    expect(v.map((x) => x.resource)).toEqual([
      { type: "aws:s3/bucket:Bucket", name: "b", urn: "urn:pulumi:staging::p::aws:s3/bucket:Bucket::b" },
      {
        type: "pulumi:pulumi:Stack",
        name: "p-staging",
        urn: "urn:pulumi:staging::p::pulumi:pulumi:Stack::p-staging",
      },
    ]);
  });

  test.each([
    [{ "p:environmentType": { value: "production" } }, "anything", "production"],
    [{}, "production", "production"],
    [{}, "prod-eu", "production"],
    [{}, "staging", "staging"],
    [{}, "dev", "development"],
    [{ "p:environmentType": { value: "nonsense" } }, "staging", "staging"],
  ])("environment type of config %p, stack %p is %p", (config, name, expected) => {
    expect(environmentTypeOf({ project: "p", stack: name, config })).toBe(expected);
  });

  test("text groups violations by resource; JSON has the documented shape", () => {
    const violations = toViolations(
      [
        {
          policy: "b-rule",
          enforcementLevel: "mandatory",
          message: "fix b\nsecond line",
          description: "",
          urn: stack.resources[0].urn,
        },
        {
          policy: "a-rule",
          enforcementLevel: "advisory",
          message: "fix a",
          description: "",
          urn: stack.resources[0].urn,
        },
      ],
      stack,
    );
    const report = {
      project: "p",
      stack: "staging",
      environmentType: "staging" as const,
      pack: { name: "pack", policies: 2 },
      resources: 1,
      violations,
      mandatory: 1,
      advisory: 1,
    };
    expect(groupByResource(violations)).toHaveLength(1);
    expect(policyReportText(report)).toBe(
      [
        "Policy pack pack (2 policies) on stack staging (staging, 1 resources): FAIL: 1 mandatory violation(s), 1 advisory",
        "",
        "b (aws:s3/bucket:Bucket)",
        "  urn:pulumi:staging::p::aws:s3/bucket:Bucket::b",
        "  - [advisory] a-rule: fix a",
        "  - [mandatory] b-rule: fix b",
        "      second line",
        "",
      ].join("\n"),
    );
    const json = policyReportJson(report);
    expect(Object.keys(json)).toEqual(["stack", "violations"]);
    for (const v of json.violations) {
      expect(Object.keys(v)).toEqual(["policy", "enforcementLevel", "message", "resource"]);
      expect(Object.keys(v.resource)).toEqual(["type", "name", "urn"]);
    }
    expect(json.stack).toBe("staging");
    expect(json.violations).toEqual([
      { policy: "a-rule", enforcementLevel: "advisory", message: "fix a", resource: violations[0].resource },
      {
        policy: "b-rule",
        enforcementLevel: "mandatory",
        message: "fix b\nsecond line",
        resource: violations[0].resource,
      },
    ]);
  });
});

describe("runPolicy (the command's body): exit codes", () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
  }

  test("1 with mandatory violations; JSON on stdout", async () => {
    const c = capture();
    const code = await runPolicy({
      program: PROGRAM,
      stack: "production",
      policyPack: PACK,
      format: "json",
      ...c,
    });
    expect(code).toBe(1);
    const doc = JSON.parse(c.out.join("")) as { stack: string; violations: { policy: string }[] };
    expect(doc.stack).toBe("production");
    expect(doc.violations.map((v) => v.policy)).toEqual(["secret-has-rotation"]);
  });

  test("0 when no mandatory violation remains (policy pack config file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-polcfg-"));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ "secret-has-rotation": "disabled" }));
    const c = capture();
    const code = await runPolicy({
      program: PROGRAM,
      stack: "production",
      policyPack: PACK,
      policyPackConfig: join(dir, "config.json"),
      ...c,
    });
    expect(code).toBe(0);
    expect(c.out.join("")).toContain("PASS");
  });

  test("2 when the program cannot be evaluated, with its error and no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-badprog-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: bad\nruntime: nodejs\n");
    writeFileSync(join(dir, "index.ts"), "throw new Error('the release is missing');\n");
    writeFileSync(join(dir, "Pulumi.staging.yaml"), "config: {}\n");
    const c = capture();
    const code = await runPolicy({ program: dir, stack: "staging", policyPack: PACK, ...c });
    expect(code).toBe(2);
    expect(c.err.join("\n")).toContain("the release is missing");
    expect(c.err.join("\n")).not.toMatch(/\n\s+at /);
    expect(c.out).toEqual([]);
  });

  test("2 when the program directory does not exist, naming it", async () => {
    const missing = join(tmpdir(), "slipway-no-such-program-dir");
    const c = capture();
    const code = await runPolicy({ program: missing, stack: "staging", policyPack: PACK, ...c });
    expect(code).toBe(2);
    expect(c.err.join("\n")).toContain("slipway-no-such-program-dir");
    expect(c.err.join("\n")).not.toMatch(/\n\s+at /);
    expect(c.out).toEqual([]);
  });

  test("2 when --stack has no stack file (a typo), naming the stacks there; nothing is evaluated", async () => {
    const c = capture();
    expect(await runPolicy({ program: PROGRAM, stack: "prod", policyPack: PACK, ...c })).toBe(2);
    expect(c.err).toEqual([
      `policy: ${join(PROGRAM, "Pulumi.prod.yaml")}: (document): not found: --stack prod has no stack file. Fix: pass --stack production or --stack staging`,
    ]);
    expect(c.out).toEqual([]);
  });

  test("2 when the stack file is not valid YAML, naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-badstack-"));
    cpSync(PROGRAM, dir, { recursive: true });
    writeFileSync(join(dir, "Pulumi.staging.yaml"), "config:\n  tiny:sizes: [unclosed\n");
    const c = capture();
    const code = await runPolicy({ program: dir, stack: "staging", policyPack: PACK, ...c });
    expect(code).toBe(2);
    expect(c.err.join("\n")).toContain("Pulumi.staging.yaml");
    expect(c.err.join("\n")).not.toMatch(/\n\s+at /);
    expect(c.out).toEqual([]);
  });

  test("2 when the stack file's config is not a map", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-badstack-"));
    cpSync(PROGRAM, dir, { recursive: true });
    writeFileSync(join(dir, "Pulumi.staging.yaml"), "config: [1, 2]\n");
    const c = capture();
    expect(await runPolicy({ program: dir, stack: "staging", policyPack: PACK, ...c })).toBe(2);
    expect(c.err.join("\n")).toContain("Pulumi.staging.yaml");
  });

  test("1 and a FAIL headline in text mode, violations listed under their resource", async () => {
    const c = capture();
    const code = await runPolicy({ program: PROGRAM, stack: "production", policyPack: PACK, ...c });
    // production of the tiny program violates one mandatory policy (no rotation): text says FAIL.
    expect(code).toBe(1);
    expect(c.out.join("")).toMatch(/^Policy pack tiny-pack \(3 policies\) on stack production .*FAIL/);
    expect(c.out.join("")).toContain("  - [mandatory] secret-has-rotation: ");
  });

  test("2 on a bad --format", async () => {
    const c = capture();
    expect(await runPolicy({ program: PROGRAM, format: "xml", policyPack: PACK, ...c })).toBe(2);
    expect(c.err.join("")).toContain("--format");
  });
});
