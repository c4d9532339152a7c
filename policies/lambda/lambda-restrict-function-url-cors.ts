import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION_URL } from "../lib/types";

const FIX = 'List the web origins that call the URL in cors.allowOrigins instead of "*".';

/** Function URL CORS names the allowed origins (advisory: a public read-only API may allow any origin). */
export const lambdaRestrictFunctionUrlCors: ResourceValidationPolicy = {
  name: "lambda-restrict-function-url-cors",
  description: "Lambda function URL CORS settings do not allow every origin.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION_URL)) return;
    if (asArray(asRecord(args.props.cors)?.allowOrigins).includes("*")) {
      report(`Function URL '${args.name}' allows CORS requests from any origin. ${FIX}`);
    }
  },
};
