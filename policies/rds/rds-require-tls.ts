import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { RDS_PARAMETER_GROUPS, isOneOf } from "../lib/types";

const FIX =
  "Set rds.force_ssl to 1 (PostgreSQL) or require_secure_transport to ON (MySQL, MariaDB) instead of turning it off.";

/** Database connections stay encrypted in transit: a parameter group that sets rds.force_ssl=0 or require_secure_transport=OFF allows plain-text clients. */
export const rdsRequireTls: ResourceValidationPolicy = {
  name: "rds-require-tls",
  description: "RDS parameter groups do not turn off TLS enforcement.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, RDS_PARAMETER_GROUPS)) return;
    const p = args.props;
    for (const param of asArray(p.parameters)) {
      const r = asRecord(param);
      const name = String(r?.name ?? "").toLowerCase();
      const value = String(r?.value ?? "").toLowerCase();
      if (
        (name === "rds.force_ssl" && value === "0") ||
        (name === "require_secure_transport" && (value === "off" || value === "0"))
      )
        report(`Parameter group '${args.name}' sets ${name}=${value}. ${FIX}`);
    }
  },
};
