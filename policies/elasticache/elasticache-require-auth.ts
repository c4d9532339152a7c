import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, safe } from "../lib/props";
import { cacheKind, isGlobalSecondary, isMemcached, isSet, what } from "./elasticache";

const FIX =
  "Set authToken (from a generated secret; needs transitEncryptionEnabled) or userGroupIds (RBAC users) so " +
  "clients must authenticate.";

/**
 * FSBP ElastiCache.6: Redis OSS / Valkey replication groups require clients to authenticate, with an
 * AUTH token or RBAC user groups; otherwise anything that reaches the port reads and writes every key.
 */
export const elasticacheRequireAuth: ResourceValidationPolicy = {
  name: "elasticache-require-auth",
  description: "ElastiCache replication groups require AUTH or RBAC authentication.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.6"),
  validateResource: (args, report) => {
    if (cacheKind(args) !== "replication-group" || isGlobalSecondary(args) || isMemcached(args)) return;
    const rbac = asArray(safe(() => args.props.userGroupIds)).length > 0 || isSet(args, "userGroupIds");
    if (!isSet(args, "authToken") && !rbac)
      report(`${what(args)} lets clients in without AUTH or RBAC. ${FIX}`);
  },
};
