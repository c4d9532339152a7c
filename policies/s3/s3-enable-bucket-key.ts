import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord, safe } from "../lib/props";
import { isOneOf, S3_BUCKETS } from "../lib/types";

const SSE = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

const FIX =
  "Set bucketKeyEnabled: true on the rule (one data key per bucket instead of a KMS call per object).";

/**
 * Default encryption with KMS uses an S3 bucket key (advisory: without it every object costs a KMS
 * request, and KMS throttling can fail uploads under load). DSSE-KMS has no bucket keys.
 */
export const s3EnableBucketKey: ResourceValidationPolicy = {
  name: "s3-enable-bucket-key",
  description: "S3 default encryption with KMS uses a bucket key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    let rules: unknown[];
    if (isOneOf(args.type, SSE)) rules = asArray(safe(() => args.props.rules));
    else if (isOneOf(args.type, S3_BUCKETS)) {
      const inline = asRecord(safe(() => args.props.serverSideEncryptionConfiguration));
      rules = asArray(inline?.rule ?? inline?.rules);
    } else return;
    for (const r of rules.map((x) => asRecord(x) ?? {})) {
      const algorithm = asRecord(r.applyServerSideEncryptionByDefault)?.sseAlgorithm;
      if (algorithm === "aws:kms" && r.bucketKeyEnabled !== true)
        report(`'${args.name}' encrypts with KMS without a bucket key. ${FIX}`);
    }
  },
};
