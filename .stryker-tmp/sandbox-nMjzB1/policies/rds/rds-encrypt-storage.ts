// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isReplicaOrRestore, rdsKind, what } from "./rds";

const FIX =
  "Set storageEncrypted: true (optionally kmsKeyId to a customer managed key); encryption cannot be added later without a snapshot restore.";

/** FSBP RDS.3 (instances) and RDS.27 (clusters): `storageEncrypted`. Replicas inherit from their source. */
export const rdsEncryptStorage: ResourceValidationPolicy = {
  name: "rds-encrypt-storage",
  description: "RDS DB instances and clusters encrypt storage at rest.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("RDS.3", "RDS.27"),
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    if (kind === "instance" && args.props.replicateSourceDb !== undefined) return;
    if (isReplicaOrRestore(args) && args.props.storageEncrypted === undefined) return;
    if (args.props.storageEncrypted !== true) report(`${what(args)} does not encrypt storage. ${FIX}`);
  },
};
