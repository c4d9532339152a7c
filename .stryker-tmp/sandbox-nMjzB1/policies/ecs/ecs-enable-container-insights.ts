// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { ECS_CLUSTER, isOneOf } from "../lib/types";

const FIX = 'Add setting { name: "containerInsights", value: "enhanced" } (or "enabled") to the cluster.';

/** FSBP ECS.12: clusters use Container Insights (`enabled` or `enhanced`). */
export const ecsEnableContainerInsights: ResourceValidationPolicy = {
  name: "ecs-enable-container-insights",
  description: "ECS clusters have Container Insights enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ECS.12"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_CLUSTER)) return;
    const on = asArray(args.props.settings).some((s) => {
      const r = asRecord(s);
      return r?.name === "containerInsights" && (r.value === "enabled" || r.value === "enhanced");
    });
    if (!on) report(`ECS cluster '${args.name}' does not have Container Insights enabled. ${FIX}`);
  },
};
