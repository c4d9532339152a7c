// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf } from "../lib/types";

const FIX =
  "Set mapPublicIpOnLaunch: false; resources that need a public address (load balancers, NAT gateways) get one explicitly.";

/** FSBP EC2.15: subnets do not assign public IPv4 addresses automatically. */
export const ec2DisablePublicIpOnLaunch: ResourceValidationPolicy = {
  name: "ec2-disable-public-ip-on-launch",
  description: "VPC subnets do not automatically assign public IP addresses.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("EC2.15"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ["aws:ec2/subnet:Subnet", "aws:ec2/defaultSubnet:DefaultSubnet"])) return;
    // Default subnets map public IPs unless told otherwise.
    const mapped = args.props.mapPublicIpOnLaunch ?? args.type === "aws:ec2/defaultSubnet:DefaultSubnet";
    if (mapped === true) report(`Subnet '${args.name}' assigns public IPs on launch. ${FIX}`);
  },
};
