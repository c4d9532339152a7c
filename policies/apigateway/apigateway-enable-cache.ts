import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { APIGATEWAY_STAGE, isOneOf } from "../lib/types";

const FIX =
  "Set cacheClusterEnabled: true and cacheClusterSize on the stage (and cacheDataEncrypted in its method settings).";

/** Response caching (advisory: a load and latency choice that peers check). */
export const apigatewayEnableCache: ResourceValidationPolicy = {
  name: "apigateway-enable-cache",
  description: "API Gateway REST stages have a response cache.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_STAGE)) return;
    const p = args.props;
    if (p.cacheClusterEnabled !== true) report(`API stage '${args.name}' has no cache cluster. ${FIX}`);
  },
};
