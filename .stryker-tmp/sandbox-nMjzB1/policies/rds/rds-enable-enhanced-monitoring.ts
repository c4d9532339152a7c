// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX =
  "Set monitoringInterval (seconds: 1, 5, 10, 15, 30 or 60) and monitoringRoleArn to a role with the " +
  "AmazonRDSEnhancedMonitoringRole managed policy.";

/** FSBP RDS.6: enhanced monitoring on instances (and cluster instances), at most `maximumInterval` seconds. */
export const rdsEnableEnhancedMonitoring: ResourceValidationPolicy = {
  name: "rds-enable-enhanced-monitoring",
  description: "RDS DB instances have enhanced monitoring enabled.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("RDS.6"),
  configSchema: {
    properties: {
      maximumInterval: {
        type: "integer",
        enum: [1, 5, 10, 15, 30, 60],
        default: 60,
        description: "Longest acceptable monitoring interval, in seconds.",
      },
    },
  },
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster-instance") return;
    const { maximumInterval } = configOf<{ maximumInterval: number }>(args, rdsEnableEnhancedMonitoring);
    const interval = Number(args.props.monitoringInterval ?? 0);
    if (!(interval > 0)) report(`${what(args)} has no enhanced monitoring. ${FIX}`);
    else if (interval > maximumInterval)
      report(`${what(args)} monitors every ${interval}s (> ${maximumInterval}s). ${FIX}`);
    else if (!args.props.monitoringRoleArn)
      report(`${what(args)} sets monitoringInterval without monitoringRoleArn. ${FIX}`);
  },
};
