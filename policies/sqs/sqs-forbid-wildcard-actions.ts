import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { reportAllActions } from "../lib/resource-policy";
import { isOneOf, SQS_QUEUE, SQS_QUEUE_POLICY } from "../lib/types";

const FIX =
  'List the actions the principal needs (e.g. "sqs:SendMessage") instead of "*", "sqs:*" or NotAction.';

/** Queue policies grant named actions: `*`/`sqs:*`/`NotAction` also lets the grantee delete or repoint the queue. */
export const sqsForbidWildcardActions: ResourceValidationPolicy = {
  name: "sqs-forbid-wildcard-actions",
  description: "SQS queue policies do not allow all actions.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...SQS_QUEUE, ...SQS_QUEUE_POLICY])) return;
    reportAllActions(args.props.policy, "sqs", `queue policy of '${args.name}'`, FIX, report);
  },
};
