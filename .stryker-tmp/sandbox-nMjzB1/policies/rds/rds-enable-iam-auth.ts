// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX = "Set iamDatabaseAuthenticationEnabled: true so services can connect with short-lived IAM tokens.";
const SUPPORTED = /^(postgres|mysql|mariadb|aurora|aurora-mysql|aurora-postgresql)$/;

/** FSBP RDS.10 (instances) and RDS.12 (clusters), for engines that support IAM authentication. */
export const rdsEnableIamAuth: ResourceValidationPolicy = {
  name: "rds-enable-iam-auth",
  description: "RDS databases have IAM database authentication enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("RDS.10", "RDS.12"),
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    const engine = String(args.props.engine ?? "");
    if (!SUPPORTED.test(engine) || (kind === "instance" && engine.startsWith("aurora"))) return;
    if (args.props.iamDatabaseAuthenticationEnabled !== true)
      report(`${what(args)} has IAM authentication disabled. ${FIX}`);
  },
};
