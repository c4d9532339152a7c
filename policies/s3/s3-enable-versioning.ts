import type { StackValidationPolicy } from "@pulumi/policy";
import { referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { S3_VERSIONING } from "../lib/types";
import { BUCKET_KEYS, buckets, label } from "./buckets";

const FIX =
  'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled" (and a lifecycle ' +
  "rule expiring noncurrent versions).";

/**
 * FSBP S3.14: versioning enabled (inline `versioning.enabled` or `BucketVersioning`/`V2`), so an
 * overwrite or delete can be undone. Advisory: a hardening choice with a storage cost.
 */
export const s3EnableVersioning: StackValidationPolicy = {
  name: "s3-enable-versioning",
  description: "S3 buckets have versioning enabled.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("S3.14"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const inline = asRecord(bucket.props.versioning)?.enabled === true;
      const separate = referencing(args.resources, S3_VERSIONING, "bucket", bucket, BUCKET_KEYS).some(
        (v) => asRecord(v.props.versioningConfiguration)?.status === "Enabled",
      );
      if (!inline && !separate)
        report(`${label(bucket)} does not have versioning enabled. ${FIX}`, bucket.urn);
    }
  },
};
