import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX =
  "Attach a code signing config (codeSigningConfigArn) that only accepts packages signed by your signing profile.";

/** Code signing for zip packages (advisory: needs a signing profile in the build; images are verified by ECR). */
export const lambdaRequireCodeSigning: ResourceValidationPolicy = {
  name: "lambda-require-code-signing",
  description: "Lambda functions validate code signatures.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(p.packageType === "Image" || asString(p.codeSigningConfigArn) !== undefined))
      report(`Lambda function '${args.name}' does not validate code signatures. ${FIX}`);
  },
};
