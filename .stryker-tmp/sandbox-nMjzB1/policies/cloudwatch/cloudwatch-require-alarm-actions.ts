// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { operations } from "../lib/meta";
import { asArray } from "../lib/props";
import { COMPOSITE_ALARM, isOneOf, METRIC_ALARM } from "../lib/types";

const FIX =
  "Set alarmActions to the severity's SNS topic (and keep actionsEnabled true) so the alarm notifies someone.";

/**
 * Operations rule "alarms have actions" (FSBP CloudWatch.15): metric and composite alarms have at
 * least one alarm action, with actions enabled.
 */
export const cloudwatchRequireAlarmActions: ResourceValidationPolicy = {
  name: "cloudwatch-require-alarm-actions",
  description: "CloudWatch alarms notify: they have alarm actions and actions are enabled.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...operations("CloudWatch.15"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...METRIC_ALARM, ...COMPOSITE_ALARM])) return;
    if (args.props.actionsEnabled === false) report(`Alarm '${args.name}' has its actions disabled. ${FIX}`);
    else if (asArray(args.props.alarmActions).length === 0)
      report(`Alarm '${args.name}' has no alarm actions. ${FIX}`);
  },
};
