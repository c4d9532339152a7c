import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf } from "../lib/types";

const FIX = "Add the AWSManagedRulesKnownBadInputsRuleSet rule group (without excluding Log4JRCE).";

/** The AWS known-bad-inputs group blocks Log4Shell (CVE-2021-44228) lookups (advisory). */
export const wafv2BlockKnownBadInputs: ResourceValidationPolicy = {
  name: "wafv2-block-known-bad-inputs",
  description: "WAFv2 web ACLs include the known-bad-inputs managed rules (Log4j).",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ["aws:wafv2/webAcl:WebAcl"])) return;
    const p = args.props;
    const found = asArray(p.rules).some((r) => {
      const m = asRecord(asRecord(asRecord(r)?.statement)?.managedRuleGroupStatement);
      return (
        m?.name === "AWSManagedRulesKnownBadInputsRuleSet" &&
        !JSON.stringify(m.ruleActionOverrides ?? []).includes("Log4JRCE")
      );
    });
    if (!found) report(`Web ACL '${args.name}' lacks the known-bad-inputs rules. ${FIX}`);
  },
};
