import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DEPRECATED_LAMBDA_RUNTIMES } from "../../lib/aws";
import { fsbp } from "../lib/meta";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX = "Move the function to a supported runtime (e.g. nodejs22.x, python3.13, java21) and redeploy.";

/** FSBP Lambda.2: functions run on a runtime AWS still patches. Container images (no runtime) pass. */
export const lambdaForbidDeprecatedRuntime: ResourceValidationPolicy = {
  name: "lambda-forbid-deprecated-runtime",
  description: "Lambda functions do not use deprecated runtimes.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("Lambda.2"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const runtime = args.props.runtime;
    if (typeof runtime === "string" && DEPRECATED_LAMBDA_RUNTIMES[runtime] !== undefined) {
      report(
        `Lambda function '${args.name}' uses ${runtime}, deprecated since ${DEPRECATED_LAMBDA_RUNTIMES[runtime]}. ${FIX}`,
      );
    }
  },
};
