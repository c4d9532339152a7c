// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { accountPublicAccessBlocks, buckets, label, missingFlags, publicAccessBlocksOf } from "./buckets";

const FIX =
  "Set all four settings (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) to " +
  "true on the aws.s3.AccountPublicAccessBlock, or give every bucket an aws.s3.BucketPublicAccessBlock with all four.";

/**
 * FSBP S3.1 is an account-level setting. Decided from the program: an `aws.s3.AccountPublicAccessBlock`
 * in the stack must enable all four settings; without one, every bucket the stack creates must have
 * the bucket-level equivalent (all four settings). A stack with neither buckets nor an account block
 * is not applicable (the account setting is managed elsewhere).
 */
export const s3BlockPublicAccessAccount: StackValidationPolicy = {
  name: "s3-block-public-access-account",
  description:
    "Block public access is enabled account-wide, or for every bucket of the stack (bucket-level equivalent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("S3.1"),
  validateStack: (args, report) => {
    const accountBlocks = accountPublicAccessBlocks(args.resources);
    const all = buckets(args.resources);
    if (accountBlocks.length === 0 && all.length === 0) {
      args.notApplicable("The stack manages neither the account public access block nor any bucket.");
    }
    for (const block of accountBlocks) {
      const missing = missingFlags(block);
      if (missing.length > 0)
        report(`${label(block)} leaves ${missing.join(", ")} disabled. ${FIX}`, block.urn);
    }
    if (accountBlocks.some((b) => missingFlags(b).length === 0)) return;
    for (const bucket of all) {
      const covered = publicAccessBlocksOf(args.resources, bucket).some((b) => missingFlags(b).length === 0);
      if (!covered && accountBlocks.length === 0) {
        report(
          `${label(bucket)} is not covered by an account-level or complete bucket-level public access block. ${FIX}`,
          bucket.urn,
        );
      }
    }
  },
};
