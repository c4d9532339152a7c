// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { CLASSIC_LOAD_BALANCER, isOneOf, LOAD_BALANCER } from "../lib/types";
import { lbType } from "./listeners";

const FIX =
  'Set accessLogs: { enabled: true, bucket: <log bucket>, prefix: "alb" } (the bucket policy must allow the ' +
  "region's ELB log delivery).";

const CLASSIC_FIX =
  'Set accessLogs: { bucket: <log bucket>, bucketPrefix: "elb", interval: 60 } on the Classic Load Balancer ' +
  "(and leave enabled unset or true).";

/**
 * FSBP ELB.5: Application and Classic Load Balancers write access logs to S3. An ALB needs
 * `accessLogs.enabled: true` and a bucket; a Classic Load Balancer (`aws.elb.LoadBalancer`, whose
 * `enabled` defaults to true) needs a bucket and no `enabled: false`.
 */
export const elbEnableAccessLogs: ResourceValidationPolicy = {
  name: "elb-enable-access-logs",
  description: "Application and Classic Load Balancers have access logging enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.5"),
  validateResource: (args, report) => {
    if (isOneOf(args.type, CLASSIC_LOAD_BALANCER)) {
      const logs = asRecord(args.props.accessLogs);
      if (!logs || logs.enabled === false || !asString(logs.bucket))
        report(`Classic Load Balancer '${args.name}' has no access logs. ${CLASSIC_FIX}`);
      return;
    }
    if (!isOneOf(args.type, LOAD_BALANCER) || lbType(args.props) !== "application") return;
    const logs = asRecord(args.props.accessLogs);
    if (logs?.enabled !== true || !asString(logs.bucket))
      report(`Load balancer '${args.name}' has no access logs. ${FIX}`);
  },
};
