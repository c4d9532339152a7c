/** Shared RDS helpers. */
// @ts-nocheck

import type { ResourceValidationArgs } from "@pulumi/policy";
import { RDS_CLUSTER, RDS_CLUSTER_INSTANCE, RDS_INSTANCE } from "../lib/types";

export type RdsKind = "instance" | "cluster" | "cluster-instance";

export function rdsKind(type: string): RdsKind | undefined {
  if ((RDS_INSTANCE as readonly string[]).includes(type)) return "instance";
  if ((RDS_CLUSTER as readonly string[]).includes(type)) return "cluster";
  if ((RDS_CLUSTER_INSTANCE as readonly string[]).includes(type)) return "cluster-instance";
  return undefined;
}

/** A read replica or restore inherits settings from its source (username, encryption). */
export function isReplicaOrRestore(args: ResourceValidationArgs): boolean {
  return (
    args.props.replicateSourceDb !== undefined ||
    args.props.snapshotIdentifier !== undefined ||
    args.props.restoreToPointInTime !== undefined ||
    args.props.replicationSourceIdentifier !== undefined
  );
}

export function what(args: ResourceValidationArgs): string {
  const kind = rdsKind(args.type);
  return `${kind === "cluster" ? "DB cluster" : "DB instance"} '${args.name}'`;
}
