import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { isTrue, safe } from "../lib/props";
import { cacheKind, isGlobalSecondary, isSet, what } from "./elasticache";

const FIX =
  "Set kmsKeyId to a customer managed KMS key (with atRestEncryptionEnabled: true); it is fixed at creation.";

/** Cache data at rest under a key you control (advisory: the AWS-owned key already encrypts it). */
export const elasticacheEncryptWithCmk: ResourceValidationPolicy = {
  name: "elasticache-encrypt-with-cmk",
  description: "ElastiCache replication groups encrypt at rest with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (cacheKind(args) !== "replication-group" || isGlobalSecondary(args)) return;
    if (!isTrue(safe(() => args.props.atRestEncryptionEnabled))) return; // elasticache-encrypt-at-rest reports it
    if (!isSet(args, "kmsKeyId"))
      report(`${what(args)} is not encrypted with a customer managed key. ${FIX}`);
  },
};
