import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { KMS_KEY, isOneOf } from "../lib/types";

const FIX = "Set the key's policy (or an aws.kms.KeyPolicy) naming the administrators and users of the key.";

/** An explicit key policy instead of the default one, which delegates all access to IAM in the account. */
export const kmsConfigureKeyPolicy: ResourceValidationPolicy = {
  name: "kms-configure-key-policy",
  description: "KMS keys have an explicit key policy.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, KMS_KEY)) return;
    const p = args.props;
    if (p.policy === undefined) report(`KMS key '${args.name}' uses the default key policy. ${FIX}`);
  },
};
