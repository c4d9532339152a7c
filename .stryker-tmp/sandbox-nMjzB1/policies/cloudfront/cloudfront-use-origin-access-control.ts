// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { isS3Origin, originsOf } from "./distribution";

const FIX =
  'Create an aws.cloudfront.OriginAccessControl (originAccessControlOriginType "s3", signingBehavior "always", ' +
  'signingProtocol "sigv4"), set the origin\'s originAccessControlId, and allow only that distribution in the bucket policy.';

/** FSBP CloudFront.13: S3 origins use origin access control (not OAI, not a public bucket). */
export const cloudfrontUseOriginAccessControl: ResourceValidationPolicy = {
  name: "cloudfront-use-origin-access-control",
  description: "CloudFront distributions reach S3 origins through origin access control.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("CloudFront.13"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    for (const o of originsOf(args.props).filter(isS3Origin)) {
      if (!asString(o.raw.originAccessControlId)) {
        report(`Distribution '${args.name}' S3 origin '${o.id}' has no origin access control. ${FIX}`);
      }
    }
  },
};
