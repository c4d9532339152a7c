/**
 * Issue 11, edge protection: in production the ALB and the CloudFront distribution are behind WAFv2 web
 * ACLs (AWS managed rule groups and a per-IP rate limit), the CloudFront one in us-east-1; the policy
 * pack's `require-waf-on-public-endpoints` passes on the program.
 */
import { join, resolve } from "node:path";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import { runPack } from "../automation/policy/check";
import { loadPolicyPack } from "../automation/policy/pack";
import { MANAGED_RULE_GROUPS, RATE_RULE } from "../components/waf";

const ROOT = resolve(__dirname, "..");
let production: OfflineStack;
beforeAll(async () => {
  production = await evaluateProgram({
    programDir: ROOT,
    stack: "production",
    configFile: join(ROOT, "examples", "taskflow", "stacks", "Pulumi.production.yaml"),
  });
}, 180_000);

const ofType = (type: string) => production.resources.filter((r) => r.type === type);

test("a regional ACL associated with the ALB and a CloudFront ACL on the distribution, in us-east-1", () => {
  const acls = ofType("aws:wafv2/webAcl:WebAcl");
  expect(acls.map((a) => a.inputs.scope).sort()).toEqual(["CLOUDFRONT", "REGIONAL"]);
  for (const acl of acls) {
    const rules = acl.inputs.rules as { name: string }[];
    expect(rules.map((r) => r.name)).toEqual([...MANAGED_RULE_GROUPS, RATE_RULE]);
  }
  const cloudfront = acls.find((a) => a.inputs.scope === "CLOUDFRONT")!;
  expect(cloudfront.provider).toMatch(/::aws-us-east-1$/);
  const [association] = ofType("aws:wafv2/webAclAssociation:WebAclAssociation");
  const alb = ofType("aws:lb/loadBalancer:LoadBalancer")[0];
  expect(association.inputs.resourceArn).toBe(alb.outputs.arn);
  const distribution = ofType("aws:cloudfront/distribution:Distribution")[0];
  expect(distribution.inputs.webAclId).toBe(cloudfront.outputs.arn);
});

test("the policy pack finds no WAF violation in production", async () => {
  const report = await runPack(loadPolicyPack(resolve(ROOT, "policies")), production);
  expect(report.violations.filter((v) => v.policy === "require-waf-on-public-endpoints")).toEqual([]);
});
