import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { KMS_KEY, isOneOf } from "../lib/types";

const FIX = "Set isEnabled: true, or remove the key (schedule its deletion) if nothing uses it.";

/** A disabled key breaks every resource encrypted with it (advisory: disabling can be deliberate before deletion). */
export const kmsEnableKeys: ResourceValidationPolicy = {
  name: "kms-enable-keys",
  description: "KMS keys declared in the program are enabled.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, KMS_KEY)) return;
    const p = args.props;
    if (p.isEnabled === false) report(`KMS key '${args.name}' is disabled. ${FIX}`);
  },
};
