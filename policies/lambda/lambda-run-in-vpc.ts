import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX =
  "Set vpcConfig with private subnetIds and securityGroupIds when the function reaches private resources.";

/** FSBP Lambda.3: functions in a VPC (advisory: functions that only call public AWS APIs need no VPC). */
export const lambdaRunInVpc: ResourceValidationPolicy = {
  name: "lambda-run-in-vpc",
  description: "Lambda functions run inside a VPC.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("Lambda.3"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(asArray(asRecord(p.vpcConfig)?.subnetIds).length > 0))
      report(`Lambda function '${args.name}' does not run in a VPC. ${FIX}`);
  },
};
