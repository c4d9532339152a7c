import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { isOneOf, LOAD_BALANCER } from "../lib/types";
import { lbType } from "./listeners";

const FIX =
  'Set accessLogs: { enabled: true, bucket: <log bucket>, prefix: "alb" } (the bucket policy must allow the ' +
  "region's ELB log delivery).";

/** FSBP ELB.5: Application Load Balancers write access logs to S3. */
export const elbEnableAccessLogs: ResourceValidationPolicy = {
  name: "elb-enable-access-logs",
  description: "Application Load Balancers have access logging enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.5"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOAD_BALANCER) || lbType(args.props) !== "application") return;
    const logs = asRecord(args.props.accessLogs);
    if (logs?.enabled !== true || !asString(logs.bucket))
      report(`Load balancer '${args.name}' has no access logs. ${FIX}`);
  },
};
