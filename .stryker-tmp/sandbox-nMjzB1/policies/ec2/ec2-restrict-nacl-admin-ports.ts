// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf } from "../lib/types";
import { covers, describePorts, type IngressRule, isOpen } from "./rules";

const NACLS = ["aws:ec2/networkAcl:NetworkAcl", "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"];
const NACL_RULE = ["aws:ec2/networkAclRule:NetworkAclRule"];
const ADMIN_PORTS = [22, 3389];

const FIX =
  "Remove the allow entry from 0.0.0.0/0 (and ::/0) for ports 22 and 3389, or narrow its source CIDR.";

function entry(protocol: unknown, from: unknown, to: unknown, cidrs: unknown[], where: string): IngressRule {
  const p = String(protocol ?? "").toLowerCase();
  const all = p === "-1" || p === "all";
  return {
    protocol: all ? "all" : p === "6" ? "tcp" : p === "17" ? "udp" : p,
    fromPort: all ? 0 : Number(from ?? 0),
    toPort: all ? 65535 : Number(to ?? from ?? 65535),
    cidrs: cidrs.filter((c): c is string => typeof c === "string"),
    where,
  };
}

/**
 * FSBP EC2.21: network ACLs in the program (`NetworkAcl`, `DefaultNetworkAcl` inline ingress,
 * `NetworkAclRule`) do not allow ingress from anywhere to SSH (22) or RDP (3389). IPv6 `::/0` is
 * treated like `0.0.0.0/0`. NACLs the program does not manage are not visible here.
 */
export const ec2RestrictNaclAdminPorts: ResourceValidationPolicy = {
  name: "ec2-restrict-nacl-admin-ports",
  description: "Network ACLs do not allow ingress from anywhere to ports 22 or 3389.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("EC2.21"),
  validateResource: (args, report) => {
    const entries: IngressRule[] = [];
    if (isOneOf(args.type, NACLS)) {
      asArray(args.props.ingress).forEach((e, i) => {
        const r = asRecord(e);
        if (r && String(r.action).toLowerCase() === "allow") {
          entries.push(
            entry(
              r.protocol,
              r.fromPort,
              r.toPort,
              [r.cidrBlock, r.ipv6CidrBlock],
              `network ACL '${args.name}' ingress[${i}]`,
            ),
          );
        }
      });
    } else if (isOneOf(args.type, NACL_RULE)) {
      const p = args.props;
      if (p.egress !== true && String(p.ruleAction).toLowerCase() === "allow") {
        entries.push(
          entry(
            p.protocol,
            p.fromPort,
            p.toPort,
            [p.cidrBlock, p.ipv6CidrBlock],
            `network ACL rule '${args.name}'`,
          ),
        );
      }
    }
    for (const e of entries.filter(isOpen)) {
      const ports = ADMIN_PORTS.filter((port) => covers(e, "tcp", port));
      if (ports.length > 0)
        report(
          `${e.where} allows ${describePorts(e)} from anywhere, including port(s) ${ports.join(", ")}. ${FIX}`,
        );
    }
  },
};
