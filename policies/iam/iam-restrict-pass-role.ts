import type { ResourceValidationPolicy } from "@pulumi/policy";
import { allResources, grantsAction, grantsAllActions, statementLabel, statementsOf } from "../lib/iam";
import { baseline } from "../lib/meta";
import { documentsOf } from "./documents";

const FIX =
  'Limit iam:PassRole to the ARNs of the roles the principal hands to services, and add a Condition on "iam:PassedToService".';

/**
 * `iam:PassRole` on every role lets the holder hand any role (an admin one included) to a service it
 * controls: a privilege escalation. (`*` on `*` is reported by iam-forbid-full-admin instead.)
 */
export const iamRestrictPassRole: ResourceValidationPolicy = {
  name: "iam-restrict-pass-role",
  description: "IAM policies do not allow iam:PassRole on every role.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    for (const d of documentsOf(args.type, args.name, args.props)) {
      (statementsOf(d.doc) ?? []).forEach((s, i) => {
        if (s.effect !== "Allow" || !allResources(s) || grantsAllActions(s)) return;
        if (grantsAction(s, "iam:PassRole"))
          report(`${d.label} ${statementLabel(s, i)} allows iam:PassRole on every role. ${FIX}`);
      });
    }
  },
};
