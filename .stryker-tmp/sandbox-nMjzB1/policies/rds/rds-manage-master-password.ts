// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { operations } from "../lib/meta";
import { isReplicaOrRestore, rdsKind, what } from "./rds";

const FIX =
  "Remove password/masterPassword and set manageMasterUserPassword: true: RDS then keeps the password in " +
  "Secrets Manager (masterUserSecrets) and rotates it; services read it from there.";

/**
 * Operations rule "secrets never in plain config": the database master password is not passed
 * through the program (stack config, state) but managed by RDS in Secrets Manager.
 */
export const rdsManageMasterPassword: ResourceValidationPolicy = {
  name: "rds-manage-master-password",
  description: "RDS master passwords are managed by RDS in Secrets Manager, never passed through config.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...operations(),
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    if (isReplicaOrRestore(args)) return;
    const given = kind === "cluster" ? ["masterPassword", "masterPasswordWo"] : ["password", "passwordWo"];
    const set = given.filter((k) => args.props[k] !== undefined);
    if (set.length > 0) report(`${what(args)} sets ${set.join(", ")} from the program. ${FIX}`);
    else if (args.props.manageMasterUserPassword !== true)
      report(`${what(args)} does not set manageMasterUserPassword. ${FIX}`);
  },
};
