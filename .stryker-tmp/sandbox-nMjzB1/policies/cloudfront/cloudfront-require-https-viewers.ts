// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { behaviorsOf } from "./distribution";

const FIX = 'Set viewerProtocolPolicy to "redirect-to-https" (or "https-only") on every cache behavior.';

/** FSBP CloudFront.3: no cache behavior allows plain HTTP viewers. */
export const cloudfrontRequireHttpsViewers: ResourceValidationPolicy = {
  name: "cloudfront-require-https-viewers",
  description: "CloudFront distributions require HTTPS between viewers and CloudFront.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("CloudFront.3"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    for (const b of behaviorsOf(args.props)) {
      if (b.raw.viewerProtocolPolicy === "allow-all") {
        report(`Distribution '${args.name}' ${b.label} allows HTTP viewers. ${FIX}`);
      }
    }
  },
};
