import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { BACKUP_VAULT, isOneOf } from "../lib/types";

const FIX = "Set kmsKeyArn to a customer managed key for the vault.";

/** Recovery points under a key you control (advisory: AWS Backup's default key encrypts otherwise). */
export const backupEncryptVaultWithCmk: ResourceValidationPolicy = {
  name: "backup-encrypt-vault-with-cmk",
  description: "AWS Backup vaults are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, BACKUP_VAULT)) return;
    const p = args.props;
    if (!asString(p.kmsKeyArn)) report(`Backup vault '${args.name}' has no customer managed key. ${FIX}`);
  },
};
