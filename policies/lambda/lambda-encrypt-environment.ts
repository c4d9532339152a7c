import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { isOneOf, LAMBDA_FUNCTION } from "../lib/types";

const FIX =
  "Set kmsKeyArn to a customer managed key so environment variables are encrypted with a key you control.";

/** Environment variables encrypted with a customer managed KMS key (advisory: AWS encrypts them with its own key by default). */
export const lambdaEncryptEnvironment: ResourceValidationPolicy = {
  name: "lambda-encrypt-environment",
  description: "Lambda environment variables are encrypted with a customer managed key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LAMBDA_FUNCTION)) return;
    const p = args.props;
    if (!(
      Object.keys(asRecord(asRecord(p.environment)?.variables) ?? {}).length === 0 ||
      asString(p.kmsKeyArn) !== undefined
    ))
      report(
        `Lambda function '${args.name}' has environment variables without a customer managed key. ${FIX}`,
      );
  },
};
