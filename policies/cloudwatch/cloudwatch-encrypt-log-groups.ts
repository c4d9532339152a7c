import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { LOG_GROUP, isOneOf } from "../lib/types";

const FIX =
  "Set kmsKeyId to a customer managed key whose policy allows the logs service principal of the region.";

/** Log groups encrypted with a key you control (advisory: CloudWatch Logs always encrypts with its own key). */
export const cloudwatchEncryptLogGroups: ResourceValidationPolicy = {
  name: "cloudwatch-encrypt-log-groups",
  description: "CloudWatch log groups are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOG_GROUP)) return;
    const p = args.props;
    if (!asString(p.kmsKeyId)) report(`Log group '${args.name}' has no customer managed KMS key. ${FIX}`);
  },
};
