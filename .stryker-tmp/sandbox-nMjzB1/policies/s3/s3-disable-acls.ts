// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, asRecord, asString } from "../lib/props";
import { S3_BUCKET_ACL, S3_OWNERSHIP_CONTROLS } from "../lib/types";
import { BUCKET_KEYS, buckets, label } from "./buckets";

const FIX =
  'Remove ACLs (acl, grants, aws.s3.BucketAcl) and add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced".';

/**
 * FSBP S3.12: access is not managed with ACLs. New buckets have ACLs disabled (BucketOwnerEnforced) by
 * default since April 2023, so a bucket fails when ownership controls choose another setting or when
 * the program sets an ACL other than `private` (inline `acl`/`grants`, `BucketAcl`, `BucketAclV2`).
 */
export const s3DisableAcls: StackValidationPolicy = {
  name: "s3-disable-acls",
  description: "S3 buckets use bucket-owner-enforced object ownership instead of ACLs.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("S3.12"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      const problems: string[] = [];
      for (const oc of referencing(args.resources, S3_OWNERSHIP_CONTROLS, "bucket", bucket, BUCKET_KEYS)) {
        const ownership = asRecord(oc.props.rule)?.objectOwnership;
        if (ownership !== "BucketOwnerEnforced") problems.push(`object ownership is '${String(ownership)}'`);
      }
      const acl = asString(bucket.props.acl);
      if (acl && acl !== "private") problems.push(`acl '${acl}'`);
      if (asArray(bucket.props.grants).length > 0) problems.push("inline grants");
      for (const a of referencing(args.resources, S3_BUCKET_ACL, "bucket", bucket, BUCKET_KEYS)) {
        const c = asString(a.props.acl);
        if (c !== "private" || a.props.accessControlPolicy !== undefined) problems.push(`${label(a)}`);
      }
      if (problems.length > 0)
        report(`${label(bucket)} uses ACLs: ${problems.join("; ")}. ${FIX}`, bucket.urn);
    }
  },
};
