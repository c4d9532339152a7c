import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, requiredEnvironment } from "../lib/environment";
import { fsbp } from "../lib/meta";
import { isTrue, safe } from "../lib/props";
import { cacheKind, what } from "./elasticache";

const FIX =
  "Run 2 or more nodes (numCacheClusters) with automaticFailoverEnabled: true and multiAzEnabled: true so a " +
  "replica in another Availability Zone takes over.";

/**
 * FSBP ElastiCache.3: replication groups fail over to a replica automatically, in the environments
 * listed in `requiredIn` (default production; a one-node staging cache is a cost choice).
 */
export const elasticacheEnableAutomaticFailover: ResourceValidationPolicy = {
  name: "elasticache-enable-automatic-failover",
  description:
    "ElastiCache replication groups fail over automatically in production (environment-dependent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.3"),
  configSchema: environmentConfigSchema,
  validateResource: (args, report) => {
    if (cacheKind(args) !== "replication-group") return;
    const environment = requiredEnvironment(args, elasticacheEnableAutomaticFailover, "Automatic failover");
    if (!isTrue(safe(() => args.props.automaticFailoverEnabled)))
      report(`${what(args)} has no automatic failover in ${environment}. ${FIX}`);
  },
};
