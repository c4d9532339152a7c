// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { S3_LIFECYCLE } from "../lib/types";
import { BUCKET_KEYS, buckets, label } from "./buckets";

const FIX =
  'Add an aws.s3.BucketLifecycleConfiguration for the bucket with at least one rule in status "Enabled" ' +
  "(e.g. abort incomplete multipart uploads after 7 days, expire noncurrent versions).";

/**
 * FSBP S3.13: at least one enabled lifecycle rule (inline `lifecycleRules` or
 * `BucketLifecycleConfiguration`/`V2`). Advisory: what to expire is a judgement about the data.
 */
export const s3ConfigureLifecycle: StackValidationPolicy = {
  name: "s3-configure-lifecycle",
  description: "S3 buckets have at least one enabled lifecycle rule.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("S3.13"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const inline = asArray(bucket.props.lifecycleRules).some((r) => asRecord(r)?.enabled === true);
      const separate = referencing(args.resources, S3_LIFECYCLE, "bucket", bucket, BUCKET_KEYS).some((c) =>
        asArray(c.props.rules).some((r) => asRecord(r)?.status === "Enabled"),
      );
      if (!inline && !separate) report(`${label(bucket)} has no enabled lifecycle rule. ${FIX}`, bucket.urn);
    }
  },
};
