import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { KMS_KEY, isOneOf } from "../lib/types";

const FIX =
  "Remove bypassPolicyLockoutSafetyCheck (or set it to false) so a policy that locks out every administrator is refused.";

/** The lockout safety check stays on: bypassing it can make a key unmanageable for good. */
export const kmsForbidPolicyLockoutBypass: ResourceValidationPolicy = {
  name: "kms-forbid-policy-lockout-bypass",
  description: "KMS keys do not bypass the key policy lockout safety check.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, KMS_KEY)) return;
    const p = args.props;
    if (p.bypassPolicyLockoutSafetyCheck === true)
      report(`KMS key '${args.name}' bypasses the policy lockout safety check. ${FIX}`);
  },
};
