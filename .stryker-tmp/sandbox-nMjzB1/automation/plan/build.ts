/**
 * Assembling the deployment plan document from what the planner computed: evaluated stacks, policy
 * reports, gate issues, cost estimates and, optionally, an earlier plan to compare with. Pure.
 */
// @ts-nocheck

import { estimateCost } from "../cost/estimate";
import { mermaidDiagram } from "../diagram/mermaid";
import type { OfflineStack } from "../engine/offline";
import type { PolicyReport } from "../policy/check";
import type { GateIssue } from "../../release/gates";
import type { EnvironmentSpec, Release } from "../../release/model";
import { infrastructureDifferences } from "../../release/platform";
import { diffResources } from "./diff";
import { resourceSettings, scrubSecrets, secretValues } from "./settings";
import {
  PLAN_SCHEMA_VERSION,
  type DeploymentPlan,
  type PlanGate,
  type PlanStack,
  type PlannedResource,
} from "./types";

export interface StackPlanInput {
  readonly evaluated: OfflineStack;
  readonly policy: PolicyReport;
  readonly environment: EnvironmentSpec;
  readonly gates: readonly GateIssue[];
  /** The packet's `technology_stack.infrastructure.services`, compared with what the stack provisions. */
  readonly infrastructureServices?: readonly string[];
}

/** The plan of one stack; `before` is the same stack in an earlier plan, for the diff. */
export function buildStackPlan(input: StackPlanInput, before?: PlanStack): PlanStack {
  const { evaluated, environment } = input;
  const secrets = secretValues(evaluated.resources);
  const policy = scrubSecrets(input.policy, secrets);
  const resources: PlannedResource[] = evaluated.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.parent ? { parent: r.parent } : {}),
    custom: r.custom,
    ...(r.remote ? { remote: true } : {}),
    settings: scrubSecrets(resourceSettings(r), secrets),
  }));
  const summary: Record<string, number> = {};
  for (const r of evaluated.resources.filter((x) => x.custom)) summary[r.type] = (summary[r.type] ?? 0) + 1;
  const cost = estimateCost(evaluated.resources, evaluated.region);
  const gates: PlanGate[] = input.gates.map((g) => ({
    environment: environment.name,
    stack: evaluated.stack,
    gate: g.gate,
    description: g.description,
    severity: g.severity,
    blocking: g.blocking,
    fix: g.fix,
  }));
  const plan: PlanStack = {
    stack: evaluated.stack,
    environment: environment.name,
    environmentType: policy.environmentType,
    region: evaluated.region,
    resourceCount: evaluated.resources.length,
    resourceSummary: Object.fromEntries(
      Object.keys(summary)
        .sort()
        .map((k) => [k, summary[k]]),
    ),
    resources,
    outputs: scrubSecrets(evaluated.outputs, secrets),
    policy: {
      pack: policy.pack.name,
      policies: policy.pack.policies,
      mandatory: policy.mandatory,
      advisory: policy.advisory,
      violations: policy.violations,
    },
    cost,
    gates,
    diagram: mermaidDiagram(evaluated.resources),
    architectureDifferences: infrastructureDifferences(
      input.infrastructureServices,
      evaluated.resources.map((r) => r.type),
    ),
    warnings: scrubSecrets(
      evaluated.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message),
      secrets,
    ),
  };
  if (!before) return plan;
  return {
    ...plan,
    diff: {
      ...diffResources(before.resources, resources),
      monthlyUsdBefore: before.cost.monthlyUsd,
      monthlyUsdAfter: cost.monthlyUsd,
    },
  };
}

/** The whole plan document. */
export function buildPlan(input: {
  readonly release: Release;
  /** Release root as shown in the plan. */
  readonly root: string;
  readonly stacks: readonly PlanStack[];
  readonly generatedAt: Date;
  readonly generatorVersion: string;
  readonly compare?: { readonly against: string; readonly plan: DeploymentPlan };
}): DeploymentPlan {
  const { release, stacks } = input;
  const gates = stacks.flatMap((s) => s.gates);
  const blocking = gates.filter((g) => g.blocking).length;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generatedAt: input.generatedAt.toISOString(),
    generator: { name: "slipway", version: input.generatorVersion },
    release: {
      root: input.root,
      projectId: release.projectId,
      projectName: release.projectName,
      version: release.version,
      strategy: release.strategy,
      services: release.services.map((s) => ({ name: s.name, kind: s.kind })),
      ...(release.frontend ? { frontend: release.frontend.name } : {}),
      ...(release.database ? { database: release.database.name } : {}),
      environments: release.environments.map((e) => ({
        name: e.name,
        type: e.type,
        requiresApproval: e.requiresApproval,
      })),
    },
    gates,
    stacks,
    summary: {
      blocked: blocking > 0,
      blockingGates: blocking,
      mandatoryViolations: stacks.reduce((n, s) => n + s.policy.mandatory, 0),
      advisoryViolations: stacks.reduce((n, s) => n + s.policy.advisory, 0),
      monthlyUsd: Object.fromEntries(stacks.map((s) => [s.stack, s.cost.monthlyUsd])),
    },
    ...(input.compare
      ? {
          compare: {
            against: input.compare.against,
            generatedAt: input.compare.plan.generatedAt,
            version: input.compare.plan.release.version,
          },
        }
      : {}),
  };
}
