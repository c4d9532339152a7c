// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { IAM_INLINE_POLICY, IAM_ROLE, isOneOf } from "../lib/types";
import { DECRYPT_FIX, decryptConfigSchema, decryptOnAllKeys } from "./kms";

/**
 * FSBP KMS.2: inline policies of roles, users and groups (`RolePolicy`, `UserPolicy`, `GroupPolicy`,
 * and a role's `inlinePolicies`) do not allow decryption with all KMS keys.
 */
export const kmsRestrictDecryptInInlinePolicies: ResourceValidationPolicy = {
  name: "kms-restrict-decrypt-in-inline-policies",
  description: "IAM inline policies do not allow decryption actions on all KMS keys.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: DECRYPT_FIX,
  ...fsbp("KMS.2"),
  configSchema: decryptConfigSchema,
  validateResource: (args, report) => {
    const { blockedActions } = configOf<{ blockedActions: string[] }>(
      args,
      kmsRestrictDecryptInInlinePolicies,
    );
    const documents: { label: string; doc: unknown }[] = [];
    if (isOneOf(args.type, IAM_INLINE_POLICY))
      documents.push({ label: `inline policy '${args.name}'`, doc: args.props.policy });
    if (isOneOf(args.type, IAM_ROLE)) {
      asArray(args.props.inlinePolicies).forEach((p, i) => {
        const r = asRecord(p);
        documents.push({
          label: `role '${args.name}' inline policy '${String(r?.name ?? i)}'`,
          doc: r?.policy,
        });
      });
    }
    for (const { label, doc } of documents) {
      for (const { statement, actions } of decryptOnAllKeys(doc, blockedActions)) {
        report(
          `${label} statement ${statement.sid ?? "(no Sid)"} allows ${actions.join(", ")} on all keys. ${DECRYPT_FIX}`,
        );
      }
    }
  },
};
