// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { operations } from "../lib/meta";
import { isOneOf, LOG_GROUP } from "../lib/types";

/**
 * Operations rule "log retention set": every log group has an explicit retention (never "forever"),
 * of at least `minimumDays`.
 */
export const cloudwatchSetLogRetention: ResourceValidationPolicy = {
  name: "cloudwatch-set-log-retention",
  description: "CloudWatch log groups have an explicit retention period.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps: "Set retentionInDays on the log group (e.g. 30 in staging, 365 in production).",
  ...operations(),
  configSchema: {
    properties: {
      minimumDays: {
        type: "integer",
        minimum: 1,
        default: 7,
        description: "Shortest acceptable retention in days.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LOG_GROUP)) return;
    const { minimumDays } = configOf<{ minimumDays: number }>(args, cloudwatchSetLogRetention);
    const days = Number(args.props.retentionInDays ?? 0);
    if (!(days > 0))
      report(`Log group '${args.name}' keeps logs forever. Set retentionInDays (at least ${minimumDays}).`);
    else if (days < minimumDays)
      report(
        `Log group '${args.name}' keeps logs ${days} day(s). Set retentionInDays to at least ${minimumDays}.`,
      );
  },
};
