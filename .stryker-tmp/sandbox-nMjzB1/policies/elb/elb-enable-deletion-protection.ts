// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, requiredEnvironment } from "../lib/environment";
import { fsbp } from "../lib/meta";
import { isOneOf, LOAD_BALANCER } from "../lib/types";

const FIX = "Set enableDeletionProtection: true on the load balancer.";

/**
 * FSBP ELB.6 and the role document's "production has deletion protection": enforced in the
 * environments listed in `requiredIn` (default production).
 */
export const elbEnableDeletionProtection: ResourceValidationPolicy = {
  name: "elb-enable-deletion-protection",
  description: "Load balancers have deletion protection in production (environment-dependent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.6"),
  configSchema: environmentConfigSchema,
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOAD_BALANCER)) return;
    const environment = requiredEnvironment(args, elbEnableDeletionProtection, "Deletion protection");
    if (args.props.enableDeletionProtection !== true) {
      report(`Load balancer '${args.name}' has no deletion protection in ${environment}. ${FIX}`);
    }
  },
};
