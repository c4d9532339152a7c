import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord } from "../lib/props";
import { APIGATEWAY_DOMAIN_NAMES, isOneOf } from "../lib/types";

const FIX = 'Set securityPolicy (REST) or domainNameConfiguration.securityPolicy (HTTP) to "TLS_1_2".';

/** Custom domains refuse TLS 1.0/1.1. */
export const apigatewayUseSecureTlsPolicy: ResourceValidationPolicy = {
  name: "apigateway-use-secure-tls-policy",
  description: "API Gateway custom domains use the TLS 1.2 security policy.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_DOMAIN_NAMES)) return;
    const p = args.props;
    const policy = p.securityPolicy ?? asRecord(p.domainNameConfiguration)?.securityPolicy;
    if (
      policy !== undefined &&
      !String(policy).startsWith("TLS_1_2") &&
      !String(policy).startsWith("SecurityPolicy_TLS1")
    )
      report(`Domain name '${args.name}' allows ${String(policy)}. ${FIX}`);
  },
};
