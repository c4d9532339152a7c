import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { APIGATEWAY_STAGE, APIGATEWAY_V2_STAGE, isOneOf } from "../lib/types";

const FIX =
  "Set accessLogSettings.destinationArn to a log group and a format (e.g. $context.requestId, $context.identity.sourceIp, $context.status).";

/** FSBP APIGateway.9 (and peers' REST rule): every request is recorded. */
export const apigatewayEnableAccessLogging: ResourceValidationPolicy = {
  name: "apigateway-enable-access-logging",
  description: "API Gateway stages write access logs.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("APIGateway.9"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...APIGATEWAY_STAGE, ...APIGATEWAY_V2_STAGE])) return;
    const p = args.props;
    if (!asString(asRecord(p.accessLogSettings)?.destinationArn))
      report(`API stage '${args.name}' has no access logs. ${FIX}`);
  },
};
