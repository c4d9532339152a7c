import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { APIGATEWAY_METHOD_SETTINGS, isOneOf } from "../lib/types";

const FIX = 'Set settings.loggingLevel to "ERROR" or "INFO".';

/** FSBP APIGateway.1: execution logging is on (advisory). */
export const apigatewayConfigureLoggingLevel: ResourceValidationPolicy = {
  name: "apigateway-configure-logging-level",
  description: "API Gateway method settings set an execution logging level.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("APIGateway.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_METHOD_SETTINGS)) return;
    const p = args.props;
    const level = asRecord(p.settings)?.loggingLevel;
    if (level !== "ERROR" && level !== "INFO")
      report(`Method settings '${args.name}' have execution logging off. ${FIX}`);
  },
};
