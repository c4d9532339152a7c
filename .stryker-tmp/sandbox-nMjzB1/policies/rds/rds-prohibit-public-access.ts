// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { rdsKind, what } from "./rds";

const FIX =
  "Set publiclyAccessible: false and place the database in private subnets reachable only from the services' security group.";

/** FSBP RDS.2: `publiclyAccessible` on instances and Aurora cluster instances. */
export const rdsProhibitPublicAccess: ResourceValidationPolicy = {
  name: "rds-prohibit-public-access",
  description: "RDS DB instances are not publicly accessible.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...fsbp("RDS.2"),
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster-instance") return;
    if (args.props.publiclyAccessible === true) report(`${what(args)} is publicly accessible. ${FIX}`);
  },
};
