// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import {
  CLOUDFRONT_DISTRIBUTION,
  CLOUDWATCH_LOG_DELIVERY,
  CLOUDWATCH_LOG_DELIVERY_SOURCE,
} from "../lib/types";

const FIX =
  "Set loggingConfig.bucket to the log bucket's domain name (standard logging), or deliver access logs with an " +
  "aws.cloudwatch.LogDeliverySource (resourceArn: distribution.arn, logType: ACCESS_LOGS) and an aws.cloudwatch.LogDelivery.";

/**
 * FSBP CloudFront.5: standard logging (legacy `loggingConfig`) or standard logging v2 (a
 * `LogDeliverySource` for the distribution with a `LogDelivery` from it), joined by reference.
 */
export const cloudfrontEnableLogging: StackValidationPolicy = {
  name: "cloudfront-enable-logging",
  description: "CloudFront distributions have access logging enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("CloudFront.5"),
  validateStack: (args, report) => {
    for (const d of ofType(args.resources, CLOUDFRONT_DISTRIBUTION)) {
      if (asString(asRecord(d.props.loggingConfig)?.bucket)) continue;
      const sources = referencing(args.resources, CLOUDWATCH_LOG_DELIVERY_SOURCE, "resourceArn", d, ["arn"]);
      const delivered = sources.some(
        (s) =>
          referencing(args.resources, CLOUDWATCH_LOG_DELIVERY, "deliverySourceName", s, ["name"]).length > 0,
      );
      if (!delivered) report(`Distribution '${d.name}' has no access logging. ${FIX}`, d.urn);
    }
  },
};
