/**
 * The resource inventory of a deployed stack, with monthly cost: the resources of the exported stack
 * state (what Pulumi actually manages after the rollout) priced by the cost estimator
 * (`automation/cost/`). Usage-priced and unpriced resources get no cost figure rather than an invented one.
 */
// @ts-nocheck

import { estimateCost, type CostEstimate } from "../cost/estimate";
import type { CapturedResource } from "../engine/types";

/** One row of the report's `infrastructure.resources_provisioned`. */
export interface InventoryRow {
  readonly resource_type: string;
  readonly name: string;
  readonly details: string;
  readonly cost_estimate_monthly_usd?: number;
}

export interface Inventory {
  readonly rows: readonly InventoryRow[];
  /** Sum of the fixed monthly prices (usage-priced resources come on top). */
  readonly monthlyUsd: number;
  readonly priceTableDate: string;
  readonly regionPriced: boolean;
}

interface StateResource {
  readonly urn?: unknown;
  readonly type?: unknown;
  readonly custom?: unknown;
  readonly parent?: unknown;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly dependencies?: unknown;
  readonly provider?: unknown;
  readonly id?: unknown;
}

/** The custom resources of an exported (v3) stack state, in the shape the cost estimator reads. */
export function resourcesFromState(state: unknown): CapturedResource[] {
  const deployment = (state as { deployment?: { resources?: unknown } } | undefined)?.deployment;
  const resources = Array.isArray(deployment?.resources) ? (deployment.resources as StateResource[]) : [];
  const out: CapturedResource[] = [];
  for (const r of resources) {
    if (typeof r.urn !== "string" || typeof r.type !== "string") continue;
    if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
    const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
    out.push({
      type: r.type,
      name: r.urn.split("::").pop() ?? r.urn,
      urn: r.urn,
      ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
      custom: r.custom === true,
      inputs: obj(r.inputs),
      outputs: obj(r.outputs),
      secretPaths: [],
      dependencies: Array.isArray(r.dependencies)
        ? r.dependencies.filter((d): d is string => typeof d === "string")
        : [],
      ...(typeof r.provider === "string" ? { provider: r.provider } : {}),
      ...(typeof r.id === "string" ? { id: r.id } : {}),
    });
  }
  return out;
}

/** Price the stack state's resources in `region`. */
export function inventoryFromState(state: unknown, region: string): Inventory {
  const estimate: CostEstimate = estimateCost(resourcesFromState(state), region);
  return {
    rows: estimate.items.map((i) => ({
      resource_type: i.type,
      name: i.name,
      details: `${i.pricing === "fixed" ? "" : `${i.pricing.replace("_", "-")}: `}${i.basis}`,
      ...(i.pricing === "fixed" ? { cost_estimate_monthly_usd: i.monthlyUsd } : {}),
    })),
    monthlyUsd: estimate.monthlyUsd,
    priceTableDate: estimate.priceTableDate,
    regionPriced: estimate.regionPriced,
  };
}
