import fc from "fast-check";
import {
  AWS_NAME_RULES,
  fitName,
  fitPrefix,
  maxPrefixLength,
  nameFix,
  nameProblems,
  nameRule,
  physicalName,
  type NameRule,
} from "./aws-names";

const rule = (type: string): NameRule => {
  const r = nameRule(type);
  if (!r) throw new Error(`no rule for ${type}`);
  return r;
};
const TG = "aws:lb/targetGroup:TargetGroup";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const RDS = "aws:rds/instance:Instance";
const KMS_ALIAS = "aws:kms/alias:Alias";

describe("physicalName: the provider's naming", () => {
  test.each([
    // The review's finding: a target group autonamed past 32 is an error, never cut.
    [TG, "taskflow-staging-api-tg-blue", {}, "autoname-error"],
    [TG, "api-tg-blue", {}, "autoname"],
    [TG, "taskflow-staging-api-tg-blue", { name: "short" }, "explicit"],
    // The ALB autonames under the default 255; the schema's 32 is checked afterwards.
    [ALB, "taskflow-production-alb", {}, "autoname"],
    [RDS, "db", { identifierPrefix: "taskflow-production-db-" }, "prefix"],
    [TG, "x", { name: { unknown: true } }, "unknown"],
  ])("%s %s %j -> %s", (type, logical, inputs, kind) => {
    expect(physicalName(rule(type), logical, inputs).kind).toBe(kind);
  });

  test("autoname is <logical>-<7 hex>, lowercased where the provider lowercases", () => {
    expect(physicalName(rule(TG), "api-tg", {}, "abcdef0123")).toEqual({
      kind: "autoname",
      name: "api-tg-abcdef0",
    });
    const bucket = physicalName(rule("aws:s3/bucket:Bucket"), "My-Bucket", {}, "1234567");
    expect(bucket).toEqual({ kind: "autoname", name: "my-bucket-1234567" });
    expect(physicalName(rule(KMS_ALIAS), "key", {}, "1234567")).toEqual({
      kind: "autoname",
      name: "alias/key-1234567",
    });
  });

  test("a *Prefix gets Terraform's 26 characters", () => {
    const p = physicalName(rule(RDS), "db", { identifierPrefix: "app-db-" });
    expect(p.kind === "prefix" && p.name.length).toBe("app-db-".length + 26);
  });
});

describe("nameProblems", () => {
  test.each([
    [TG, "taskflow-production-api-tg-green-9ccc7f7", /40 characters, more than the 32/],
    [TG, "-api", /must not start or end with a hyphen/],
    [TG, "api_tg", /may contain only letters, digits and hyphens/],
    [ALB, "internal-alb", /must not start with internal-/],
    [RDS, "Db-1", /may contain only lowercase/],
    [RDS, "1db", /must start with a letter/],
    [RDS, "db--1", /two hyphens in a row/],
    ["aws:synthetics/canary:Canary", "taskflow-production-api", /more than the 21/],
    ["aws:iam/role:Role", "r".repeat(65), /65 characters, more than the 64/],
    ["aws:s3/bucket:Bucket", "ab", /fewer than the 3/],
    [KMS_ALIAS, "alias/aws/x", /must not start with alias\/aws\//],
    [KMS_ALIAS, "key", /must start with alias\//],
  ])("%s %s", (type, name, problem) => {
    expect(nameProblems(rule(type), name).join("; ")).toMatch(problem);
  });

  test("valid names have no problems", () => {
    expect(nameProblems(rule(TG), "taskflow-staging-tg-b-1a2b3c4")).toEqual([]);
    expect(nameProblems(rule(RDS), "taskflow-db-20261204")).toEqual([]);
    expect(nameProblems(rule(KMS_ALIAS), "alias/slipway-taskflow")).toEqual([]);
  });
});

describe("fitName / fitPrefix / nameFix: names that always fit", () => {
  test("the target group of the review gets a 32-character name, stable and distinct per colour", () => {
    const blue = fitName(rule(TG), "taskflow-production-api-tg-blue");
    expect(blue).toMatch(/^taskflow-product-tg-blue-[0-9a-f]{7}$/);
    expect(blue.length).toBeLessThanOrEqual(32);
    expect(fitName(rule(TG), "taskflow-production-api-tg-blue")).toBe(blue);
    expect(fitName(rule(TG), "taskflow-production-api-tg-green")).not.toBe(blue);
  });

  test("a replacing change (salt) gives a new name, so create-before-delete never collides", () => {
    const a = nameFix(TG, "taskflow-production-api-tg-blue", { port: 8080, protocol: "HTTP" });
    const b = nameFix(TG, "taskflow-production-api-tg-blue", { port: 3000, protocol: "HTTP" });
    expect(a?.property).toBe("name");
    expect(a?.value).not.toBe(b?.value);
  });

  test("names the provider already makes valid are left alone (no rename of live resources)", () => {
    expect(nameFix(TG, "api-tg-blue", {})).toBeUndefined();
    expect(nameFix(ALB, "taskflow-staging-alb", {})).toBeUndefined();
    expect(nameFix(RDS, "db", { identifierPrefix: "taskflow-production-db-" })).toBeUndefined();
    expect(nameFix(TG, "long".repeat(20), { name: "given" })).toBeUndefined();
    expect(nameFix("aws:ec2/vpc:Vpc", "long".repeat(20), {})).toBeUndefined();
  });

  test("a prefix too long for Terraform's suffix is cut with a hash", () => {
    const prefix = `${"p".repeat(20)}-production-${"d".repeat(20)}-`;
    const fixed = nameFix(RDS, "x", { identifierPrefix: prefix });
    expect(fixed?.property).toBe("identifierPrefix");
    expect(fixed!.value.length).toBeLessThanOrEqual(maxPrefixLength(rule(RDS)));
    expect(fitPrefix(rule(RDS), "short-")).toBe("short-");
  });

  const namedRules = Object.entries(AWS_NAME_RULES).filter(
    (e): e is [string, NameRule] => !("unnamed" in e[1]),
  );
  const logical = fc
    .array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"), { minLength: 1, maxLength: 140 })
    .map((cs) => cs.join(""))
    .filter((s) => /^[a-z]/.test(s));

  test("property: for every named type and any logical name, the provider's name after nameFix is valid", () => {
    fc.assert(
      fc.property(fc.constantFrom(...namedRules), logical, ([type, r], name) => {
        if (r.autoname === false) return; // required inputs: the program always names these itself
        const fix = nameFix(type, name, {});
        const inputs = fix ? { [fix.property]: fix.value } : {};
        const physical = physicalName(r, name, inputs);
        expect(physical.kind === "autoname" || physical.kind === "explicit").toBe(true);
        if (physical.kind === "autoname" || physical.kind === "explicit")
          expect(nameProblems(r, physical.name)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  test("property: fitted prefixes always leave room for Terraform's 26 characters", () => {
    const prefixed = namedRules.filter(([, r]) => r.prefixProperty);
    fc.assert(
      fc.property(fc.constantFrom(...prefixed), logical, ([, r], prefix) => {
        expect(fitPrefix(r, prefix).length).toBeLessThanOrEqual(maxPrefixLength(r));
      }),
    );
  });
});
