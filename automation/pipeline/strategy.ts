/**
 * Rollout strategies as pure functions: given the strategy, the release state the stack runs now and the
 * version to ship, the ordered steps of the rollout and the `slipway:release` config each update sets;
 * and, for a failure, the state that rolls back. The pipeline executes these steps; nothing here does I/O.
 */
import type { Colour } from "../../outputs";
import type { Strategy } from "../../release/model";

/** The `slipway:release` stack config object (see the stack config contract). */
export interface ReleaseState {
  /** Version on the active colour. */
  readonly version: string;
  readonly activeColour: Colour;
  /** Version on the idle colour (two-colour strategies). */
  readonly idleVersion?: string;
  /** Percent of traffic sent to the idle colour, 0..100. */
  readonly idleWeight: number;
}

export type RolloutStep =
  /** Set `slipway:release` to `state` and run `up`; for rolling, wait for ECS steady state afterwards. */
  | {
      readonly kind: "update";
      readonly label: string;
      readonly state: ReleaseState;
      readonly waitSteady: boolean;
    }
  /** Smoke-test the idle colour through the header route (no public traffic yet). */
  | { readonly kind: "smoke-idle"; readonly label: string }
  /** Canary analysis at the current weight: alarms, error rate and p95 of the idle colour vs the baseline. */
  | { readonly kind: "analyse"; readonly label: string; readonly weight: number };

/** Default canary traffic steps, in percent. */
export const DEFAULT_CANARY_STEPS: readonly number[] = [10, 50, 100];

export const TWO_COLOUR: ReadonlySet<Strategy> = new Set<Strategy>(["blue_green", "canary"]);

export function otherColour(c: Colour): Colour {
  return c === "blue" ? "green" : "blue";
}

/** Parse and validate a `slipway:release` config value (a JSON object string); undefined when unset. */
export function parseReleaseState(raw: string | undefined): ReleaseState | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new Error(`slipway:release is not valid JSON`);
  }
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== "object" || typeof o.version !== "string" || o.version === "") {
    throw new Error(`slipway:release.version must be a non-empty string`);
  }
  const activeColour = o.activeColour ?? "blue";
  if (activeColour !== "blue" && activeColour !== "green") {
    throw new Error(`slipway:release.activeColour must be blue or green, got ${String(activeColour)}`);
  }
  const idleWeight = o.idleWeight ?? 0;
  if (typeof idleWeight !== "number" || !(idleWeight >= 0 && idleWeight <= 100)) {
    throw new Error(`slipway:release.idleWeight must be a number from 0 to 100`);
  }
  if (o.idleVersion !== undefined && typeof o.idleVersion !== "string") {
    throw new Error(`slipway:release.idleVersion must be a string`);
  }
  return {
    version: o.version,
    activeColour,
    idleWeight,
    ...(o.idleVersion !== undefined ? { idleVersion: o.idleVersion as string } : {}),
  };
}

/** Serialise a release state for `slipway:release` (stable key order, so re-runs set identical config). */
export function serialiseReleaseState(s: ReleaseState): string {
  return JSON.stringify({
    version: s.version,
    activeColour: s.activeColour,
    ...(s.idleVersion !== undefined ? { idleVersion: s.idleVersion } : {}),
    idleWeight: s.idleWeight,
  });
}

/**
 * The rollout steps from `current` (undefined: the stack never ran a release) to `version`.
 * - direct / rolling: one update of the single (blue) service; rolling waits for ECS steady state.
 * - blue_green: new version to the idle colour with no traffic, smoke it via the header route, switch
 *   (the old version stays on the now idle colour for instant rollback).
 * - canary: new version to the idle colour with no traffic, smoke it, then for each step raise the idle
 *   weight and analyse, then flip the colours with the weight back to 0.
 * Re-running after a partial rollout recomputes the same states, so config updates are idempotent; when
 * the version is already active, the single step re-applies the current state.
 */
