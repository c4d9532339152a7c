import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { isOneOf, LAMBDA_FUNCTION_URL } from "../lib/types";

const FIX =
  'Set authorizationType: "AWS_IAM" (sign requests with SigV4, e.g. from CloudFront with OAC) instead of "NONE".';

/** Function URLs require IAM auth: `NONE` is a public HTTPS endpoint that bypasses every gateway control. */
export const lambdaRequireFunctionUrlAuth: ResourceValidationPolicy = {
  name: "lambda-require-function-url-auth",
  description: "Lambda function URLs require IAM authentication.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION_URL)) return;
    if (args.props.authorizationType !== "AWS_IAM") {
      report(
        `Function URL '${args.name}' has authorizationType ${String(args.props.authorizationType)}. ${FIX}`,
      );
    }
  },
};
