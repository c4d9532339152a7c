import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { isOneOf, LAMBDA_PERMISSION } from "../lib/types";

const FIX =
  "Set sourceArn to the bucket, topic, rule or API that invokes the function (and sourceAccount for S3), so " +
  "the service cannot invoke it on behalf of other accounts.";

/** A permission for an AWS service principal names the invoking resource (confused-deputy protection). */
export const lambdaRestrictPermissionSource: ResourceValidationPolicy = {
  name: "lambda-restrict-permission-source",
  description: "Lambda permissions for AWS services name the source resource or account.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_PERMISSION)) return;
    const principal = asString(args.props.principal);
    if (!principal?.endsWith(".amazonaws.com")) return;
    if (asString(args.props.sourceArn) || asString(args.props.sourceAccount)) return;
    report(`Lambda permission '${args.name}' lets ${principal} invoke the function from any source. ${FIX}`);
  },
};
