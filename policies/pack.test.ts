import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnforcementLevel, PolicyPackArgs } from "@pulumi/policy";
import Ajv from "ajv";
import { controls, PACK_NAME, packConfigFor, policies } from "./all";
import { resolvePolicyConfig } from "./harness";
import { controlsOf, isBaselineRule, isOperationsRule } from "./lib/meta";

/** The FSBP controls the pack must cover (issue 3). */
const REQUIRED_CONTROLS = [
  ..."1 2 3 5 6 8 9 12 13".split(" ").map((n) => `S3.${n}`),
  ..."2 3 5 6 8 9 10 11 13 17 25".split(" ").map((n) => `RDS.${n}`),
  ..."2 4 5 8 9 12".split(" ").map((n) => `ECS.${n}`),
  ..."1 2 3".split(" ").map((n) => `ECR.${n}`),
  ..."1 3 5 7 8 9 10 13 15".split(" ").map((n) => `CloudFront.${n}`),
  ..."1 4 5 6 13 17 18".split(" ").map((n) => `ELB.${n}`),
  ..."2 6 15 18 19".split(" ").map((n) => `EC2.${n}`),
  "SecretsManager.1",
  "KMS.1",
  "KMS.2",
  "KMS.5",
  "IAM.1",
  "IAM.21",
  "SNS.1",
];

/** The operations rules from the role document, by the policy that implements each. */
const OPERATIONS_RULES: Record<string, string> = {
  "log retention set": "cloudwatch-set-log-retention",
  "alarms have actions": "cloudwatch-require-alarm-actions",
  "secrets never in plain config or environment variables": "forbid-plaintext-secrets",
  "database secrets managed, not configured": "rds-manage-master-password",
  "production has deletion protection (databases)": "rds-enable-deletion-protection",
  "production has deletion protection (load balancers)": "elb-enable-deletion-protection",
  "production is Multi-AZ": "rds-enable-multi-az",
  "required tags present": "require-tags",
};

