// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { allResources, statementsOf } from "../lib/iam";
import { fsbp } from "../lib/meta";
import { documentsOf } from "./documents";

const FIX = 'Replace Action "*" on Resource "*" with the specific actions and resources the principal needs.';

/**
 * FSBP IAM.1: no `"Effect": "Allow", "Action": "*", "Resource": "*"`. The control covers customer
 * managed policies; inline policies (RolePolicy, UserPolicy, GroupPolicy, role inlinePolicies) are
 * held to the same rule here, as the program creates both.
 */
export const iamForbidFullAdmin: ResourceValidationPolicy = {
  name: "iam-forbid-full-admin",
  description: 'IAM policies do not grant full "*:*" administrative privileges.',
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("IAM.1"),
  validateResource: (args, report) => {
    for (const d of documentsOf(args.type, args.name, args.props)) {
      for (const s of statementsOf(d.doc) ?? []) {
        const everyAction =
          s.actions.includes("*") ||
          s.actions.includes("*:*") ||
          (s.notActions.length > 0 && s.actions.length === 0);
        if (s.effect === "Allow" && everyAction && allResources(s)) {
          report(`${d.label} statement ${s.sid ?? "(no Sid)"} grants full administrative access. ${FIX}`);
        }
      }
    }
  },
};
