// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf, SNS_TOPIC } from "../lib/types";

const FIX =
  'Set kmsMasterKeyId to a KMS key (a customer managed key whose policy lets CloudWatch publish, or "alias/aws/sns").';

/** FSBP SNS.1: topics are encrypted at rest with KMS. */
export const snsEncryptTopics: ResourceValidationPolicy = {
  name: "sns-encrypt-topics",
  description: "SNS topics are encrypted at rest using AWS KMS.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("SNS.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, SNS_TOPIC)) return;
    const key = args.props.kmsMasterKeyId;
    if (typeof key !== "string" || key.length === 0)
      report(`SNS topic '${args.name}' is not encrypted with KMS. ${FIX}`);
  },
};
