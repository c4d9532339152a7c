import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString, safe } from "../lib/props";
import { cacheKind, isSet, what } from "./elasticache";

const FIX =
  "Create an aws.elasticache.SubnetGroup of the stack's private subnets and set subnetGroupName to it.";

/**
 * FSBP ElastiCache.7: caches run in the stack's own private subnets, not in the "default" subnet group
 * (the default VPC's subnets, which may be public).
 */
export const elasticacheForbidDefaultSubnetGroup: ResourceValidationPolicy = {
  name: "elasticache-forbid-default-subnet-group",
  description: "ElastiCache caches use a subnet group of the stack's subnets, not the default one.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ElastiCache.7"),
  validateResource: (args, report) => {
    if (cacheKind(args) === undefined) return;
    const name = asString(safe(() => args.props.subnetGroupName));
    if (!isSet(args, "subnetGroupName") || name === "default")
      report(`${what(args)} uses the default subnet group. ${FIX}`);
  },
};
