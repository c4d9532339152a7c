import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { CLASSIC_LOAD_BALANCER, LOAD_BALANCER, isOneOf } from "../lib/types";

const FIX = "Set enableCrossZoneLoadBalancing: true (crossZoneLoadBalancing for a Classic Load Balancer).";

/** FSBP ELB.9 and peers' NLB/GWLB rule: cross-zone balancing (ALBs always balance across zones). */
export const elbEnableCrossZone: ResourceValidationPolicy = {
  name: "elb-enable-cross-zone",
  description: "Network, gateway and classic load balancers balance across zones.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("ELB.9"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...LOAD_BALANCER, ...CLASSIC_LOAD_BALANCER])) return;
    const p = args.props;
    const type = asString(p.loadBalancerType) ?? "application";
    const classic = isOneOf(args.type, CLASSIC_LOAD_BALANCER);
    if (!classic && type === "application") return;
    const on = classic ? p.crossZoneLoadBalancing !== false : p.enableCrossZoneLoadBalancing === true;
    if (!on) report(`Load balancer '${args.name}' does not balance across zones. ${FIX}`);
  },
};
