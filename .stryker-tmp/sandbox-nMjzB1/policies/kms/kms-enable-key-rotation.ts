// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf } from "../lib/types";

const FIX = "Set enableKeyRotation: true on the key (symmetric encryption keys rotate yearly by default).";

/** FSBP KMS.4: symmetric encryption keys have automatic rotation enabled. */
export const kmsEnableKeyRotation: ResourceValidationPolicy = {
  name: "kms-enable-key-rotation",
  description: "Symmetric KMS keys have automatic key rotation enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("KMS.4"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ["aws:kms/key:Key"])) return;
    const spec = args.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    const usage = args.props.keyUsage ?? "ENCRYPT_DECRYPT";
    if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") return;
    if (args.props.customKeyStoreId !== undefined) return;
    if (args.props.enableKeyRotation !== true)
      report(`KMS key '${args.name}' does not rotate automatically. ${FIX}`);
  },
};
