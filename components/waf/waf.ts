/**
 * `slipway:waf:WebAcl`: an AWS WAFv2 web ACL for a public endpoint, with the AWS managed rule groups
 * every internet-facing app needs (core rule set, known bad inputs, Amazon IP reputation list) and a
 * rate-based rule per client IP; optionally associated with a regional resource (the ALB). A CloudFront
 * ACL (`scope: "CLOUDFRONT"`) must be created with a us-east-1 provider and is attached through the
 * distribution's `webAclId` instead.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** AWS managed rule groups in every ACL, in priority order (AWS WAF developer guide, baseline groups). */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
] as const;

/** Name of the rate-based rule. */
export const RATE_RULE = "rate-limit-per-ip";

export interface WebAclArgs {
  /** `REGIONAL` (ALB, in the stack's region) or `CLOUDFRONT` (needs a us-east-1 provider). */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /**
   * Requests one client IP may make in any 5-minute window before it is blocked (AWS WAF: 10 or more;
   * the evaluation window is 300 s). @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /** ARN of a regional resource (the ALB) to protect: a `WebAclAssociation`. @default none */
  readonly associateWith?: pulumi.Input<string>;
  /** Tags of the ACL. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The ACL's rules, in priority order: the managed groups, then the rate-based rule. */
export function webAclRules(metricPrefix: string, rateLimit: number): aws.types.input.wafv2.WebAclRule[] {
  const visibility = (metric: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName: `${metricPrefix}-${metric}`.slice(0, 128),
  });
  return [
    ...MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      priority: (i + 1) * 10,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
      visibilityConfig: visibility(group),
    })),
    {
      name: RATE_RULE,
      priority: (MANAGED_RULE_GROUPS.length + 1) * 10,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP" } },
      visibilityConfig: visibility(RATE_RULE),
    },
  ];
}

export class WebAcl extends pulumi.ComponentResource {
  /** The web ACL's ARN (a distribution's `webAclId` for CLOUDFRONT scope). */
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:waf:WebAcl", name, {}, opts);
    const rateLimit = args.rateLimitPer5Minutes ?? 2000;
    if (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000)
      throw new Error(
        `args.rateLimitPer5Minutes: must be a whole number from 10 to 2000000000 (got ${rateLimit})`,
      );
    if (args.scope === "CLOUDFRONT" && args.associateWith !== undefined)
      throw new Error(
        "args.associateWith: a CLOUDFRONT ACL is attached through the distribution's webAclId, not an association",
      );
    const acl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        scope: args.scope,
        description: `slipway ${name}: AWS managed rules and a per-IP rate limit`,
        defaultAction: { allow: {} },
        rules: webAclRules(name, rateLimit),
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
        tags: { ...(args.tags ?? {}) },
      },
      { parent: this },
    );
    if (args.associateWith !== undefined)
      new aws.wafv2.WebAclAssociation(
        `${name}-association`,
        { resourceArn: args.associateWith, webAclArn: acl.arn },
        { parent: this },
      );
    this.arn = acl.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
