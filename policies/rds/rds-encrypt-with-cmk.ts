import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { RDS_CLUSTER, RDS_INSTANCE, isOneOf } from "../lib/types";

const FIX =
  "Set kmsKeyId to a customer managed key (only at creation: restore a snapshot copy to change it).";

/** Storage under a key you control (advisory: the AWS managed key `aws/rds` encrypts otherwise). */
export const rdsEncryptWithCmk: ResourceValidationPolicy = {
  name: "rds-encrypt-with-cmk",
  description: "RDS databases are encrypted with a customer managed KMS key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...RDS_INSTANCE, ...RDS_CLUSTER])) return;
    const p = args.props;
    if (p.replicateSourceDb !== undefined) return;
    if (!asString(p.kmsKeyId))
      report(`Database '${args.name}' is not encrypted with a customer managed key. ${FIX}`);
  },
};
