// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { customCertificate } from "./distribution";

/** Viewer security policies AWS recommends (TLS 1.2+ with modern ciphers). */
export const RECOMMENDED_VIEWER_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/**
 * FSBP CloudFront.15: distributions with a custom certificate use a recommended security policy
 * (`minimumProtocolVersion`). With the default certificate CloudFront fixes the policy and the
 * control does not assess it.
 */
export const cloudfrontUseRecommendedTlsPolicy: ResourceValidationPolicy = {
  name: "cloudfront-use-recommended-tls-policy",
  description: "CloudFront distributions use the recommended viewer TLS security policy.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Set viewerCertificate.minimumProtocolVersion to "TLSv1.2_2021" (or a newer recommended policy).',
  ...fsbp("CloudFront.15"),
  configSchema: {
    properties: {
      allowedPolicies: {
        type: "array",
        items: { type: "string" },
        default: RECOMMENDED_VIEWER_POLICIES,
        description: "Acceptable minimumProtocolVersion values.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    const cert = customCertificate(args.props);
    if (!cert) return args.notApplicable("Default CloudFront certificate");
    const { allowedPolicies } = configOf<{ allowedPolicies: string[] }>(
      args,
      cloudfrontUseRecommendedTlsPolicy,
    );
    const v = String(cert.minimumProtocolVersion ?? "TLSv1 (default)");
    if (!allowedPolicies.includes(v)) {
      report(
        `Distribution '${args.name}' uses viewer security policy ${v}. Set viewerCertificate.minimumProtocolVersion to one of ${allowedPolicies.join(", ")}.`,
      );
    }
  },
};
