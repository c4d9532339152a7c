// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { buckets, hasAccessLogging, isLogTarget, label } from "./buckets";

const FIX =
  "Add an aws.s3.BucketLogging for the bucket (bucket: bucket.id, targetBucket: the stack's log bucket, " +
  "targetPrefix: `s3/<bucket>/`).";

/**
 * FSBP S3.9: server access logging (inline `logging` or `BucketLogging`/`BucketLoggingV2`). Buckets that
 * receive logs (S3 access logs, load balancer access logs, CloudFront standard logs) are exempt: a log
 * bucket logging to itself loops, and logging to another log bucket only moves the problem.
 */
export const s3EnableAccessLogging: StackValidationPolicy = {
  name: "s3-enable-access-logging",
  description: "S3 buckets (other than log destinations) have server access logging enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("S3.9"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      if (hasAccessLogging(args.resources, bucket) || isLogTarget(args.resources, bucket)) continue;
      report(`${label(bucket)} has no server access logging. ${FIX}`, bucket.urn);
    }
  },
};
