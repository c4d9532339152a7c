import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";

const WEB_ACL = ["aws:wafv2/webAcl:WebAcl"];
const LOGGING = ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"];

const FIX =
  "Add an aws.wafv2.WebAclLoggingConfiguration (resourceArn: webAcl.arn) sending to a log group named aws-waf-logs-*.";

/**
 * FSBP WAF.11: every web ACL the program creates has a logging configuration. Advisory: full request
 * logs are a paid stream holding request headers (often personal data); an ACL without them still
 * blocks, and its CloudWatch metrics and sampled requests show what it blocked.
 */
export const wafv2EnableLogging: StackValidationPolicy = {
  name: "wafv2-enable-logging",
  description: "WAFv2 web ACLs have logging enabled.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("WAF.11"),
  validateStack: (args, report) => {
    for (const acl of ofType(args.resources, WEB_ACL)) {
      if (referencing(args.resources, LOGGING, "resourceArn", acl, ["arn"]).length === 0)
        report(`Web ACL '${acl.name}' has no logging configuration. ${FIX}`, acl.urn);
    }
  },
};
