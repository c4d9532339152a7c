import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { DEFAULT_VPC, isOneOf } from "../lib/types";

const FIX = "Create a dedicated aws.ec2.Vpc with private subnets instead of adopting the default VPC.";

/** The default VPC (public subnets, public IPs on launch) is not used for workloads. */
export const ec2ForbidDefaultVpc: ResourceValidationPolicy = {
  name: "ec2-forbid-default-vpc",
  description: "The program does not manage the default VPC.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, DEFAULT_VPC)) return;

    report(`'${args.name}' adopts the default VPC. ${FIX}`);
  },
};
