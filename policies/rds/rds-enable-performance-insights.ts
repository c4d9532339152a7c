import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE, isOneOf } from "../lib/types";

const FIX = "Set performanceInsightsEnabled: true and performanceInsightsKmsKeyId to a customer managed key.";

/** Performance Insights on, with its data under a key you control (advisory: a diagnostics and hardening choice). */
export const rdsEnablePerformanceInsights: ResourceValidationPolicy = {
  name: "rds-enable-performance-insights",
  description: "RDS instances have Performance Insights enabled, encrypted with a customer managed key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...RDS_INSTANCE, ...RDS_CLUSTER_INSTANCE])) return;
    const p = args.props;
    if (p.performanceInsightsEnabled !== true)
      report(`Database '${args.name}' has Performance Insights disabled. ${FIX}`);
    else if (!asString(p.performanceInsightsKmsKeyId))
      report(`Database '${args.name}' encrypts Performance Insights with the AWS managed key. ${FIX}`);
  },
};
