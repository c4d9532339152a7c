import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString, isTrue, safe } from "../lib/props";
import { cacheKind, isGlobalSecondary, what } from "./elasticache";

const FIX =
  'Set transitEncryptionEnabled: true with transitEncryptionMode "required" (clients connect with TLS).';

/**
 * FSBP ElastiCache.5: clients reach the cache over TLS only. Mode "preferred" (a migration step)
 * still accepts plaintext connections, so it fails too.
 */
export const elasticacheEncryptInTransit: ResourceValidationPolicy = {
  name: "elasticache-encrypt-in-transit",
  description: "ElastiCache replication groups and clusters accept TLS connections only.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.5"),
  validateResource: (args, report) => {
    const kind = cacheKind(args);
    if (kind === undefined || isGlobalSecondary(args)) return;
    if (!isTrue(safe(() => args.props.transitEncryptionEnabled)))
      report(`${what(args)} is not encrypted in transit. ${FIX}`);
    else if (asString(safe(() => args.props.transitEncryptionMode)) === "preferred")
      report(`${what(args)} still accepts plaintext connections (transitEncryptionMode "preferred"). ${FIX}`);
  },
};
