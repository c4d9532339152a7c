import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { APIGATEWAY_STAGE, isOneOf } from "../lib/types";

const FIX = "Set xrayTracingEnabled: true on the stage.";

/** FSBP APIGateway.3: requests are traced (advisory: observability hardening). */
export const apigatewayEnableTracing: ResourceValidationPolicy = {
  name: "apigateway-enable-tracing",
  description: "API Gateway REST stages have X-Ray tracing enabled.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("APIGateway.3"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_STAGE)) return;
    const p = args.props;
    if (p.xrayTracingEnabled !== true) report(`API stage '${args.name}' has no X-Ray tracing. ${FIX}`);
  },
};
