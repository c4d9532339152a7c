import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { reportPublicStatements } from "../lib/resource-policy";
import { isOneOf, KMS_KEY, KMS_KEY_POLICY } from "../lib/types";

const FIX =
  'Replace Principal "*" in the key policy with the account root or specific roles, or add a Condition ' +
  '(e.g. "kms:CallerAccount" or "aws:SourceArn") that limits who can use the key.';

/** FSBP KMS.5: key policies (on `aws.kms.Key` or `aws.kms.KeyPolicy`) do not allow everyone. */
export const kmsProhibitPublicAccess: ResourceValidationPolicy = {
  name: "kms-prohibit-public-access",
  description: "KMS key policies do not make keys publicly accessible.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("KMS.5"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...KMS_KEY, ...KMS_KEY_POLICY])) return;
    reportPublicStatements(args.props.policy, `key policy of '${args.name}'`, FIX, report);
  },
};
