import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { reportPublicStatements } from "../lib/resource-policy";
import { isOneOf, SQS_QUEUE, SQS_QUEUE_POLICY } from "../lib/types";

const FIX =
  "Name the sending principal, or keep the service principal and add a Condition on aws:SourceArn / aws:SourceAccount.";

/** FSBP SQS.3: queue access policies (`Queue.policy`, `aws.sqs.QueuePolicy`) do not allow everyone. */
export const sqsProhibitPublicAccess: ResourceValidationPolicy = {
  name: "sqs-prohibit-public-access",
  description: "SQS queue access policies do not allow public access.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("SQS.3"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...SQS_QUEUE, ...SQS_QUEUE_POLICY])) return;
    reportPublicStatements(args.props.policy, `queue policy of '${args.name}'`, FIX, report);
  },
};
