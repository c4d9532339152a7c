import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf } from "../lib/types";

const FIX =
  "Add rules (e.g. the AWS managed common and known-bad-inputs rule groups), each with action or overrideAction.";

/** FSBP WAF.10: a web ACL without rules (or with rules that do nothing) protects nothing. */
export const wafv2ConfigureRules: ResourceValidationPolicy = {
  name: "wafv2-configure-rules",
  description: "WAFv2 web ACLs have rules, each with an action.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("WAF.10"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ["aws:wafv2/webAcl:WebAcl"])) return;
    const p = args.props;
    const rules = asArray(p.rules);
    if (rules.length === 0) report(`Web ACL '${args.name}' has no rules. ${FIX}`);
    for (const r of rules.map(asRecord))
      if (r && r.action === undefined && r.overrideAction === undefined)
        report(`Rule '${String(r.name)}' of web ACL '${args.name}' has no action. ${FIX}`);
  },
};
