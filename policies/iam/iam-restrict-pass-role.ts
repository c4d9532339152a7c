import type { ResourceValidationPolicy } from "@pulumi/policy";
import { grantsAction } from "../lib/iam";
import { baseline } from "../lib/meta";
import { statementsOnEveryResource } from "./documents";

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
    for (const { where, statement } of statementsOnEveryResource(args.type, args.name, args.props))
      if (grantsAction(statement, "iam:PassRole"))
        report(`${where} allows iam:PassRole on every role. ${FIX}`);
  },
};
