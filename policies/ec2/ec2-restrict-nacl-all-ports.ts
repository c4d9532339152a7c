import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { isOneOf, NETWORK_ACL, NETWORK_ACL_RULE } from "../lib/types";
import { isAllTraffic, OPEN_CIDRS, ruleRecords } from "./rules";

const FIX =
  "Allow only the ports the subnet serves (e.g. 443 and the ephemeral range) instead of all protocols and ports.";

/** Network ACL ingress rules do not allow every protocol and port from anywhere (the ACL then filters nothing). */
export const ec2RestrictNaclAllPorts: ResourceValidationPolicy = {
  name: "ec2-restrict-nacl-all-ports",
  description: "Network ACLs do not allow all ports from any address.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    const rules: Record<string, unknown>[] = [];
    if (isOneOf(args.type, NETWORK_ACL)) rules.push(...ruleRecords(args.props.ingress));
    else if (isOneOf(args.type, NETWORK_ACL_RULE) && args.props.egress !== true)
      rules.push(args.props as Record<string, unknown>);
    for (const r of rules) {
      const action = String(r.action ?? r.ruleAction ?? "").toLowerCase();
      const cidr = String(r.cidrBlock ?? r.ipv6CidrBlock ?? "");
      if (action === "allow" && OPEN_CIDRS.includes(cidr) && isAllTraffic(r.protocol))
        report(`Network ACL '${args.name}' allows all ports from ${cidr}. ${FIX}`);
    }
  },
};
