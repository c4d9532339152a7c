// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import type { Statement } from "../lib/iam";
import { grantsAction, publicPrincipal } from "../lib/iam";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { bucketPolicyStatements, buckets, label } from "./buckets";

const FIX =
  'Add a bucket policy statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, ' +
  '`${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }.';

function deniesInsecureTransport(s: Statement): boolean {
  if (s.effect !== "Deny" || !publicPrincipal(s) || !grantsAction(s, "s3:GetObject")) return false;
  const bool = asRecord(s.condition?.Bool ?? s.condition?.bool);
  const v = bool?.["aws:SecureTransport"];
  return v === false || v === "false" || (Array.isArray(v) && v.some((x) => x === false || x === "false"));
}

/** FSBP S3.5: a Deny on aws:SecureTransport=false in the bucket's policy (inline or BucketPolicy). */
export const s3RequireSsl: StackValidationPolicy = {
  name: "s3-require-ssl",
  description: "S3 bucket policies deny requests that do not use TLS (aws:SecureTransport).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("S3.5"),
  validateStack: (args, report) => {
    for (const bucket of buckets(args.resources)) {
      if (!bucketPolicyStatements(args.resources, bucket).some(deniesInsecureTransport)) {
        report(`${label(bucket)} has no bucket policy denying non-TLS requests. ${FIX}`, bucket.urn);
      }
    }
  },
};
