import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";

import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX = "Set reservedConcurrentExecutions to the most the function (and what it calls) can take.";

/** A function-level concurrency limit (advisory: a capacity choice that contains runaway scaling). */
export const lambdaSetReservedConcurrency: ResourceValidationPolicy = {
  name: "lambda-set-reserved-concurrency",
  description: "Lambda functions set a reserved concurrency limit.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(typeof p.reservedConcurrentExecutions === "number" && p.reservedConcurrentExecutions >= 0))
      report(`Lambda function '${args.name}' has no reserved concurrency limit. ${FIX}`);
  },
};
