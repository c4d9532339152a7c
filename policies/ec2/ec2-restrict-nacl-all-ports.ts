import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { isOneOf, NETWORK_ACL, NETWORK_ACL_RULE } from "../lib/types";

const FIX =
  "Allow only the ports the subnet serves (e.g. 443 and the ephemeral range) instead of all protocols and ports.";

const ANYWHERE = ["0.0.0.0/0", "::/0"];

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
    if (isOneOf(args.type, NETWORK_ACL))
      rules.push(
        ...asArray(args.props.ingress).flatMap((r): Record<string, unknown>[] => {
          const x = asRecord(r);
          return x ? [x] : [];
        }),
      );
    else if (isOneOf(args.type, NETWORK_ACL_RULE) && args.props.egress !== true)
      rules.push(args.props as Record<string, unknown>);
    for (const r of rules) {
      const action = String(r.action ?? r.ruleAction ?? "").toLowerCase();
      const cidr = String(r.cidrBlock ?? r.ipv6CidrBlock ?? "");
      const all = r.protocol === "-1" || r.protocol === -1 || r.protocol === "all";
      if (action === "allow" && ANYWHERE.includes(cidr) && all)
        report(`Network ACL '${args.name}' allows all ports from ${cidr}. ${FIX}`);
    }
  },
};
