// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord, isTrue } from "../lib/props";
import { ECS_SERVICE, isOneOf } from "../lib/types";

const FIX =
  "Set networkConfiguration.assignPublicIp: false and run tasks in private subnets (egress through NAT or VPC endpoints).";

/** FSBP ECS.2: services do not assign public IPs to their tasks. */
export const ecsDisablePublicIp: ResourceValidationPolicy = {
  name: "ecs-disable-public-ip",
  description: "ECS services do not assign public IP addresses to tasks.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.2"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_SERVICE)) return;
    if (isTrue(asRecord(args.props.networkConfiguration)?.assignPublicIp)) {
      report(`ECS service '${args.name}' assigns public IPs to its tasks. ${FIX}`);
    }
  },
};
