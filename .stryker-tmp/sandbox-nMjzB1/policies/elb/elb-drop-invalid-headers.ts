// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf, LOAD_BALANCER } from "../lib/types";
import { lbType } from "./listeners";

const FIX = "Set dropInvalidHeaderFields: true on the load balancer.";

/** FSBP ELB.4: Application Load Balancers drop invalid HTTP header fields. */
export const elbDropInvalidHeaders: ResourceValidationPolicy = {
  name: "elb-drop-invalid-headers",
  description: "Application Load Balancers drop invalid HTTP headers.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.4"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOAD_BALANCER) || lbType(args.props) !== "application") return;
    if (args.props.dropInvalidHeaderFields !== true)
      report(`Load balancer '${args.name}' keeps invalid HTTP headers. ${FIX}`);
  },
};
