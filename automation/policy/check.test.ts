import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPolicy } from "../cli/policy";
import { checkPolicies, environmentTypeOf, toViolations } from "./check";
import { groupByResource, policyReportJson, policyReportText } from "./format";
import { policyReportSarif, SARIF_SCHEMA, type SarifLog } from "./sarif";

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
    writeFileSync(join(dir, "Pulumi.staging.yaml"), "config:\n  slipway:environmentType: staging\n");
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
      `policy: --stack: "prod" has no stack file (${join(PROGRAM, "Pulumi.prod.yaml")}). Fix: use one of the stacks in ${PROGRAM}: production, staging; or add one with npm run init -- --stack prod=<environment type> --artifacts ${join(PROGRAM, "..")}`,
    ]);
    expect(c.out).toEqual([]);
  });

  test("2 without --stack, listing the stacks there", async () => {
    const c = capture();
    expect(await runPolicy({ program: PROGRAM, policyPack: PACK, ...c })).toBe(2);
    expect(c.err.join("\n")).toContain(
      `policy: --stack: is required (the policy check runs on one stack). Fix: pass one of the stacks in ${PROGRAM}: production, staging`,
    );
  });

  test.each([
    ['{ "a": "advisory", }', "position"],
    ["{\n  'a': 1\n}", "line 2"],
    ["[1]", "valid JSON but an array, not an object"],
    ["42", "valid JSON but a number, not an object"],
  ])("2 on policy pack config %j, saying where or what (%s)", async (text, expected) => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-packcfg-"));
    writeFileSync(join(dir, "config.json"), text);
    const c = capture();
    const code = await runPolicy({
      program: PROGRAM,
      stack: "staging",
      policyPack: PACK,
      policyPackConfig: join(dir, "config.json"),
      ...c,
    });
    expect(code).toBe(2);
    expect(c.err.join("\n")).toContain(`policy: ${join(dir, "config.json")}: is `);
    expect(c.err.join("\n")).toContain(expected);
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

describe("--format sarif (GitHub code scanning)", () => {
  test("SARIF 2.1.0: a rule per policy, a result per violation with level, message and the resource URN", async () => {
    const out: string[] = [];
    const code = await runPolicy({
      program: PROGRAM,
      stack: "staging",
      policyPack: PACK,
      format: "sarif",
      stdout: (t) => out.push(t),
      stderr: () => undefined,
    });
    expect(code).toBe(1);
    const log = JSON.parse(out.join("")) as SarifLog;
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe("tiny-pack");
    const ruleIds = run.tool.driver.rules.map((r) => r.id);
    expect(ruleIds).toEqual([
      "cloudwatch-log-retention-minimum",
      "lb-internal-outside-production",
      "secret-has-rotation",
    ]);
    for (const r of run.tool.driver.rules) {
      expect(r).toMatchObject({
        shortDescription: { text: expect.any(String) },
        help: { text: expect.any(String) },
      });
      expect(["error", "warning"]).toContain((r.defaultConfiguration as { level: string }).level);
    }
    const results = run.results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string } };
        logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
      }[];
    }[];
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0].logicalLocations[0].name])).toEqual([
      ["lb-internal-outside-production", "warning", "alb"],
      ["secret-has-rotation", "error", "db"],
      ["cloudwatch-log-retention-minimum", "error", "site-logs"],
    ]);
    for (const r of results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      expect(r.message.text.length).toBeGreaterThan(10);
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^urn:pulumi:staging::tiny::/);
      expect(r.locations[0].logicalLocations[0].kind).toBe("resource");
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/(^|\/)Pulumi\.staging\.yaml$/);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
    }
  });

  test("an unknown --format names the three formats", async () => {
    const err: string[] = [];
    const code = await runPolicy({
      program: PROGRAM,
      stack: "staging",
      policyPack: PACK,
      format: "xml",
      stdout: () => undefined,
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join("")).toContain("--format text, --format json or --format sarif");
  });
});

describe("policyReportSarif (pure)", () => {
  test("security-severity from the policy severity; no results for a clean report", () => {
    const log = policyReportSarif(
      {
        project: "p",
        stack: "s",
        environmentType: "staging",
        pack: { name: "pk", policies: 1 },
        resources: 0,
        violations: [],
        mandatory: 0,
        advisory: 0,
      },
      [
        {
          name: "x-require-y",
          description: "Y is required.",
          enforcementLevel: "mandatory",
          severity: "critical",
          validateResource: () => undefined,
        },
      ],
      { stackFile: "Pulumi.s.yaml" },
    );
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({
      id: "x-require-y",
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5" },
    });
  });
});
