import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord } from "../lib/props";
import { APIGATEWAY_METHOD_SETTINGS, isOneOf } from "../lib/types";

const FIX = 'Set settings.dataTraceEnabled: false and settings.loggingLevel to "ERROR" or "INFO".';

/** Data trace logs whole payloads (tokens, personal data) to CloudWatch: never on. */
export const apigatewayDisableDataTrace: ResourceValidationPolicy = {
  name: "apigateway-disable-data-trace",
  description: "API Gateway method settings do not log full request and response data.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_METHOD_SETTINGS)) return;
    const p = args.props;
    if (asRecord(p.settings)?.dataTraceEnabled === true)
      report(`Method settings '${args.name}' log full request and response data. ${FIX}`);
  },
};
