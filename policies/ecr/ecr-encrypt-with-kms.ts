import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, asRecord, asString } from "../lib/props";
import { ECR_REPOSITORY, isOneOf } from "../lib/types";

const FIX =
  'Set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <customer managed key ARN> }] (only at creation).';

/** FSBP ECR.5: images encrypted with a customer managed key (advisory: ECR encrypts with AES-256 otherwise). */
export const ecrEncryptWithKms: ResourceValidationPolicy = {
  name: "ecr-encrypt-with-kms",
  description: "ECR repositories are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("ECR.5"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECR_REPOSITORY)) return;
    const p = args.props;
    const enc = asRecord(asArray(p.encryptionConfigurations)[0]);
    if (enc?.encryptionType !== "KMS" || !asString(enc.kmsKey))
      report(`ECR repository '${args.name}' is not encrypted with a customer managed key. ${FIX}`);
  },
};
