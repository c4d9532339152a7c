import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE, isOneOf } from "../lib/types";

const FIX =
  'Set caCertIdentifier to "rds-ca-rsa2048-g1" (or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1) and update clients\' CA bundle.';

/** Expired RDS CAs (rds-ca-2015, rds-ca-2019) break certificate verification and TLS. */
export const rdsUseCurrentCa: ResourceValidationPolicy = {
  name: "rds-use-current-ca",
  description: "RDS instances use a current certificate authority.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...RDS_INSTANCE, ...RDS_CLUSTER_INSTANCE])) return;
    const p = args.props;
    const ca = asString(p.caCertIdentifier);
    if (ca !== undefined && !/^rds-ca-(rsa2048|rsa4096|ecc384)-g1$/.test(ca))
      report(`Database '${args.name}' uses the retired CA ${ca}. ${FIX}`);
  },
};
