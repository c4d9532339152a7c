import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray } from "../lib/props";
import { IAM_POLICY_ATTACHMENTS, IAM_ROLE, isOneOf } from "../lib/types";

/** AWS managed policies that grant full administrative or full IAM access. */
export const ADMIN_MANAGED_POLICIES = ["AdministratorAccess", "IAMFullAccess"];

const FIX =
  "Attach a policy that lists the actions and resources the principal needs instead of an administrator policy.";

const isAdminArn = (v: unknown): v is string =>
  typeof v === "string" &&
  ADMIN_MANAGED_POLICIES.some((n) => new RegExp(`^arn:aws[a-z-]*:iam::aws:policy/${n}$`).test(v));

/** No role, user or group gets AdministratorAccess or IAMFullAccess (attachments or `managedPolicyArns`). */
export const iamForbidAdminAttachments: ResourceValidationPolicy = {
  name: "iam-forbid-admin-attachments",
  description: "IAM principals are not given the AdministratorAccess or IAMFullAccess managed policies.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    const arns = isOneOf(args.type, IAM_POLICY_ATTACHMENTS)
      ? [args.props.policyArn]
      : isOneOf(args.type, IAM_ROLE)
        ? asArray(args.props.managedPolicyArns)
        : [];
    for (const arn of arns.filter(isAdminArn)) report(`'${args.name}' attaches ${arn}. ${FIX}`);
  },
};
