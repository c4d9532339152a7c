import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asArray } from "../lib/props";
import { isOneOf } from "../lib/types";

const FIX = 'Remove "all" from sharedAccounts and share with named account ids only.';

/** FSBP RDS.1: snapshots are never restorable by every AWS account. */
export const rdsProhibitPublicSnapshots: ResourceValidationPolicy = {
  name: "rds-prohibit-public-snapshots",
  description: "RDS snapshots are not shared publicly.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("RDS.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ["aws:rds/snapshot:Snapshot", "aws:rds/clusterSnapshot:ClusterSnapshot"])) return;
    const p = args.props;
    if (asArray(p.sharedAccounts).includes("all"))
      report(`Snapshot '${args.name}' is shared with every AWS account. ${FIX}`);
  },
};