describe("the slipway-baseline pack", () => {
  it("has a valid pack name and unique, kebab-case, verb-first policy names", () => {
    expect(PACK_NAME).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const services = [
      "s3",
      "rds",
      "ecs",
      "ecr",
      "cloudfront",
      "elb",
      "ec2",
      "secretsmanager",
      "kms",
      "iam",
      "sns",
      "cloudwatch",
      "lambda",
      "sqs",
      "apigateway",
      "backup",
      "wafv2",
      "elasticache",
    ];
    const verbs = [
      "block",
      "require",
      "restrict",
      "enable",
      "disable",
      "configure",
      "prohibit",
      "encrypt",
      "use",
      "set",
      "export",
      "copy",
      "manage",
      "run",
      "forbid",
      "isolate",
      "redirect",
      "drop",
      "span",
      "separate",
    ];
    for (const n of names) {
      expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(n).not.toBe("all");
      const words = n.split("-");
      const verb = services.includes(words[0]) ? words[1] : words[0];
      expect([n, verbs.includes(verb)]).toEqual([n, true]);
    }
  });

  it.each(policies.map((p) => [p.name, p] as const))("%s is documented and tagged", (_name, p) => {
    expect(p.description).toMatch(/^[A-Z].{10,160}\.$/);
    expect(p.description).not.toContain("\n");
    expect(["advisory", "mandatory"] as EnforcementLevel[]).toContain(p.enforcementLevel);
    expect(p.severity).toBeDefined();
    // The fix-it message.
    expect(p.remediationSteps?.length ?? 0).toBeGreaterThan(20);
    // FSBP control ids, the operations tag, or the peers' baseline tag (policies/peer-rules.yaml).
    expect(controlsOf(p).length > 0 || isOperationsRule(p) || isBaselineRule(p)).toBe(true);
    for (const c of controlsOf(p)) expect(c).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    if (controlsOf(p).length > 0) expect(p.framework?.specification).toBe(controlsOf(p).join(", "));
  });

  it("covers every required FSBP control", () => {
    const covered = new Set(Object.values(controls).flat());
    const missing = REQUIRED_CONTROLS.filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });

  it("implements every operations rule of the role document", () => {
    const byName = new Map(policies.map((p) => [p.name, p]));
    for (const [rule, name] of Object.entries(OPERATIONS_RULES)) {
      expect([rule, byName.has(name)]).toEqual([rule, true]);
    }
  });

  it("has config schemas that compile, default every threshold and never declare enforcementLevel", () => {
    const ajv = new Ajv({ strict: false });
    for (const p of policies.filter((x) => x.configSchema)) {
      const schema = p.configSchema!;
      expect(() => ajv.compile({ type: "object", ...schema })).not.toThrow();
      expect(schema.properties.enforcementLevel).toBeUndefined();
      for (const [k, v] of Object.entries(schema.properties)) {
        // environmentType has no default on purpose: absent, it is derived from the stack name.
        if (k === "environmentType") continue;
        expect([p.name, k, typeof v === "object" && "default" in v]).toEqual([p.name, k, true]);
      }
      // Defaults alone are a valid config.
      expect(() => resolvePolicyConfig(p)).not.toThrow();
    }
  });

  it("gives environment-dependent policies the environment type through packConfigFor", () => {
    const cfg = packConfigFor("staging");
    expect(Object.keys(cfg).sort()).toEqual([
      "elasticache-enable-automatic-backups",
      "elasticache-enable-automatic-failover",
      "elb-enable-deletion-protection",
      "rds-enable-deletion-protection",
      "rds-enable-multi-az",
      "require-waf-on-public-endpoints",
    ]);
    for (const name of Object.keys(cfg)) {
      const p = policies.find((x) => x.name === name)!;
      expect(resolvePolicyConfig(p, { config: cfg }).environmentType).toBe("staging");
    }
  });

  it("keeps one policy per file, named after the policy, under policies/<service>/", () => {
    const files: string[] = [];
    for (const dir of readdirSync(__dirname, { withFileTypes: true })) {
      if (!dir.isDirectory() || dir.name === "lib" || dir.name.startsWith("__")) continue;
      for (const f of readdirSync(join(__dirname, dir.name))) {
        if (!f.endsWith(".ts") || f.endsWith(".test.ts")) continue;
        const text = readFileSync(join(__dirname, dir.name, f), "utf8");
        const declared = [...text.matchAll(/\n {2}name: "([a-z0-9-]+)",/g)].map((m) => m[1]);
        if (declared.length === 0) continue;
        expect([f, declared]).toEqual([f, [f.replace(/\.ts$/, "")]]);
        files.push(declared[0]);
      }
    }
    expect(files.sort()).toEqual(policies.map((p) => p.name).sort());
  });

  it("has a describe block of tests for every policy in its service's test file", () => {
    const tests = readdirSync(__dirname, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "lib" && !d.name.startsWith("__"))
      .flatMap((d) =>
        readdirSync(join(__dirname, d.name))
          .filter((f) => f.endsWith(".test.ts"))
          .map((f) => readFileSync(join(__dirname, d.name, f), "utf8")),
      )
      .join("\n");
    const untested = policies.map((p) => p.name).filter((n) => !tests.includes(`describe("${n} `));
    expect(untested).toEqual([]);
  });

  it("index.ts constructs exactly one PolicyPack with the list (without serving it here)", () => {
    const constructed: { name: string; args: PolicyPackArgs }[] = [];
    jest.isolateModules(() => {
      jest.doMock("@pulumi/policy", () => ({
        ...jest.requireActual<object>("@pulumi/policy"),
        PolicyPack: class {
          constructor(name: string, args: PolicyPackArgs) {
            constructed.push({ name, args });
          }
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the entry under the mock, synchronously
      require("./index");
    });
    expect(constructed).toHaveLength(1);
    expect(constructed[0].name).toBe(PACK_NAME);
    expect(constructed[0].args.policies.map((p) => p.name)).toEqual(policies.map((p) => p.name));
  });
});
