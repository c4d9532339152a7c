import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { SNS_TOPIC, isOneOf } from "../lib/types";

const FIX = "Set kmsMasterKeyId to a customer managed key whose policy lets the publishing services use it.";

/** Topics under a key you control (advisory; sns-encrypt-topics requires encryption itself). */
export const snsEncryptWithCmk: ResourceValidationPolicy = {
  name: "sns-encrypt-with-cmk",
  description: "SNS topics are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, SNS_TOPIC)) return;
    const p = args.props;
    const key = asString(p.kmsMasterKeyId);
    if (key !== undefined && key === "alias/aws/sns")
      report(`Topic '${args.name}' uses the AWS managed key alias/aws/sns. ${FIX}`);
  },
};
