// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

/** FSBP RDS.11: `backupRetentionPeriod` of at least `minimumRetentionDays` (FSBP default 7). */
export const rdsEnableAutomaticBackups: ResourceValidationPolicy = {
  name: "rds-enable-automatic-backups",
  description: "RDS databases keep automatic backups for at least the minimum retention period.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Set backupRetentionPeriod to at least the minimum (7 days by default).",
  ...fsbp("RDS.11"),
  configSchema: {
    properties: {
      minimumRetentionDays: {
        type: "integer",
        minimum: 1,
        maximum: 35,
        default: 7,
        description: "Minimum backup retention in days.",
      },
    },
  },
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    if (kind === "instance" && args.props.replicateSourceDb !== undefined) return;
    if (kind === "instance" && String(args.props.engine ?? "").startsWith("aurora")) return;
    const { minimumRetentionDays } = configOf<{ minimumRetentionDays: number }>(
      args,
      rdsEnableAutomaticBackups,
    );
    const days = Number(args.props.backupRetentionPeriod ?? 0);
    if (days < minimumRetentionDays) {
      report(
        `${what(args)} keeps automatic backups for ${days} day(s). Set backupRetentionPeriod to at least ${minimumRetentionDays}.`,
      );
    }
  },
};
