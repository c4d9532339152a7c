// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { behaviorsOf, customOriginConfig, originsOf } from "./distribution";

const FIX =
  'Set customOriginConfig.originProtocolPolicy to "https-only" (the origin needs a certificate for its domain).';

/**
 * FSBP CloudFront.9: traffic to custom origins is encrypted: `http-only` fails, and `match-viewer`
 * fails when a cache behavior still allows HTTP viewers.
 */
export const cloudfrontEncryptOriginTraffic: ResourceValidationPolicy = {
  name: "cloudfront-encrypt-origin-traffic",
  description: "CloudFront encrypts traffic to custom origins.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("CloudFront.9"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    const viewersMayUseHttp = behaviorsOf(args.props).some((b) => b.raw.viewerProtocolPolicy === "allow-all");
    for (const o of originsOf(args.props)) {
      const c = customOriginConfig(o);
      if (!c) continue;
      const policy = c.originProtocolPolicy;
      if (policy === "http-only" || (policy === "match-viewer" && viewersMayUseHttp)) {
        report(
          `Distribution '${args.name}' origin '${o.id}' uses originProtocolPolicy '${String(policy)}'. ${FIX}`,
        );
      }
    }
  },
};
