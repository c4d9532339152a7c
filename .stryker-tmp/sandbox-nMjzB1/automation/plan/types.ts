/**
 * The deployment plan document (`deployment-plan.json`), as described by
 * `contracts/deployment-plan.schema.json`. Written by `npm run plan`; read back by `--compare`.
 */
// @ts-nocheck

import type { CostEstimate } from "../cost/estimate";
import type { PolicyViolation } from "../policy/check";
import type { StackDiff } from "./diff";
import type { SettingValue } from "./settings";

export const PLAN_SCHEMA_VERSION = "1.0";

/** A gate issue for one environment (evaluated, not enforced). */
export interface PlanGate {
  readonly environment: string;
  readonly stack: string;
  readonly gate: "qa" | "approval" | "staging" | "tooling";
  readonly description: string;
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly blocking: boolean;
  readonly fix: string;
}

export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  /** False for components. */
  readonly custom: boolean;
  /** True for remote (multi-language) components: opaque offline. */
  readonly remote?: boolean;
  /** Key settings: flattened inputs, secrets redacted. */
  readonly settings: Readonly<Record<string, SettingValue>>;
}

export interface PlanStack {
  readonly stack: string;
  readonly environment: string;
  readonly environmentType: "staging" | "production" | "development";
  readonly region: string;
  readonly resourceCount: number;
  /** Custom resources by type token. */
  readonly resourceSummary: Readonly<Record<string, number>>;
  readonly resources: readonly PlannedResource[];
  /** Stack outputs, secrets redacted. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly policy: {
    readonly pack: string;
    readonly policies: number;
    readonly mandatory: number;
    readonly advisory: number;
    readonly violations: readonly PolicyViolation[];
  };
  readonly cost: CostEstimate;
  readonly gates: readonly PlanGate[];
  /** Mermaid source of the architecture diagram. */
  readonly diagram: string;
  /** Program warnings during evaluation. */
  readonly warnings: readonly string[];
  /**
   * Differences between the packet's `technology_stack.infrastructure.services` and what this stack
   * provisions (empty when the packet lists none).
   */
  readonly architectureDifferences?: readonly string[];
  /** Against the `--compare` plan, when given and it has this stack. */
  readonly diff?: StackDiff & { readonly monthlyUsdBefore: number; readonly monthlyUsdAfter: number };
}

export interface DeploymentPlan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly generator: { readonly name: "slipway"; readonly version: string };
  readonly release: {
    /** Release root as given (relative to the working directory when inside it). */
    readonly root: string;
    readonly projectId: string;
    readonly projectName: string;
    readonly version: string;
    readonly strategy: string;
    readonly services: readonly { readonly name: string; readonly kind: "api" | "worker" }[];
    readonly frontend?: string;
    readonly database?: string;
    readonly environments: readonly {
      readonly name: string;
      readonly type: string;
      readonly requiresApproval: boolean;
    }[];
  };
  /** Every gate issue of every planned environment. */
  readonly gates: readonly PlanGate[];
  readonly stacks: readonly PlanStack[];
  readonly summary: {
    /** True when any gate would block a deployment. */
    readonly blocked: boolean;
    readonly blockingGates: number;
    readonly mandatoryViolations: number;
    readonly advisoryViolations: number;
    /** Fixed monthly cost per stack (USD). */
    readonly monthlyUsd: Readonly<Record<string, number>>;
  };
  readonly compare?: { readonly against: string; readonly generatedAt: string; readonly version: string };
}
