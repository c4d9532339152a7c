/**
 * `checkPolicies`: evaluate a program for one stack with the offline engine and run the CrossGuard pack
 * against what it registered, through the policy harness (`policies/harness.ts`, the analyzer's
 * semantics without gRPC). Environment-dependent policies get the stack's environment type as policy
 * config. Library code: no printing, no exit codes (see `automation/cli/policy.ts`).
 */
// @ts-nocheck

import { join } from "node:path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { evaluatePolicies, type Violation } from "../../policies/harness";
import { PROJECT_ROOT } from "../engine/loader";
import { evaluateProgram, type OfflineStack } from "../engine/offline";
import type { ConfigValue } from "../engine/types";
import { analyzerResources, stackUrnOf } from "./engine-view";
import { loadPolicyPack, type LoadedPolicyPack } from "./pack";

export type EnvironmentType = "staging" | "production" | "development";

/** The resource a violation blames. */
export interface BlamedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
}

/** One violation, as `npm run policy -- --format json` prints it. */
export interface PolicyViolation {
  readonly policy: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  readonly message: string;
  /** The resource blamed; stack policies that name none blame the stack itself. */
  readonly resource: BlamedResource;
}

export interface PolicyReport {
  readonly project: string;
  readonly stack: string;
  readonly environmentType: EnvironmentType;
  readonly pack: { readonly name: string; readonly policies: number };
  /** Number of resources checked. */
  readonly resources: number;
  /** Violations sorted by resource URN, then policy. */
  readonly violations: readonly PolicyViolation[];
  readonly mandatory: number;
  readonly advisory: number;
}

export interface CheckPoliciesOptions {
  /** Program directory. @default this project */
  readonly programDir?: string;
  readonly stack: string;
  /** Stack config overrides passed to the program. */
  readonly config?: Record<string, ConfigValue>;
  readonly configFile?: string;
  /** Policy pack directory. @default `<this project>/policies` */
  readonly policyPackDir?: string;
  /** Policy pack config (enforcement levels, thresholds), as `--policy-pack-config` would give it. */
  readonly policyConfig?: PolicyPackConfig;
  /** An evaluation already made for this stack (the plan reuses its own). */
  readonly evaluated?: OfflineStack;
  readonly signal?: AbortSignal;
}

/** Default program and policy pack: this project's. */
export const DEFAULT_PROGRAM_DIR = PROJECT_ROOT;
export const DEFAULT_POLICY_PACK_DIR = join(PROJECT_ROOT, "policies");

/**
 * The stack's environment type: `<project>:environmentType` from its config, else derived from the
 * stack name (`production`/`prod*` -> production, `staging`/`stag*` -> staging, else development).
 */
export function environmentTypeOf(
  stack: Pick<OfflineStack, "project" | "stack" | "config">,
): EnvironmentType {
  const configured = stack.config[`${stack.project}:environmentType`]?.value;
  if (configured === "staging" || configured === "production" || configured === "development")
    return configured;
  const name = stack.stack.toLowerCase();
  if (name.startsWith("prod")) return "production";
  if (name.startsWith("stag")) return "staging";
  return "development";
}

/** Turn harness violations into report entries, blaming the stack where no resource is named. */
export function toViolations(
  violations: readonly Violation[],
  stack: Pick<OfflineStack, "project" | "stack" | "resources">,
): PolicyViolation[] {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  const stackResource: BlamedResource = {
    type: "pulumi:pulumi:Stack",
    name: `${stack.project}-${stack.stack}`,
    urn: stackUrnOf(stack),
  };
  const blamed = (urn?: string): BlamedResource => {
    if (urn === undefined) return stackResource;
    const r = byUrn.get(urn);
    if (r) return { type: r.type, name: r.name, urn: r.urn };
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    const type = (/::([^:]*:[^:]*:[^:]*)::[^:]*$/.exec(urn)?.[1] ?? "").split("$").pop() ?? "";
    return { type, name, urn };
  };
  return violations
    .map((v) => ({
      policy: v.policy,
      enforcementLevel: v.enforcementLevel,
      message: v.message,
      resource: blamed(v.urn),
    }))
    .sort((a, b) =>
      a.resource.urn !== b.resource.urn
        ? a.resource.urn < b.resource.urn
          ? -1
          : 1
        : a.policy !== b.policy
          ? a.policy < b.policy
            ? -1
            : 1
          : a.message < b.message
            ? -1
            : a.message > b.message
              ? 1
              : 0,
    );
}

/** Run a loaded pack against an evaluated stack. */
export async function runPack(
  pack: LoadedPolicyPack,
  evaluated: OfflineStack,
  policyConfig?: PolicyPackConfig,
): Promise<PolicyReport> {
  const environmentType = environmentTypeOf(evaluated);
  const result = await evaluatePolicies(pack.policies, analyzerResources(evaluated), {
    config: { ...(pack.initialConfig ?? {}), ...(policyConfig ?? {}) },
    enforcementLevel: pack.enforcementLevel,
    environmentType,
  });
  const violations = toViolations(result.violations, evaluated);
  return {
    project: evaluated.project,
    stack: evaluated.stack,
    environmentType,
    pack: { name: pack.name, policies: pack.policies.length },
    resources: evaluated.resources.length,
    violations,
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
    advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
  };
}

/**
 * Evaluate the program for a stack (unless `evaluated` is given) and run the policy pack. Rejects with
 * `InputError`/`ProgramError` when the program cannot be evaluated, `PolicyEvaluationError` when a
 * policy is misconfigured or throws.
 */
export async function checkPolicies(options: CheckPoliciesOptions): Promise<PolicyReport> {
  const pack = loadPolicyPack(options.policyPackDir ?? DEFAULT_POLICY_PACK_DIR);
  const evaluated =
    options.evaluated ??
    (await evaluateProgram({
      programDir: options.programDir ?? DEFAULT_PROGRAM_DIR,
      stack: options.stack,
      config: options.config,
      configFile: options.configFile,
      signal: options.signal,
    }));
  return runPack(pack, evaluated, options.policyConfig);
}
