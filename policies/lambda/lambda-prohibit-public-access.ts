import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { isOneOf, LAMBDA_PERMISSION } from "../lib/types";

const FIX =
  "Grant the invoking service or account (principal) and set sourceArn, sourceAccount or principalOrgId; " +
  'a public function URL needs functionUrlAuthType "AWS_IAM".';

/**
 * FSBP Lambda.1: a permission (`aws.lambda.Permission`, the function's resource policy) for principal
 * `*` must be limited by sourceArn, sourceAccount or principalOrgId; a function URL permission is
 * public unless its auth type is `AWS_IAM`.
 */
export const lambdaProhibitPublicAccess: ResourceValidationPolicy = {
  name: "lambda-prohibit-public-access",
  description: "Lambda function policies do not allow public invocation.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("Lambda.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_PERMISSION)) return;
    if (args.props.principal !== "*") return;
    if (args.props.functionUrlAuthType === "AWS_IAM") return;
    const limited = ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => asString(args.props[k]));
    if (args.props.functionUrlAuthType === "NONE" || !limited) {
      report(
        `Lambda permission '${args.name}' lets anyone invoke ${String(args.props.function ?? "the function")}. ${FIX}`,
      );
    }
  },
};
