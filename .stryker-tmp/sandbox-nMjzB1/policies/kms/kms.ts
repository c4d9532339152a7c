/** Shared check for KMS.1/KMS.2: IAM statements that allow decryption with every KMS key. */
// @ts-nocheck

import { allResources, grantsAction, type Statement, statementsOf } from "../lib/iam";

export const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

/** The blocked actions a document allows on all KMS keys (`Resource: "*"`), per statement. */
export function decryptOnAllKeys(
  document: unknown,
  blocked: readonly string[],
): { statement: Statement; actions: string[] }[] {
  return (statementsOf(document) ?? []).flatMap((s) => {
    if (s.effect !== "Allow" || !allResources(s)) return [];
    const actions = blocked.filter((a) => grantsAction(s, a));
    return actions.length > 0 ? [{ statement: s, actions }] : [];
  });
}

export const decryptConfigSchema = {
  properties: {
    blockedActions: {
      type: "array" as const,
      items: { type: "string" as const },
      default: DECRYPT_ACTIONS,
      description: "Actions that must not be allowed on all KMS keys.",
    },
  },
};

export const DECRYPT_FIX =
  'Scope the statement\'s Resource to the key ARNs the principal needs (or add a Condition such as "kms:ViaService").';
