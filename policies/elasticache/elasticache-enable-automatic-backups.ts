import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, requiredEnvironment } from "../lib/environment";
import { fsbp } from "../lib/meta";
import { safe } from "../lib/props";
import { cacheKind, isMemcached, what } from "./elasticache";

const FIX = "Set snapshotRetentionLimit to 1 or more days (and a snapshotWindow outside peak hours).";

/**
 * FSBP ElastiCache.1: Redis OSS / Valkey caches keep automatic daily snapshots, in the environments
 * listed in `requiredIn` (default production): a cache that also holds sessions or queues can be
 * restored after a failure or a bad write.
 */
export const elasticacheEnableAutomaticBackups: ResourceValidationPolicy = {
  name: "elasticache-enable-automatic-backups",
  description:
    "ElastiCache Redis OSS / Valkey caches keep automatic snapshots in production (environment-dependent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.1"),
  configSchema: environmentConfigSchema,
  validateResource: (args, report) => {
    if (cacheKind(args) === undefined || isMemcached(args)) return;
    const environment = requiredEnvironment(args, elasticacheEnableAutomaticBackups, "Automatic backups");
    const days = safe(() => args.props.snapshotRetentionLimit);
    if (days === undefined && "snapshotRetentionLimit" in args.props) return; // unknown during preview
    if (typeof days !== "number" || days < 1)
      report(`${what(args)} keeps no automatic snapshots in ${environment}. ${FIX}`);
  },
};
