/**
 * Security group ingress rules in every form @pulumi/aws v7 expresses them: inline `ingress` on
 * `aws.ec2.SecurityGroup` / `aws.ec2.DefaultSecurityGroup`, `aws.ec2.SecurityGroupRule` (type
 * "ingress"), and `aws.vpc.SecurityGroupIngressRule` (one CIDR per rule).
 */
import { asArray, asRecord } from "../lib/props";
import {
  DEFAULT_SECURITY_GROUP,
  isOneOf,
  SECURITY_GROUP,
  SECURITY_GROUP_RULE,
  VPC_INGRESS_RULE,
} from "../lib/types";

export interface IngressRule {
  /** `tcp`, `udp`, `icmp`, or `all`. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: string[];
  /** Where the rule is, for messages. */
  readonly where: string;
}

export const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

function normaliseProtocol(p: unknown): string {
  const s = String(p ?? "").toLowerCase();
  if (s === "-1" || s === "all") return "all";
  if (s === "6") return "tcp";
  if (s === "17") return "udp";
  if (s === "1") return "icmp";
  return s;
}

function rule(protocol: unknown, from: unknown, to: unknown, cidrs: unknown[], where: string): IngressRule {
  const p = normaliseProtocol(protocol);
  const all = p === "all";
  return {
    protocol: p,
    fromPort: all ? 0 : Number(from ?? 0),
    toPort: all ? 65535 : Number(to ?? from ?? 65535),
    cidrs: cidrs.filter((c): c is string => typeof c === "string"),
    where,
  };
}

/** The ingress rules a resource defines (empty for other types). */
export function ingressRulesOf(type: string, name: string, props: Record<string, unknown>): IngressRule[] {
  if (isOneOf(type, [...SECURITY_GROUP, ...DEFAULT_SECURITY_GROUP])) {
    return asArray(props.ingress).flatMap((r, i) => {
      const x = asRecord(r);
      if (!x) return [];
      const cidrs = [...asArray(x.cidrBlocks), ...asArray(x.ipv6CidrBlocks)];
      return [rule(x.protocol, x.fromPort, x.toPort, cidrs, `security group '${name}' ingress[${i}]`)];
    });
  }
  if (isOneOf(type, SECURITY_GROUP_RULE)) {
    if (props.type !== "ingress") return [];
    const cidrs = [...asArray(props.cidrBlocks), ...asArray(props.ipv6CidrBlocks)];
    return [rule(props.protocol, props.fromPort, props.toPort, cidrs, `security group rule '${name}'`)];
  }
  if (isOneOf(type, VPC_INGRESS_RULE)) {
    const cidrs = [props.cidrIpv4, props.cidrIpv6];
    return [rule(props.ipProtocol, props.fromPort, props.toPort, cidrs, `ingress rule '${name}'`)];
  }
  return [];
}

/** True when the rule admits the whole internet. */
export function isOpen(r: IngressRule): boolean {
  return r.cidrs.some((c) => OPEN_CIDRS.includes(c));
}

/** True when the rule's protocol and port range include `port` for `protocol` (tcp/udp). */
export function covers(r: IngressRule, protocol: "tcp" | "udp", port: number): boolean {
  return (r.protocol === "all" || r.protocol === protocol) && r.fromPort <= port && port <= r.toPort;
}

/** `tcp 22`, `tcp 0-65535`, `all`. */
export function describePorts(r: IngressRule): string {
  if (r.protocol === "all") return "all traffic";
  return r.fromPort === r.toPort ? `${r.protocol} ${r.fromPort}` : `${r.protocol} ${r.fromPort}-${r.toPort}`;
}

/** The records of an inline rule list (`ingress`/`egress` of a security group or network ACL). */
export function ruleRecords(v: unknown): Record<string, unknown>[] {
  return asArray(v).flatMap((r) => {
    const x = asRecord(r);
    return x ? [x] : [];
  });
}

/** True for a rule protocol meaning every protocol and port (`-1`, `all`). */
export function isAllTraffic(protocol: unknown): boolean {
  return protocol === "-1" || protocol === -1 || protocol === "all";
}
