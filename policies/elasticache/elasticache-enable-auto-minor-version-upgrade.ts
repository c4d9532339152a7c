import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { safe } from "../lib/props";
import { cacheKind, what } from "./elasticache";

const FIX =
  "Remove autoMinorVersionUpgrade: false (or set it to true) so security patches are applied in the maintenance window.";

/** FSBP ElastiCache.2: minor engine versions (security fixes) are applied automatically. */
export const elasticacheEnableAutoMinorVersionUpgrade: ResourceValidationPolicy = {
  name: "elasticache-enable-auto-minor-version-upgrade",
  description: "ElastiCache caches apply minor engine versions automatically.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.2"),
  validateResource: (args, report) => {
    if (cacheKind(args) === undefined) return;
    const v = safe(() => args.props.autoMinorVersionUpgrade);
    if (v === false || v === "false")
      report(`${what(args)} turns automatic minor version upgrades off. ${FIX}`);
  },
};
