import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray } from "../lib/props";
import { IAM_USER_POLICY, IAM_USER_POLICY_ATTACHMENT, isOneOf } from "../lib/types";

const FIX =
  "Grant permissions to a group or role and add the user to the group (or let people use SSO roles).";

/** FSBP IAM.2: users get permissions through groups or roles (advisory: an access-management choice). */
export const iamForbidUserPolicies: ResourceValidationPolicy = {
  name: "iam-forbid-user-policies",
  description: "IAM users receive permissions only through groups or roles.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("IAM.2"),
  validateResource: (args, report) => {
    const direct =
      isOneOf(args.type, [...IAM_USER_POLICY, ...IAM_USER_POLICY_ATTACHMENT]) ||
      (args.type === "aws:iam/policyAttachment:PolicyAttachment" && asArray(args.props.users).length > 0);
    if (direct) report(`'${args.name}' attaches a policy directly to a user. ${FIX}`);
  },
};
