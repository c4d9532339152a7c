// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, requiredEnvironment } from "../lib/environment";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX = "Set multiAz: true so a standby in another Availability Zone takes over on failure.";

/**
 * FSBP RDS.5 and the role document's "production is Multi-AZ": DB instances run Multi-AZ in the
 * environments listed in `requiredIn` (default production). Aurora clusters are Multi-AZ by their
 * instances and are not checked here.
 */
export const rdsEnableMultiAz: ResourceValidationPolicy = {
  name: "rds-enable-multi-az",
  description: "RDS DB instances are Multi-AZ in production (environment-dependent).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("RDS.5"),
  configSchema: environmentConfigSchema,
  validateResource: (args, report) => {
    if (rdsKind(args.type) !== "instance") return;
    const environment = requiredEnvironment(args, rdsEnableMultiAz, "Multi-AZ");
    if (args.props.multiAz !== true) report(`${what(args)} is single-AZ in ${environment}. ${FIX}`);
  },
};
