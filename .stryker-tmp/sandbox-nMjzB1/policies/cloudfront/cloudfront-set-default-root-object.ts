// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { isS3Origin, originsOf } from "./distribution";

const FIX =
  'Set defaultRootObject (e.g. "index.html") so a request for "/" never lists or exposes the origin.';

/**
 * FSBP CloudFront.1: a default root object. Checked on distributions with an S3 origin; a distribution
 * that only fronts an API (custom origins) has no root object to serve.
 */
export const cloudfrontSetDefaultRootObject: ResourceValidationPolicy = {
  name: "cloudfront-set-default-root-object",
  description: "CloudFront distributions with S3 origins have a default root object.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("CloudFront.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    if (!originsOf(args.props).some(isS3Origin)) return args.notApplicable("No S3 origin");
    if (!asString(args.props.defaultRootObject))
      report(`Distribution '${args.name}' has no default root object. ${FIX}`);
  },
};
