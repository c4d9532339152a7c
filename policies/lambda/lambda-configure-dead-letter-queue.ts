import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX =
  "Set deadLetterConfig.targetArn to an SQS queue or SNS topic so failed asynchronous invocations are kept.";

/** A dead-letter queue for asynchronous invocations (advisory: synchronous-only functions need none). */
export const lambdaConfigureDeadLetterQueue: ResourceValidationPolicy = {
  name: "lambda-configure-dead-letter-queue",
  description: "Lambda functions keep failed asynchronous events in a dead-letter queue.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(asString(asRecord(p.deadLetterConfig)?.targetArn) !== undefined))
      report(`Lambda function '${args.name}' has no dead-letter queue. ${FIX}`);
  },
};
