import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { SECRET, isOneOf } from "../lib/types";

const FIX =
  "Set kmsKeyId to a customer managed key so access to the secret also needs kms:Decrypt on a key you control.";

/** Secrets under a customer managed key (advisory: the AWS managed key `aws/secretsmanager` encrypts them otherwise). */
export const secretsmanagerEncryptWithCmk: ResourceValidationPolicy = {
  name: "secretsmanager-encrypt-with-cmk",
  description: "Secrets Manager secrets are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, SECRET)) return;
    const p = args.props;
    const key = asString(p.kmsKeyId);
    if (!key || /alias\/aws\/secretsmanager$/.test(key))
      report(`Secret '${args.name}' uses the AWS managed key. ${FIX}`);
  },
};
