// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { isOneOf, LISTENER } from "../lib/types";
import { listenerProtocol } from "./listeners";

/** ELB security policies AWS recommends for HTTPS/TLS listeners (TLS 1.3 policies, incl. FIPS and PQ). */
export const RECOMMENDED_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
];

/** FSBP ELB.17: HTTPS and TLS listeners name a recommended security policy (explicitly). */
export const elbUseRecommendedTlsPolicy: ResourceValidationPolicy = {
  name: "elb-use-recommended-tls-policy",
  description: "Load balancer HTTPS/TLS listeners use a recommended security policy.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another recommended TLS 1.3 policy).',
  ...fsbp("ELB.17"),
  configSchema: {
    properties: {
      allowedPolicies: {
        type: "array",
        items: { type: "string" },
        default: RECOMMENDED_SSL_POLICIES,
        description: "Acceptable sslPolicy values.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LISTENER)) return;
    const protocol = listenerProtocol(args.props);
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    const { allowedPolicies } = configOf<{ allowedPolicies: string[] }>(args, elbUseRecommendedTlsPolicy);
    const policy = args.props.sslPolicy;
    if (typeof policy !== "string" || !allowedPolicies.includes(policy)) {
      report(
        `${protocol} listener '${args.name}' uses security policy ${String(policy ?? "(AWS default)")}. ` +
          'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another recommended TLS 1.3 policy).',
      );
    }
  },
};