export function rolloutSteps(
  strategy: Strategy,
  current: ReleaseState | undefined,
  version: string,
  canarySteps: readonly number[] = DEFAULT_CANARY_STEPS,
): RolloutStep[] {
  if (!TWO_COLOUR.has(strategy)) {
    return [
      {
        kind: "update",
        label: `deploy ${version} (${strategy})`,
        state: { version, activeColour: "blue", idleWeight: 0 },
        waitSteady: strategy === "rolling",
      },
    ];
  }
  validateCanarySteps(canarySteps);
  if (!current) {
    // First release on this stack: both colours run the version, blue takes the traffic.
    return [
      {
        kind: "update",
        label: `deploy ${version} to both colours (first release)`,
        state: { version, activeColour: "blue", idleVersion: version, idleWeight: 0 },
        waitSteady: false,
      },
    ];
  }
  if (current.version === version && current.idleWeight === 0) {
    return [
      {
        kind: "update",
        label: `${version} already active on ${current.activeColour}: re-apply`,
        state: { ...current },
        waitSteady: false,
      },
    ];
  }
  const active = current.activeColour;
  const idle = otherColour(active);
  const old = current.version;
  const staged: ReleaseState = { version: old, activeColour: active, idleVersion: version, idleWeight: 0 };
  const switched: ReleaseState = { version, activeColour: idle, idleVersion: old, idleWeight: 0 };
  const steps: RolloutStep[] = [
    {
      kind: "update",
      label: `deploy ${version} to idle colour ${idle} (no traffic)`,
      state: staged,
      waitSteady: false,
    },
    { kind: "smoke-idle", label: `smoke-test ${idle} through the header route` },
  ];
  if (strategy === "canary") {
    for (const w of canarySteps) {
      steps.push({
        kind: "update",
        label: `shift ${w} % of traffic to ${idle}`,
        state: { ...staged, idleWeight: w },
        waitSteady: false,
      });
      steps.push({ kind: "analyse", label: `analyse canary at ${w} %`, weight: w });
    }
  }
  steps.push({
    kind: "update",
    label: `switch all traffic to ${idle} (${old} stays on ${active})`,
    state: switched,
    waitSteady: false,
  });
  return steps;
}

/** Canary steps must rise strictly within 1..100 (throws otherwise). */
export function validateCanarySteps(steps: readonly number[]): void {
  if (steps.length === 0) throw new Error("canary steps must not be empty");
  let prev = 0;
  for (const s of steps) {
    if (!Number.isFinite(s) || s <= prev || s > 100) {
      throw new Error(`canary steps must rise strictly within 1..100, got ${steps.join(", ")}`);
    }
    prev = s;
  }
}

export interface RollbackPlan {
  /** `immediate`: traffic back to the colour that still runs the old version; `redeploy`: previous config. */
  readonly kind: "immediate" | "redeploy";
  readonly state: ReleaseState;
}

/**
 * The state that rolls a failed rollout back to `before` (the state the stack ran before this rollout).
 * Undefined when there is nothing to roll back to (first release).
 */
export function rollbackState(
  strategy: Strategy,
  before: ReleaseState | undefined,
  failedVersion: string,
  /** The new version reached its colour (the staging update succeeded); false: restore `before` exactly. */
  newVersionDeployed = true,
): RollbackPlan | undefined {
  if (!before) return undefined;
  if (TWO_COLOUR.has(strategy) && !newVersionDeployed) {
    // The new version never got onto its colour: put the stack back exactly as it was.
    return { kind: "redeploy", state: { ...before, idleWeight: 0 } };
  }
  if (TWO_COLOUR.has(strategy)) {
    // The old version never left its colour: send all traffic back to it, keep the new one idle.
    return {
      kind: "immediate",
      state: {
        version: before.version,
        activeColour: before.activeColour,
        idleVersion: failedVersion,
        idleWeight: 0,
      },
    };
  }
  return { kind: "redeploy", state: { version: before.version, activeColour: "blue", idleWeight: 0 } };
}

/**
 * For `rollback` on demand: the state that puts `toVersion` (default: the other colour's version) back,
 * when the strategy allows an immediate switch; undefined when a redeploy from history is needed.
 */
export function immediateSwitch(
  strategy: Strategy,
  current: ReleaseState | undefined,
  toVersion?: string,
): ReleaseState | undefined {
  if (!current || !TWO_COLOUR.has(strategy)) return undefined;
  const target = toVersion ?? current.idleVersion;
  if (!target || current.idleVersion !== target || target === current.version) return undefined;
  return {
    version: target,
    activeColour: otherColour(current.activeColour),
    idleVersion: current.version,
    idleWeight: 0,
  };
}
