import { MANAGED_RULE_GROUPS, RATE_RULE, webAclRules } from "../../components/waf/waf";
import { blamed, res, violationsOf } from "../testing";
import { checkTwins } from "../twins-check";
import { REQUIRED_RULE_GROUPS, requireWafOnPublicEndpoints } from "./require-waf-on-public-endpoints";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const CDN = "aws:cloudfront/distribution:Distribution";
const ACL = "aws:wafv2/webAcl:WebAcl";
const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
const prod = { config: { "require-waf-on-public-endpoints": { environmentType: "production" } } };
const staging = { config: { "require-waf-on-public-endpoints": { environmentType: "staging" } } };

const rules = webAclRules("edge", 2000);
/** A resource whose outputs (what stack policies see) are its inputs plus its ARN, as the engine's. */
const withArn = (type: string, name: string, props: Record<string, unknown>, arn: string) =>
  res(type, name, props, { outputs: { ...props, arn } });
const alb = res(
  LB,
  "alb",
  { loadBalancerType: "application", internal: false },
  { outputs: { arn: "alb-arn" } },
);
const regional = withArn(ACL, "api-acl", { scope: "REGIONAL", rules }, "acl-arn");
const cfAcl = withArn(ACL, "cdn-acl", { scope: "CLOUDFRONT", rules }, "cf-acl-arn");
const association = res(ASSOC, "api-association", { resourceArn: "alb-arn", webAclArn: "acl-arn" });

describe("require-waf-on-public-endpoints (issue 11)", () => {
  it("the component's rules are what the policy requires", () => {
    expect([...MANAGED_RULE_GROUPS]).toEqual([...REQUIRED_RULE_GROUPS]);
    expect(rules.map((r) => r.name)).toEqual([...REQUIRED_RULE_GROUPS, RATE_RULE]);
  });

  it("passes: an associated ALB and a distribution with webAclId, both ACLs complete", async () => {
    const cdn = res(CDN, "cdn", { webAclId: "cf-acl-arn" });
    expect(
      await violationsOf(requireWafOnPublicEndpoints, [alb, regional, association, cfAcl, cdn], prod),
    ).toEqual([]);
  });

  it("fails in production: an ALB without association and a distribution without webAclId, with the fix", async () => {
    const cdn = res(CDN, "cdn", {});
    const found = await violationsOf(requireWafOnPublicEndpoints, [alb, cdn], prod);
    expect(found.map((v) => v.urn)).toEqual([alb.urn, cdn.urn]);
    expect(found[0].message).toContain("Load balancer 'alb' has no WAF web ACL in production");
    expect(found[0].message).toContain("WebAclAssociation");
    expect(found[0].enforcementLevel).toBe("mandatory");
  });

  it("fails: an ACL without the managed groups or the rate-based rule", async () => {
    const weak = withArn(ACL, "weak", { scope: "REGIONAL", rules: [rules[0]] }, "acl-arn");
    const found = await violationsOf(requireWafOnPublicEndpoints, [alb, weak, association], prod);
    expect(found.map((v) => v.message)).toEqual([
      expect.stringContaining(
        "lacks AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList, a rate-based rule",
      ),
    ]);
  });

  it("REST API stages: an associated stage passes, an unprotected one fails, a PRIVATE API is exempt", async () => {
    const STAGE = "aws:apigateway/stage:Stage";
    const api = res("aws:apigateway/restApi:RestApi", "api", {});
    const stage = withArn(STAGE, "v1", { restApi: "api-id", stageName: "v1" }, "stage-arn");
    const assoc = res(ASSOC, "v1-association", { resourceArn: "stage-arn", webAclArn: "acl-arn" });
    expect(await violationsOf(requireWafOnPublicEndpoints, [api, stage, regional, assoc], prod)).toEqual([]);
    const found = await violationsOf(requireWafOnPublicEndpoints, [api, stage], prod);
    expect(found.map((v) => v.urn)).toEqual([stage.urn]);
    expect(found[0].message).toContain("API stage 'v1' has no WAF web ACL in production");
    const internal = res("aws:apigateway/restApi:RestApi", "api", {
      endpointConfiguration: { types: ["PRIVATE"] },
    });
    expect(await blamed(requireWafOnPublicEndpoints, [internal, stage], prod)).toEqual([]);
  });

  it("ignores internal load balancers; not required in staging unless requiredIn says so", async () => {
    const internal = res(LB, "inner", { loadBalancerType: "application", internal: true });
    expect(await blamed(requireWafOnPublicEndpoints, [internal], prod)).toEqual([]);
    expect(await blamed(requireWafOnPublicEndpoints, [alb], staging)).toEqual([]);
    const strict = {
      config: {
        "require-waf-on-public-endpoints": {
          environmentType: "staging",
          requiredIn: ["staging", "production"],
        },
      },
    };
    expect(await blamed(requireWafOnPublicEndpoints, [alb], strict)).toEqual([alb.urn]);
  });
});

describe("wafv2-block-known-bad-inputs (twins)", () => checkTwins("wafv2-block-known-bad-inputs"));
describe("wafv2-configure-rules (twins)", () => checkTwins("wafv2-configure-rules"));
describe("wafv2-enable-logging (twins)", () => checkTwins("wafv2-enable-logging"));
