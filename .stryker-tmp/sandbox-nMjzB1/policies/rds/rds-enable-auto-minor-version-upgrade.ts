// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX =
  "Remove autoMinorVersionUpgrade: false (the default is true) so security patches are applied in the maintenance window.";

/** FSBP RDS.13 (and RDS.35 for clusters): automatic minor version upgrades stay on. */
export const rdsEnableAutoMinorVersionUpgrade: ResourceValidationPolicy = {
  name: "rds-enable-auto-minor-version-upgrade",
  description: "RDS databases apply minor engine upgrades automatically.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("RDS.13", "RDS.35"),
  validateResource: (args, report) => {
    if (rdsKind(args.type) === undefined) return;
    if (args.props.autoMinorVersionUpgrade === false)
      report(`${what(args)} disables automatic minor version upgrades. ${FIX}`);
  },
};
