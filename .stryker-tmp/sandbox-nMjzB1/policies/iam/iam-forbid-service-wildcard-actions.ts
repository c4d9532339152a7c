// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOf } from "../lib/iam";
import { fsbp } from "../lib/meta";
import { documentsOf } from "./documents";

const FIX = 'List the specific actions (e.g. "s3:GetObject") instead of "<service>:*" or "*".';

/**
 * FSBP IAM.21: no wildcard service actions (`"s3:*"`, `"*"`) in Allow statements. Applied to managed
 * and inline policies alike.
 */
export const iamForbidServiceWildcardActions: ResourceValidationPolicy = {
  name: "iam-forbid-service-wildcard-actions",
  description: "IAM policies do not allow wildcard actions for services.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("IAM.21"),
  validateResource: (args, report) => {
    for (const d of documentsOf(args.type, args.name, args.props)) {
      for (const s of statementsOf(d.doc) ?? []) {
        if (s.effect !== "Allow") continue;
        const wild = s.actions.filter((a) => a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a));
        if (wild.length > 0)
          report(`${d.label} statement ${s.sid ?? "(no Sid)"} allows ${wild.join(", ")}. ${FIX}`);
      }
    }
  },
};
