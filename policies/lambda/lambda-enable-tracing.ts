import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX = 'Set tracingConfig: { mode: "Active" } so requests are traced end to end with X-Ray.';

/** FSBP Lambda.7: active tracing (advisory: observability hardening). */
export const lambdaEnableTracing: ResourceValidationPolicy = {
  name: "lambda-enable-tracing",
  description: "Lambda functions have active X-Ray tracing.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("Lambda.7"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(asRecord(p.tracingConfig)?.mode === "Active"))
      report(`Lambda function '${args.name}' has no active X-Ray tracing. ${FIX}`);
  },
};
