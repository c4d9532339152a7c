/**
 * Policy config with the schema's defaults applied. The Pulumi CLI fills defaults before it configures
 * the analyzer, but without `--policy-pack-config` (or on older CLIs) a policy's `getConfig()` can be
 * empty: reading through `configOf` keeps every threshold at its documented default instead of
 * silently comparing against `undefined`.
 */
// @ts-nocheck

import type { Policy } from "@pulumi/policy";

export function configOf<T extends object>(
  args: { getConfig<C extends object>(): C },
  policy: Pick<Policy, "configSchema">,
): T {
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (typeof v === "object" && v !== null && "default" in v) defaults[k] = v.default;
  }
  const given = args.getConfig<Record<string, unknown>>();
  const merged: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) merged[k] = v;
  return merged as T;
}
