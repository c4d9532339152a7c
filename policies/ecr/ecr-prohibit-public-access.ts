import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { reportPublicStatements } from "../lib/resource-policy";
import { ECR_REPOSITORY_POLICY, isOneOf } from "../lib/types";

const FIX =
  "Name the accounts or roles that pull (Principal), or add a Condition on aws:PrincipalOrgID / aws:SourceAccount.";

/** ECR repository policies do not let anyone pull or push (a public principal no condition limits). */
export const ecrProhibitPublicAccess: ResourceValidationPolicy = {
  name: "ecr-prohibit-public-access",
  description: "ECR repository policies do not allow public access.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECR_REPOSITORY_POLICY)) return;
    reportPublicStatements(args.props.policy, `repository policy '${args.name}'`, FIX, report);
  },
};
