// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { covers, describePorts, ingressRulesOf, isOpen } from "./rules";

/** The ports FSBP EC2.19 treats as high risk. */
export const HIGH_RISK_PORTS = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080,
  8088, 8888, 9200, 9300,
];

const FIX =
  "Remove the 0.0.0.0/0 and ::/0 sources from the rule: reach these ports from a security group or a known CIDR (or through SSM Session Manager).";

/** FSBP EC2.19: no unrestricted (0.0.0.0/0, ::/0) access to high-risk ports. */
export const ec2RestrictHighRiskPorts: ResourceValidationPolicy = {
  name: "ec2-restrict-high-risk-ports",
  description: "Security groups do not allow unrestricted access to high-risk ports.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("EC2.19"),
  validateResource: (args, report) => {
    for (const r of ingressRulesOf(args.type, args.name, args.props).filter(isOpen)) {
      const ports = HIGH_RISK_PORTS.filter((p) => covers(r, "tcp", p) || covers(r, "udp", p));
      if (ports.length > 0) {
        report(
          `${r.where} allows ${describePorts(r)} from the internet, including high-risk port(s) ${ports.join(", ")}. ${FIX}`,
        );
      }
    }
  },
};
