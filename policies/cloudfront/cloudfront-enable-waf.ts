import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";

const FIX =
  "Associate an AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) with the distribution through webAclId.";

/** FSBP CloudFront.6: a WAF web ACL on the distribution. Advisory: WAF costs and its rules are a judgement. */
export const cloudfrontEnableWaf: ResourceValidationPolicy = {
  name: "cloudfront-enable-waf",
  description: "CloudFront distributions are protected by an AWS WAF web ACL.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("CloudFront.6"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    if (!asString(args.props.webAclId)) report(`Distribution '${args.name}' has no WAF web ACL. ${FIX}`);
  },
};
