/**
 * Joining resources in stack policies. An input that references another resource (a public access
 * block's `bucket`, a flow log's `vpcId`, a rotation's `secretId`) is matched to its target by, in
 * order: the property's recorded dependencies (precise, always known, also during preview); the
 * value compared with the target's identifying outputs (`id`, `arn`, a name); and, when the value is
 * absent or unknown, the resource's dependencies.
 */
// @ts-nocheck

import type { PolicyResource } from "@pulumi/policy";
import { safe } from "./props";

/** Does `source.props[prop]` refer to `target` (identified by its outputs named in `targetKeys`)? */
export function references(
  source: PolicyResource,
  prop: string,
  target: PolicyResource,
  targetKeys: readonly string[] = ["id", "arn"],
): boolean {
  const propDeps = source.propertyDependencies[prop];
  if (propDeps !== undefined && propDeps.length > 0) return propDeps.includes(target);
  const value = safe(() => source.props[prop]);
  if (typeof value === "string" && value.length > 0) {
    if (value === target.urn) return true;
    return targetKeys.some((k) => {
      const v = safe(() => target.props[k]);
      return typeof v === "string" && v === value;
    });
  }
  return source.dependencies.includes(target);
}

/** The resources of `types` whose `prop` references `target`. */
export function referencing(
  resources: readonly PolicyResource[],
  types: readonly string[],
  prop: string,
  target: PolicyResource,
  targetKeys?: readonly string[],
): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type) && references(r, prop, target, targetKeys));
}

/** The resources of the given types. */
export function ofType(resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}
