/**
 * The difference between two plans of the same stack: resources added, removed, and changed with the
 * settings that changed. Resources are matched by URN (type, parent chain and name). Pure.
 */
// @ts-nocheck

import type { SettingValue } from "./settings";

export interface PlanResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

export interface PlannedResourceLike extends PlanResourceRef {
  readonly settings: Readonly<Record<string, SettingValue>>;
}

export interface SettingChange {
  readonly path: string;
  /** Absent when the setting is new. */
  readonly before?: SettingValue;
  /** Absent when the setting was removed. */
  readonly after?: SettingValue;
}

export interface ChangedResource extends PlanResourceRef {
  readonly changes: readonly SettingChange[];
}

export interface StackDiff {
  readonly added: readonly PlanResourceRef[];
  readonly removed: readonly PlanResourceRef[];
  readonly changed: readonly ChangedResource[];
  /** Number of resources present in both plans without a change. */
  readonly unchanged: number;
}

const ref = (r: PlanResourceRef): PlanResourceRef => ({ urn: r.urn, type: r.type, name: r.name });
const byUrn = (a: PlanResourceRef, b: PlanResourceRef) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);

/** Compare the settings of one resource. */
export function diffSettings(
  before: Readonly<Record<string, SettingValue>>,
  after: Readonly<Record<string, SettingValue>>,
): SettingChange[] {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: SettingChange[] = [];
  for (const path of paths) {
    const inBefore = Object.prototype.hasOwnProperty.call(before, path);
    const inAfter = Object.prototype.hasOwnProperty.call(after, path);
    if (inBefore && inAfter && before[path] === after[path]) continue;
    changes.push({
      path,
      ...(inBefore ? { before: before[path] } : {}),
      ...(inAfter ? { after: after[path] } : {}),
    });
  }
  return changes;
}

/** Compare two resource lists of the same stack. */
export function diffResources(
  before: readonly PlannedResourceLike[],
  after: readonly PlannedResourceLike[],
): StackDiff {
  const old = new Map(before.map((r) => [r.urn, r]));
  const now = new Map(after.map((r) => [r.urn, r]));
  const added = after
    .filter((r) => !old.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const removed = before
    .filter((r) => !now.has(r.urn))
    .map(ref)
    .sort(byUrn);
  const changed: ChangedResource[] = [];
  let unchanged = 0;
  for (const r of after) {
    const o = old.get(r.urn);
    if (!o) continue;
    const changes = diffSettings(o.settings, r.settings);
    if (changes.length > 0) changed.push({ ...ref(r), changes });
    else unchanged++;
  }
  return { added, removed, changed: changed.sort(byUrn), unchanged };
}
