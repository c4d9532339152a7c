import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import {
  appliesIn,
  environmentConfigSchema,
  environmentOf,
  type EnvironmentConfig,
} from "../lib/environment";
import { ofType, referencing, references } from "../lib/join";
import { operations } from "../lib/meta";
import { asArray, asRecord, asString, safe } from "../lib/props";

const LOAD_BALANCER = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const DISTRIBUTION = ["aws:cloudfront/distribution:Distribution"];
const WEB_ACL = ["aws:wafv2/webAcl:WebAcl"];
const ASSOCIATION = ["aws:wafv2/webAclAssociation:WebAclAssociation"];
const REST_STAGE = ["aws:apigateway/stage:Stage"];
const REST_API = ["aws:apigateway/restApi:RestApi"];

/** Is the stage's REST API private (reachable only through VPC endpoints)? */
function isPrivateApi(resources: readonly PolicyResource[], stage: PolicyResource): boolean {
  return ofType(resources, REST_API).some(
    (api) =>
      references(stage, "restApi", api, ["id"]) &&
      asArray(asRecord(safe(() => api.props.endpointConfiguration))?.types).includes("PRIVATE"),
  );
}

/** AWS managed rule groups every public web ACL runs. */
export const REQUIRED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
] as const;

const FIX =
  "Protect it with a WAFv2 web ACL (components/waf WebAcl: AWS managed rule groups common, known bad inputs " +
  "and IP reputation, plus a rate-based rule): a WebAclAssociation for an internet-facing ALB, the " +
  "distribution's webAclId (an ACL with scope CLOUDFRONT, in us-east-1) for CloudFront, a WebAclAssociation " +
  "with the stage ARN for an API Gateway REST API stage.";

/** What the ACL lacks of the required rules (empty when it has them all). */
function missingRules(acl: PolicyResource): string[] {
  const rules = asArray(safe(() => acl.props.rules)).map((r) => asRecord(r) ?? {});
  const groups = new Set(
    rules.map((r) => asString(asRecord(asRecord(r.statement)?.managedRuleGroupStatement)?.name)),
  );
  const missing: string[] = REQUIRED_RULE_GROUPS.filter((g) => !groups.has(g));
  if (!rules.some((r) => asRecord(asRecord(r.statement)?.rateBasedStatement) !== undefined))
    missing.push("a rate-based rule");
  return missing;
}

/**
 * Public endpoints sit behind AWS WAF (issue 11; the role document's edge protection): every
 * internet-facing ALB and every stage of a public (not PRIVATE) API Gateway REST API has a web ACL
 * association and every CloudFront distribution a `webAclId`, each ACL with the AWS managed rule groups
 * and a rate-based rule (FSBP WAF presence: CloudFront.6, ELB.16, APIGateway.4). HTTP APIs (API Gateway
 * v2) cannot take a web ACL and are not checked. Enforced in `requiredIn` (default production).
 */
export const requireWafOnPublicEndpoints: StackValidationPolicy = {
  name: "require-waf-on-public-endpoints",
  description:
    "Internet-facing load balancers, REST API stages and CloudFront distributions are protected by a WAFv2 web ACL with AWS managed rules and a rate limit.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...operations(),
  configSchema: environmentConfigSchema,
  validateStack: (args, report) => {
    const first = args.resources[0];
    if (!first) return;
    const config = configOf<EnvironmentConfig>(args, requireWafOnPublicEndpoints);
    const environment = environmentOf(config, first.urn);
    if (!appliesIn(config, environment)) return;
    const acls = ofType(args.resources, WEB_ACL);
    const check = (endpoint: PolicyResource, attached: PolicyResource[], what: string) => {
      if (attached.length === 0) {
        report(`${what} '${endpoint.name}' has no WAF web ACL in ${environment}. ${FIX}`, endpoint.urn);
        return;
      }
      for (const acl of attached) {
        const missing = missingRules(acl);
        if (missing.length > 0)
          report(
            `Web ACL '${acl.name}' protecting ${what.toLowerCase()} '${endpoint.name}' lacks ${missing.join(", ")}. ${FIX}`,
            endpoint.urn,
          );
      }
    };
    for (const lb of ofType(args.resources, LOAD_BALANCER)) {
      if (safe(() => lb.props.internal) === true) continue;
      const type = safe(() => lb.props.loadBalancerType);
      if (type !== undefined && type !== "application") continue;
      const associations = referencing(args.resources, ASSOCIATION, "resourceArn", lb, ["arn"]);
      const attached = acls.filter((acl) =>
        associations.some((a) => references(a, "webAclArn", acl, ["arn"])),
      );
      check(lb, attached, "Load balancer");
    }
    for (const stage of ofType(args.resources, REST_STAGE)) {
      if (isPrivateApi(args.resources, stage)) continue;
      const associations = referencing(args.resources, ASSOCIATION, "resourceArn", stage, ["arn"]);
      const attached = acls.filter((acl) =>
        associations.some((a) => references(a, "webAclArn", acl, ["arn"])),
      );
      check(stage, attached, "API stage");
    }
    for (const d of ofType(args.resources, DISTRIBUTION)) {
      const attached = acls.filter((acl) => references(d, "webAclId", acl, ["arn", "id"]));
      check(d, safe(() => d.props.webAclId) ? attached : [], "Distribution");
    }
  },
};
