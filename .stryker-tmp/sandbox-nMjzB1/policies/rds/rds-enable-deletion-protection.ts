// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, requiredEnvironment } from "../lib/environment";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX = "Set deletionProtection: true (and keep skipFinalSnapshot false with a finalSnapshotIdentifier).";

/**
 * FSBP RDS.8 (instances) and RDS.7 (clusters), and the role document's "production has deletion
 * protection": enforced in the environments listed in `requiredIn` (default production), so staging
 * can be torn down.
 */
export const rdsEnableDeletionProtection: ResourceValidationPolicy = {
  name: "rds-enable-deletion-protection",
  description:
    "RDS DB instances and clusters have deletion protection in production (environment-dependent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("RDS.8", "RDS.7"),
  configSchema: environmentConfigSchema,
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    const environment = requiredEnvironment(args, rdsEnableDeletionProtection, "Deletion protection");
    if (args.props.deletionProtection !== true) {
      report(`${what(args)} has no deletion protection in ${environment}. ${FIX}`);
    }
  },
};
