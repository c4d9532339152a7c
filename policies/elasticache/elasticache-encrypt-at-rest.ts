import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isTrue, safe } from "../lib/props";
import { cacheKind, isGlobalSecondary, what } from "./elasticache";

const FIX =
  "Set atRestEncryptionEnabled: true (with kmsKeyId for a customer managed key); it is fixed at creation.";

/** FSBP ElastiCache.4: replication groups encrypt their data, backups and swap at rest. */
export const elasticacheEncryptAtRest: ResourceValidationPolicy = {
  name: "elasticache-encrypt-at-rest",
  description: "ElastiCache replication groups are encrypted at rest.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.4"),
  validateResource: (args, report) => {
    if (cacheKind(args) !== "replication-group" || isGlobalSecondary(args)) return;
    if (!isTrue(safe(() => args.props.atRestEncryptionEnabled)))
      report(`${what(args)} is not encrypted at rest. ${FIX}`);
  },
};
