// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { buckets, label, publicAccessReasons } from "./buckets";

const FIX =
  'Remove the public ACL/grant and the bucket policy statement that allows Principal "*" to read (serve ' +
  "content through CloudFront with origin access control instead), or set ignorePublicAcls and " +
  "restrictPublicBuckets on the bucket's public access block.";

/** FSBP S3.2: ACLs and bucket policies, neutralised by the bucket's or the account's public access block. */
export const s3BlockPublicRead: StackValidationPolicy = {
  name: "s3-block-public-read",
  description: "S3 buckets do not allow public read access through ACLs or bucket policies.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("S3.2"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const reasons = publicAccessReasons(args.resources, bucket, "read");
      if (reasons.length > 0)
        report(`${label(bucket)} allows public read: ${reasons.join("; ")}. ${FIX}`, bucket.urn);
    }
  },
};
