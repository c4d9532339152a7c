import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord } from "../lib/props";
import { TARGET_GROUP, isOneOf } from "../lib/types";

const FIX =
  "Remove healthCheck.enabled: false and set healthCheck.path to an endpoint that reports the target's health.";

/** Target groups check their targets' health (without it, traffic goes to dead targets). */
export const elbEnableTargetHealthChecks: ResourceValidationPolicy = {
  name: "elb-enable-target-health-checks",
  description: "Load balancer target groups keep health checks enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, TARGET_GROUP)) return;
    const p = args.props;
    if (asRecord(p.healthCheck)?.enabled === false && p.targetType !== "lambda")
      report(`Target group '${args.name}' has health checks disabled. ${FIX}`);
  },
};
