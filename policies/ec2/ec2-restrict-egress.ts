import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray } from "../lib/props";
import { isOneOf, SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_EGRESS_RULE } from "../lib/types";
import { isAllTraffic, OPEN_CIDRS, ruleRecords } from "./rules";

const FIX =
  "Allow egress only to the ports and destinations the workload needs (e.g. 443 to the VPC endpoints' or NAT's " +
  "range, the database's security group).";

/**
 * Security groups do not allow all traffic to anywhere (advisory: open egress lets a compromised task
 * exfiltrate; tasks behind NAT often need 443 out, so narrowing is a hardening choice).
 */
export const ec2RestrictEgress: ResourceValidationPolicy = {
  name: "ec2-restrict-egress",
  description: "Security groups do not allow all outbound traffic to any address.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    const rules: Record<string, unknown>[] = [];
    if (isOneOf(args.type, SECURITY_GROUP)) rules.push(...ruleRecords(args.props.egress));
    else if (isOneOf(args.type, SECURITY_GROUP_RULE) && args.props.type === "egress")
      rules.push(args.props as Record<string, unknown>);
    else if (isOneOf(args.type, VPC_EGRESS_RULE))
      rules.push({ protocol: args.props.ipProtocol, cidrBlocks: [args.props.cidrIpv4, args.props.cidrIpv6] });
    for (const r of rules) {
      const cidrs = [...asArray(r.cidrBlocks), ...asArray(r.ipv6CidrBlocks)];
      if (isAllTraffic(r.protocol) && cidrs.some((c) => OPEN_CIDRS.includes(String(c))))
        report(`'${args.name}' allows all outbound traffic to anywhere. ${FIX}`);
    }
  },
};
