import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { reportPublicStatements } from "../lib/resource-policy";
import { isOneOf, SNS_TOPIC } from "../lib/types";

const FIX =
  "Limit the topic policy's Principal to this account or the publishing service, or add a Condition such as " +
  '"aws:SourceAccount" / "aws:SourceArn".';

/** FSBP SNS.4: topic access policies (`Topic.policy`, `aws.sns.TopicPolicy`) do not allow everyone. */
export const snsProhibitPublicAccess: ResourceValidationPolicy = {
  name: "sns-prohibit-public-access",
  description: "SNS topic access policies do not allow public access.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("SNS.4"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...SNS_TOPIC, "aws:sns/topicPolicy:TopicPolicy"])) return;
    reportPublicStatements(args.props.policy, `topic policy of '${args.name}'`, FIX, report);
  },
};
