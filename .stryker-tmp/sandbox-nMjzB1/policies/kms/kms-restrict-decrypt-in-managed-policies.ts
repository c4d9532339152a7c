// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { IAM_MANAGED_POLICY, isOneOf } from "../lib/types";
import { DECRYPT_FIX, decryptConfigSchema, decryptOnAllKeys } from "./kms";

/** FSBP KMS.1: customer managed IAM policies do not allow decryption with all KMS keys. */
export const kmsRestrictDecryptInManagedPolicies: ResourceValidationPolicy = {
  name: "kms-restrict-decrypt-in-managed-policies",
  description: "Customer managed IAM policies do not allow decryption actions on all KMS keys.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: DECRYPT_FIX,
  ...fsbp("KMS.1"),
  configSchema: decryptConfigSchema,
  validateResource: (args, report) => {
    if (!isOneOf(args.type, IAM_MANAGED_POLICY)) return;
    const { blockedActions } = configOf<{ blockedActions: string[] }>(
      args,
      kmsRestrictDecryptInManagedPolicies,
    );
    for (const { statement, actions } of decryptOnAllKeys(args.props.policy, blockedActions)) {
      report(
        `IAM policy '${args.name}' statement ${statement.sid ?? "(no Sid)"} allows ${actions.join(", ")} on all keys. ${DECRYPT_FIX}`,
      );
    }
  },
};
