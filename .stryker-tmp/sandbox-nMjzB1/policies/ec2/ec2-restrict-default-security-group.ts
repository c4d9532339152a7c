// @ts-nocheck
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType, references, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, safe } from "../lib/props";
import {
  DEFAULT_SECURITY_GROUP,
  SECURITY_GROUP_RULE,
  VPC,
  VPC_EGRESS_RULE,
  VPC_INGRESS_RULE,
} from "../lib/types";

const FIX =
  "Adopt the VPC's default security group with an aws.ec2.DefaultSecurityGroup (vpcId: vpc.id) that has no " +
  "ingress and no egress rules, and attach no rules to it.";

/**
 * FSBP EC2.2: the default security group of every VPC allows no traffic. AWS creates it allowing all
 * egress and intra-group ingress, so each VPC of the stack must adopt it with an
 * `aws.ec2.DefaultSecurityGroup` without rules; inline rules there, or rule resources attached to it
 * (by the group's id or the VPC's `defaultSecurityGroupId`), fail.
 */
export const ec2RestrictDefaultSecurityGroup: StackValidationPolicy = {
  name: "ec2-restrict-default-security-group",
  description: "VPC default security groups allow no inbound or outbound traffic.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("EC2.2"),
  validateStack: (args, report) => {
    const defaults = ofType(args.resources, DEFAULT_SECURITY_GROUP);
    const ruleTypes = [...SECURITY_GROUP_RULE, ...VPC_INGRESS_RULE, ...VPC_EGRESS_RULE];
    const attachedTo = (target: PolicyResource, key: string): PolicyResource[] =>
      ofType(args.resources, ruleTypes).filter((r) => {
        if (target.type === DEFAULT_SECURITY_GROUP[0])
          return references(r, "securityGroupId", target, ["id"]);
        const dsg = safe(() => target.props[key]);
        return typeof dsg === "string" && safe(() => r.props.securityGroupId) === dsg;
      });
    for (const sg of defaults) {
      const inline = asArray(sg.props.ingress).length + asArray(sg.props.egress).length;
      const rules = attachedTo(sg, "id");
      if (inline > 0 || rules.length > 0) {
        const what = [
          inline > 0 ? `${inline} inline rule(s)` : "",
          ...rules.map((r) => `rule '${r.name}'`),
        ].filter(Boolean);
        report(`Default security group '${sg.name}' allows traffic: ${what.join(", ")}. ${FIX}`, sg.urn);
      }
    }
    for (const vpc of ofType(args.resources, VPC)) {
      for (const r of attachedTo(vpc, "defaultSecurityGroupId")) {
        report(`Rule '${r.name}' opens the default security group of VPC '${vpc.name}'. ${FIX}`, r.urn);
      }
      if (referencing(args.resources, DEFAULT_SECURITY_GROUP, "vpcId", vpc, ["id"]).length === 0) {
        report(`VPC '${vpc.name}' leaves its default security group with AWS's allow rules. ${FIX}`, vpc.urn);
      }
    }
  },
};
