// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { customCertificate } from "./distribution";

const FIX =
  'Set viewerCertificate.sslSupportMethod to "sni-only" (dedicated IPs cost extra and serve only legacy clients).';

/** FSBP CloudFront.8: custom certificates are served with SNI. */
export const cloudfrontUseSni: ResourceValidationPolicy = {
  name: "cloudfront-use-sni",
  description: "CloudFront distributions with custom certificates serve HTTPS with SNI.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("CloudFront.8"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    const cert = customCertificate(args.props);
    if (!cert) return args.notApplicable("Default CloudFront certificate");
    if (cert.sslSupportMethod !== "sni-only") {
      report(`Distribution '${args.name}' uses sslSupportMethod '${String(cert.sslSupportMethod)}'. ${FIX}`);
    }
  },
};
