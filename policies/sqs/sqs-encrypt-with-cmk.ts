import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { SQS_QUEUE, isOneOf } from "../lib/types";

const FIX =
  "Set kmsMasterKeyId to a customer managed key (with a key policy allowing the producers' services).";

/** Messages under a key you control (advisory: SQS-managed SSE is encryption at rest already). */
export const sqsEncryptWithCmk: ResourceValidationPolicy = {
  name: "sqs-encrypt-with-cmk",
  description: "SQS queues are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, SQS_QUEUE)) return;
    const p = args.props;
    const key = asString(p.kmsMasterKeyId);
    if (!key || key === "alias/aws/sqs")
      report(`Queue '${args.name}' is not encrypted with a customer managed key. ${FIX}`);
  },
};
