// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { FLOW_LOG, VPC } from "../lib/types";

/**
 * FSBP EC2.6: every VPC has a flow log (joined by the flow log's `vpcId`) capturing at least the
 * configured traffic type (`REJECT` by default; `ALL` includes it).
 */
export const ec2EnableVpcFlowLogs: StackValidationPolicy = {
  name: "ec2-enable-vpc-flow-logs",
  description: "VPCs have flow logging enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Add an aws.ec2.FlowLog with vpcId: vpc.id, trafficType "ALL" (or "REJECT") and a CloudWatch Logs or S3 destination.',
  ...fsbp("EC2.6"),
  configSchema: {
    properties: {
      trafficType: {
        type: "string",
        enum: ["REJECT", "ALL"],
        default: "REJECT",
        description: "Traffic the flow log must capture at least.",
      },
    },
  },
  validateStack: (args, report) => {
    const { trafficType } = configOf<{ trafficType: string }>(args, ec2EnableVpcFlowLogs);
    const accepted = trafficType === "ALL" ? ["ALL"] : ["ALL", "REJECT"];
    for (const vpc of ofType(args.resources, VPC)) {
      const logs = referencing(args.resources, FLOW_LOG, "vpcId", vpc, ["id"]);
      if (!logs.some((l) => accepted.includes(String(l.props.trafficType)))) {
        report(
          `VPC '${vpc.name}' has no flow log capturing ${accepted.join(" or ")} traffic. Add an aws.ec2.FlowLog with vpcId: vpc.id, trafficType "ALL" and a CloudWatch Logs or S3 destination.`,
          vpc.urn,
        );
      }
    }
  },
};
