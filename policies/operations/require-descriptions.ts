import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord, asString } from "../lib/props";
import {
  isOneOf,
  KMS_KEY,
  LAMBDA_FUNCTION,
  SECRET,
  SECURITY_GROUP,
  SECURITY_GROUP_RULE,
  VPC_EGRESS_RULE,
  VPC_INGRESS_RULE,
} from "../lib/types";

const FIX = "Set description to what the resource is for (who connects, on which port, for which service).";

/** The description Pulumi gives a security group when the program sets none. */
const PULUMI_DEFAULT_DESCRIPTION = "Managed by Pulumi";

/**
 * Security groups and their rules, KMS keys, Lambda functions and secrets say what they are for, so a
 * reviewer or responder can tell an intended opening from a mistake (advisory).
 */
export const requireDescriptions: ResourceValidationPolicy = {
  name: "require-descriptions",
  description: "Security groups and rules, KMS keys, Lambda functions and secrets have descriptions.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    const p = args.props;
    const missing = (what: string) => report(`${what} has no description. ${FIX}`);
    if (isOneOf(args.type, SECURITY_GROUP)) {
      const d = asString(p.description);
      if (!d || d === PULUMI_DEFAULT_DESCRIPTION) missing(`Security group '${args.name}'`);
      for (const dir of ["ingress", "egress"]) {
        asArray(p[dir]).forEach((r, i) => {
          if (!asString(asRecord(r)?.description)) missing(`Security group '${args.name}' ${dir}[${i}]`);
        });
      }
    } else if (
      isOneOf(args.type, [
        ...SECURITY_GROUP_RULE,
        ...VPC_INGRESS_RULE,
        ...VPC_EGRESS_RULE,
        ...KMS_KEY,
        ...LAMBDA_FUNCTION,
        ...SECRET,
      ])
    ) {
      if (!asString(p.description)) missing(`${args.type.split(":").pop()} '${args.name}'`);
    }
  },
};
