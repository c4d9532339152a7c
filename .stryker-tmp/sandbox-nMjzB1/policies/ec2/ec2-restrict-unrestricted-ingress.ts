// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { describePorts, ingressRulesOf, isOpen } from "./rules";

const FIX =
  "Restrict the rule's source to known CIDRs or a security group, or open only authorized ports (by default 80 and 443) to 0.0.0.0/0 and ::/0.";

/**
 * FSBP EC2.18: rules open to 0.0.0.0/0 or ::/0 only for authorized ports (`authorizedTcpPorts`,
 * default 80 and 443; `authorizedUdpPorts`, default none). A range is authorized only when every port
 * in it is.
 */
export const ec2RestrictUnrestrictedIngress: ResourceValidationPolicy = {
  name: "ec2-restrict-unrestricted-ingress",
  description: "Security groups allow unrestricted inbound traffic only to authorized ports.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("EC2.18"),
  configSchema: {
    properties: {
      authorizedTcpPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [80, 443],
        description: "TCP ports that may be open to the internet.",
      },
      authorizedUdpPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        default: [],
        description: "UDP ports that may be open to the internet.",
      },
    },
  },
  validateResource: (args, report) => {
    const { authorizedTcpPorts, authorizedUdpPorts } = configOf<{
      authorizedTcpPorts: number[];
      authorizedUdpPorts: number[];
    }>(args, ec2RestrictUnrestrictedIngress);
    for (const r of ingressRulesOf(args.type, args.name, args.props).filter(isOpen)) {
      const authorized =
        r.protocol === "tcp" ? authorizedTcpPorts : r.protocol === "udp" ? authorizedUdpPorts : [];
      const ok =
        r.protocol !== "all" &&
        r.toPort - r.fromPort < 65535 &&
        rangeWithin(r.fromPort, r.toPort, authorized);
      if (!ok) report(`${r.where} allows ${describePorts(r)} from the internet. ${FIX}`);
    }
  },
};

function rangeWithin(from: number, to: number, allowed: readonly number[]): boolean {
  for (let p = from; p <= to; p++) if (!allowed.includes(p)) return false;
  return true;
}
