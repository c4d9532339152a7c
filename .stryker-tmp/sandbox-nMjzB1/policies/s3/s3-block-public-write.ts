// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { buckets, label, publicAccessReasons } from "./buckets";

const FIX =
  'Remove the public-read-write ACL/WRITE grant and any bucket policy statement that allows Principal "*" ' +
  "to put or delete objects, or set ignorePublicAcls and restrictPublicBuckets on the bucket's public access block.";

/** FSBP S3.3: ACLs and bucket policies, neutralised by the bucket's or the account's public access block. */
export const s3BlockPublicWrite: StackValidationPolicy = {
  name: "s3-block-public-write",
  description: "S3 buckets do not allow public write access through ACLs or bucket policies.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("S3.3"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const reasons = publicAccessReasons(args.resources, bucket, "write");
      if (reasons.length > 0)
        report(`${label(bucket)} allows public write: ${reasons.join("; ")}. ${FIX}`, bucket.urn);
    }
  },
};
