/** Shared ElastiCache helpers: which resources a rule applies to, and labels for messages. */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { asString, safe } from "../lib/props";
import { ELASTICACHE_CLUSTER, ELASTICACHE_REPLICATION_GROUP, isOneOf } from "../lib/types";

export type CacheKind = "replication-group" | "cluster";

/**
 * The kind of a cache resource the ElastiCache rules check: replication groups (Redis OSS, Valkey), and
 * stand-alone clusters (a `Cluster` with a `replicationGroupId` is a member and follows its group).
 */
export function cacheKind(args: ResourceValidationArgs): CacheKind | undefined {
  if (isOneOf(args.type, ELASTICACHE_REPLICATION_GROUP)) return "replication-group";
  if (isOneOf(args.type, ELASTICACHE_CLUSTER) && safe(() => args.props.replicationGroupId) === undefined)
    return "cluster";
  return undefined;
}

/** Memcached has no backups, AUTH or at-rest encryption; the other engines (Redis OSS, Valkey) do. */
export function isMemcached(args: ResourceValidationArgs): boolean {
  return asString(safe(() => args.props.engine)) === "memcached";
}

/** A replication group that joins a global datastore inherits encryption and AUTH from its primary. */
export function isGlobalSecondary(args: ResourceValidationArgs): boolean {
  return safe(() => args.props.globalReplicationGroupId) !== undefined;
}

/** Is `key` set on the resource (a value, or one unknown during preview)? A `null` is not set. */
export function isSet(args: ResourceValidationArgs, key: string): boolean {
  return key in args.props && safe(() => args.props[key]) !== null;
}

export function what(args: ResourceValidationArgs): string {
  return `${cacheKind(args) === "cluster" ? "Cache cluster" : "Replication group"} '${args.name}'`;
}
