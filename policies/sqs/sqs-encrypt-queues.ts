import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString, safe } from "../lib/props";
import { SQS_QUEUE, isOneOf } from "../lib/types";

const FIX = "Set sqsManagedSseEnabled: true (or kmsMasterKeyId for a customer managed key).";

/**
 * FSBP SQS.1: messages are encrypted at rest. New queues get SQS-managed encryption unless it is turned
 * off, so a queue fails when `sqsManagedSseEnabled` is false and no KMS key is set.
 */
export const sqsEncryptQueues: ResourceValidationPolicy = {
  name: "sqs-encrypt-queues",
  description: "SQS queues encrypt messages at rest (SQS-managed or KMS).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("SQS.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, SQS_QUEUE)) return;
    if ("kmsMasterKeyId" in args.props && safe(() => args.props.kmsMasterKeyId) === undefined) return; // unknown
    const key = asString(safe(() => args.props.kmsMasterKeyId));
    const managed = safe(() => args.props.sqsManagedSseEnabled);
    if (!key && (managed === false || managed === "false"))
      report(`Queue '${args.name}' turns encryption at rest off. ${FIX}`);
  },
};
