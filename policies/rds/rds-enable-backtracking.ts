import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { RDS_CLUSTER, isOneOf } from "../lib/types";

const FIX = "Set backtrackWindow (seconds, e.g. 86400) on the Aurora MySQL cluster.";

/** FSBP RDS.14: Aurora MySQL can rewind to a point in time without a restore (advisory). */
export const rdsEnableBacktracking: ResourceValidationPolicy = {
  name: "rds-enable-backtracking",
  description: "Aurora MySQL clusters have backtracking enabled.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("RDS.14"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, RDS_CLUSTER)) return;
    const p = args.props;
    if (p.engine !== "aurora-mysql" && p.engine !== "aurora") return;
    if (!(typeof p.backtrackWindow === "number" && p.backtrackWindow > 0))
      report(`Aurora MySQL cluster '${args.name}' has no backtrack window. ${FIX}`);
  },
};
