import type { StackValidationPolicy } from "@pulumi/policy";
import { referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { BUCKET_KEYS, buckets, label, requiresS3ManagedKeys } from "./buckets";

const S3_SSE = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

const FIX =
  'Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and a customer managed ' +
  "kmsMasterKeyId (bucketKeyEnabled: true keeps KMS costs down).";

const usesKms = (rules: unknown): boolean =>
  asArray(rules).some((r) => {
    const d = asRecord(asRecord(r)?.applyServerSideEncryptionByDefault);
    return (
      (d?.sseAlgorithm === "aws:kms" || d?.sseAlgorithm === "aws:kms:dsse") && d.kmsMasterKeyId !== undefined
    );
  });

/**
 * FSBP S3.17: default encryption with a customer managed KMS key (inline
 * `serverSideEncryptionConfiguration` or the separate resource). Advisory: every bucket is already
 * encrypted with SSE-S3; a KMS key adds key-policy access control and audit. Buckets that receive S3
 * server access logs or load balancer access logs are exempt: AWS delivers those only under SSE-S3.
 */
export const s3EncryptWithKms: StackValidationPolicy = {
  name: "s3-encrypt-with-kms",
  description: "S3 buckets encrypt objects by default with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("S3.17"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      if (requiresS3ManagedKeys(args.resources, bucket)) continue;
      const inline = usesKms(
        asRecord(asRecord(bucket.props.serverSideEncryptionConfiguration)?.rule) ??
          asRecord(bucket.props.serverSideEncryptionConfiguration)?.rules,
      );
      const separate = referencing(args.resources, S3_SSE, "bucket", bucket, BUCKET_KEYS).some((c) =>
        usesKms(c.props.rules),
      );
      if (!inline && !separate)
        report(`${label(bucket)} is not encrypted with a customer managed KMS key. ${FIX}`, bucket.urn);
    }
  },
};
