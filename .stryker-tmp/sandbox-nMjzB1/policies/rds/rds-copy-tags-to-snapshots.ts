// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX = "Set copyTagsToSnapshot: true so snapshots carry the owner and environment tags.";

/** FSBP RDS.17 (instances) and RDS.16 (clusters). */
export const rdsCopyTagsToSnapshots: ResourceValidationPolicy = {
  name: "rds-copy-tags-to-snapshots",
  description: "RDS databases copy their tags to snapshots.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("RDS.17", "RDS.16"),
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    if (kind === "instance" && String(args.props.engine ?? "").startsWith("aurora")) return;
    if (args.props.copyTagsToSnapshot !== true)
      report(`${what(args)} does not copy tags to snapshots. ${FIX}`);
  },
};
