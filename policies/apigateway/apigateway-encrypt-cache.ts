import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { APIGATEWAY_METHOD_SETTINGS, isOneOf } from "../lib/types";

const FIX = "Set settings.cacheDataEncrypted: true wherever settings.cachingEnabled is true.";

/** FSBP APIGateway.5: cached responses are encrypted at rest. */
export const apigatewayEncryptCache: ResourceValidationPolicy = {
  name: "apigateway-encrypt-cache",
  description: "API Gateway method settings encrypt cached responses.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("APIGateway.5"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_METHOD_SETTINGS)) return;
    const p = args.props;
    const s = asRecord(p.settings);
    if (s?.cachingEnabled === true && s.cacheDataEncrypted !== true)
      report(`Method settings '${args.name}' cache responses unencrypted. ${FIX}`);
  },
};
