// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { customCertificate } from "./distribution";

const FIX =
  "Serve the distribution on the project's domain (aliases) with an ACM certificate from us-east-1 " +
  '(viewerCertificate.acmCertificateArn, sslSupportMethod "sni-only").';

/**
 * FSBP CloudFront.7: a custom certificate rather than the default *.cloudfront.net one. Advisory: it
 * needs a registered domain, which an environment may not have; the default certificate still
 * encrypts traffic.
 */
export const cloudfrontUseCustomCertificate: ResourceValidationPolicy = {
  name: "cloudfront-use-custom-certificate",
  description: "CloudFront distributions use a custom SSL/TLS certificate.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("CloudFront.7"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    if (!customCertificate(args.props))
      report(`Distribution '${args.name}' uses the default CloudFront certificate. ${FIX}`);
  },
};
