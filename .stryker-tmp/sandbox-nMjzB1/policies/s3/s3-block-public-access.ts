// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { buckets, label, missingFlags, publicAccessBlocksOf } from "./buckets";

const FIX =
  "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, " +
  "ignorePublicAcls and restrictPublicBuckets all set to true.";

/** FSBP S3.8: bucket-level block public access settings, joined by the block's `bucket` reference. */
export const s3BlockPublicAccess: StackValidationPolicy = {
  name: "s3-block-public-access",
  description: "S3 buckets have a bucket-level public access block with all four settings enabled.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("S3.8"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const blocks = publicAccessBlocksOf(args.resources, bucket);
      if (blocks.length === 0) {
        report(`${label(bucket)} has no public access block. ${FIX}`, bucket.urn);
        continue;
      }
      const complete = blocks.some((b) => missingFlags(b).length === 0);
      if (!complete) {
        const missing = missingFlags(blocks[0]);
        report(
          `${label(bucket)}: public access block leaves ${missing.join(", ")} disabled. ${FIX}`,
          bucket.urn,
        );
      }
    }
  },
};
