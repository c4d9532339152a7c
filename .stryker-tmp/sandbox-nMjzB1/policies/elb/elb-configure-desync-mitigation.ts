// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf, LOAD_BALANCER } from "../lib/types";
import { lbType } from "./listeners";

const FIX = 'Remove desyncMitigationMode (default "defensive") or set it to "defensive" or "strictest".';

/** FSBP ELB.12: Application Load Balancers use defensive or strictest desync mitigation. */
export const elbConfigureDesyncMitigation: ResourceValidationPolicy = {
  name: "elb-configure-desync-mitigation",
  description: "Application Load Balancers use defensive or strictest desync mitigation mode.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.12"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOAD_BALANCER) || lbType(args.props) !== "application") return;
    const mode = args.props.desyncMitigationMode;
    if (mode !== undefined && mode !== "defensive" && mode !== "strictest") {
      report(`Load balancer '${args.name}' uses desync mitigation mode '${String(mode)}'. ${FIX}`);
    }
  },
};
