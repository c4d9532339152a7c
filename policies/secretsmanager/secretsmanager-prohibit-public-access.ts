import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { reportPublicStatements } from "../lib/resource-policy";
import { isOneOf, SECRET, SECRET_POLICY } from "../lib/types";

const FIX =
  "Name the roles that read the secret (Principal), or add a Condition on aws:PrincipalOrgID / aws:PrincipalArn.";

/** Secret resource policies (`Secret.policy`, `aws.secretsmanager.SecretPolicy`) do not allow everyone. */
export const secretsmanagerProhibitPublicAccess: ResourceValidationPolicy = {
  name: "secretsmanager-prohibit-public-access",
  description: "Secrets Manager resource policies do not allow public access.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...SECRET, ...SECRET_POLICY])) return;
    reportPublicStatements(args.props.policy, `resource policy of secret '${args.name}'`, FIX, report);
  },
};
