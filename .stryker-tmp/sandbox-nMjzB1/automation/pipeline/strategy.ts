/**
 * Rollout strategies as pure functions: given the strategy, the release state the stack runs now and the
 * version to ship, the ordered steps of the rollout and the `slipway:release` config each update sets;
 * and, for a failure, the state that rolls back. The pipeline executes these steps; nothing here does I/O.
 */
// @ts-nocheck

import { isTwoColourStrategy, otherColour, type Colour, type Strategy } from "../../lib/strategy";

/** The `slipway:release` stack config object (see the stack config contract). */
export interface ReleaseState {
  /** Version on the active colour. */
  readonly version: string;
  readonly activeColour: Colour;
  /** Version on the idle colour (two-colour strategies). */
  readonly idleVersion?: string;
  /** Percent of traffic sent to the idle colour, 0..100. */
  readonly idleWeight: number;
  /**
   * Version the one-off migration task definition runs; unset: the program's default (the idle colour's
   * version for two-colour strategies, else `version`). Set only where it differs from that default.
   */
  readonly migrationVersion?: string;
}

export type RolloutStep =
  /** Set `slipway:release` to `state` and run `up`; for rolling, wait for ECS steady state afterwards. */
  | {
      readonly kind: "update";
      readonly label: string;
      readonly state: ReleaseState;
      readonly waitSteady: boolean;
    }
  /**
   * Run the pending database migrations as a one-off ECS task (RDS snapshot first in production). The
   * update before it registered the migration task definition of the new version; no service that takes
   * traffic runs the new version yet (except on a first release, where nothing served before).
   */
  | { readonly kind: "migrate"; readonly label: string }
  /** Smoke-test the idle colour through the header route (no public traffic yet). */
  | { readonly kind: "smoke-idle"; readonly label: string }
  /** Canary analysis at the current weight: alarms, error rate and p95 of the idle colour vs the baseline. */
  | { readonly kind: "analyse"; readonly label: string; readonly weight: number };

/** Default canary traffic steps, in percent. */
export const DEFAULT_CANARY_STEPS: readonly number[] = [10, 50, 100];

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
  if (
    o.migrationVersion !== undefined &&
    (typeof o.migrationVersion !== "string" || o.migrationVersion === "")
  ) {
    throw new Error(`slipway:release.migrationVersion must be a non-empty string`);
  }
  return {
    version: o.version,
    activeColour,
    idleWeight,
    ...(o.idleVersion !== undefined ? { idleVersion: o.idleVersion as string } : {}),
    ...(o.migrationVersion !== undefined ? { migrationVersion: o.migrationVersion as string } : {}),
  };
}

/** Serialise a release state for `slipway:release` (stable key order, so re-runs set identical config). */
export function serialiseReleaseState(s: ReleaseState): string {
  return JSON.stringify({
    version: s.version,
    activeColour: s.activeColour,
    ...(s.idleVersion !== undefined ? { idleVersion: s.idleVersion } : {}),
    idleWeight: s.idleWeight,
    ...(s.migrationVersion !== undefined ? { migrationVersion: s.migrationVersion } : {}),
  });
}

/** The version the program's migration task definition runs for `state` when it sets no `migrationVersion`. */
export function defaultMigrationVersion(strategy: Strategy, state: ReleaseState): string {
  return isTwoColourStrategy(strategy) ? (state.idleVersion ?? state.version) : state.version;
}

/**
 * `state` with its migration task definition on `version`: `migrationVersion` is set only when the
 * program's default would be another version, so states that already migrate `version` stay unchanged.
 */
export function migratingTo(strategy: Strategy, state: ReleaseState, version: string): ReleaseState {
  const { migrationVersion: _ignored, ...rest } = state;
  return defaultMigrationVersion(strategy, rest) === version ? rest : { ...rest, migrationVersion: version };
}

/** The services run the same versions, colours and weights in both states (`migrationVersion` aside). */
export function sameServices(a: ReleaseState, b: ReleaseState): boolean {
  const { migrationVersion: _a, ...ra } = a;
  const { migrationVersion: _b, ...rb } = b;
  return serialiseReleaseState(ra) === serialiseReleaseState(rb);
}

/**
 * The rollout steps from `current` (undefined: the stack never ran a release) to `version`.
 * - direct / rolling: one update of the single (blue) service; rolling waits for ECS steady state. With
 *   pending migrations, a preparatory update first registers the migration task definition of `version`
 *   while the service stays on the current version (`migrationVersion`), then the migration, then the
 *   rollout update: the new code never runs against the old schema.
 * - blue_green: new version to the idle colour with no traffic, (migrate,) smoke it via the header route,
 *   switch (the old version stays on the now idle colour for instant rollback).
 * - canary: new version to the idle colour with no traffic, (migrate,) smoke it, then for each step raise
 *   the idle weight and analyse, then flip the colours with the weight back to 0.
 * - First release (nothing deployed, nothing serving): one update puts `version` everywhere, then the
 *   migration. The migration task needs the stack (network, database, cluster, secrets, task definition)
 *   that only this first update creates, and there is no earlier version to keep the services on; the
 *   new services take no users' traffic before the migration, and smoke tests run after it.
 * Re-running after a partial rollout recomputes the same states, so config updates are idempotent; when
 * the version is already active, the single step re-applies the current state (migrations, idempotent,
 * run after it).
 */
export function rolloutSteps(
  strategy: Strategy,
  current: ReleaseState | undefined,
  version: string,
  canarySteps: readonly number[] = DEFAULT_CANARY_STEPS,
  /** The release has pending migrations: add the `migrate` step (and the preparatory update it needs). */
  pendingMigrations = false,
): RolloutStep[] {
  const migrate: RolloutStep[] = pendingMigrations
    ? [{ kind: "migrate", label: `run the pending migrations of ${version}` }]
    : [];
  const m = (state: ReleaseState): ReleaseState =>
    pendingMigrations ? migratingTo(strategy, state, version) : state;
  if (!isTwoColourStrategy(strategy)) {
    const rollout: RolloutStep = {
      kind: "update",
      label: `deploy ${version} (${strategy})`,
      state: { version, activeColour: "blue", idleWeight: 0 },
      waitSteady: strategy === "rolling",
    };
    if (!pendingMigrations) return [rollout];
    if (!current || current.version === version) return [rollout, ...migrate];
    return [
      {
        kind: "update",
        label: `register the migration task of ${version} (services stay on ${current.version})`,
        state: m({ version: current.version, activeColour: "blue", idleWeight: 0 }),
        waitSteady: false,
      },
      ...migrate,
      rollout,
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
      ...migrate,
    ];
  }
  if (current.version === version && current.idleWeight === 0) {
    return [
      {
        kind: "update",
        label: `${version} already active on ${current.activeColour}: re-apply`,
        state: m({ ...current }),
        waitSteady: false,
      },
      ...migrate,
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
    ...migrate,
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
  if (isTwoColourStrategy(strategy) && !newVersionDeployed) {
    // The new version never got onto its colour: put the stack back exactly as it was.
    return { kind: "redeploy", state: { ...before, idleWeight: 0 } };
  }
  if (isTwoColourStrategy(strategy)) {
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
  if (!current || !isTwoColourStrategy(strategy)) return undefined;
  const target = toVersion ?? current.idleVersion;
  if (!target || current.idleVersion !== target || target === current.version) return undefined;
  return {
    version: target,
    activeColour: otherColour(current.activeColour),
    idleVersion: current.version,
    idleWeight: 0,
  };
}
