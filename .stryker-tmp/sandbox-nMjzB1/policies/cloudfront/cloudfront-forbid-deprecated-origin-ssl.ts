// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { asArray } from "../lib/props";
import { CLOUDFRONT_DISTRIBUTION, isOneOf } from "../lib/types";
import { customOriginConfig, originsOf } from "./distribution";

/** FSBP CloudFront.10: no deprecated SSL protocol (SSLv3 by default) towards custom origins. */
export const cloudfrontForbidDeprecatedOriginSsl: ResourceValidationPolicy = {
  name: "cloudfront-forbid-deprecated-origin-ssl",
  description: "CloudFront does not use deprecated SSL protocols towards custom origins.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: 'Set customOriginConfig.originSslProtocols to ["TLSv1.2"].',
  ...fsbp("CloudFront.10"),
  configSchema: {
    properties: {
      deprecatedProtocols: {
        type: "array",
        items: { type: "string", enum: ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"] },
        default: ["SSLv3"],
        description: "Origin protocols treated as deprecated (the control checks SSLv3).",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, CLOUDFRONT_DISTRIBUTION)) return;
    const { deprecatedProtocols } = configOf<{ deprecatedProtocols: string[] }>(
      args,
      cloudfrontForbidDeprecatedOriginSsl,
    );
    for (const o of originsOf(args.props)) {
      const c = customOriginConfig(o);
      const bad = asArray(c?.originSslProtocols)
        .map(String)
        .filter((p) => deprecatedProtocols.includes(p));
      if (bad.length > 0) {
        report(
          `Distribution '${args.name}' origin '${o.id}' allows ${bad.join(", ")}. Set customOriginConfig.originSslProtocols to ["TLSv1.2"].`,
        );
      }
    }
  },
};
