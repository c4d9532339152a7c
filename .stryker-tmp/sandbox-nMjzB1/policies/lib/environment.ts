/**
 * Environment-dependent policies apply only in the environments listed in `requiredIn` (default
 * production). The environment type comes from policy config (`environmentType`, which the offline
 * runner always sets and `packConfigFor` writes for `--policy-pack-config`); without it, from the
 * stack name in the resource's URN with the program's own rule (config.ts `environmentTypeFromStack`:
 * `prod*` -> production, `stag*` -> staging, anything else -> development).
 */
// @ts-nocheck

import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "./config";

export const ENVIRONMENT_TYPES = ["production", "staging", "development"] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

/** Config schema properties shared by environment-dependent policies. */
export const environmentConfigSchema: PolicyConfigSchema = {
  properties: {
    environmentType: {
      type: "string",
      enum: [...ENVIRONMENT_TYPES],
      description:
        "Environment type of the stack being checked. Default: derived from the stack name in the URN.",
    },
    requiredIn: {
      type: "array",
      items: { type: "string", enum: [...ENVIRONMENT_TYPES] },
      default: ["production"],
      description: "Environment types in which the rule is enforced.",
    },
  },
};

export interface EnvironmentConfig {
  readonly environmentType?: EnvironmentType;
  readonly requiredIn: readonly string[];
}

/** The stack name of a URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
}

/** Environment type from a stack name, as the program derives it. */
export function environmentTypeFromStack(stack: string): EnvironmentType {
  const s = stack.toLowerCase().split("/").pop() ?? "";
  if (/^prod/.test(s)) return "production";
  if (/^stag/.test(s)) return "staging";
  return "development";
}

/** The environment type a policy is checking: configured, else from the URN's stack name. */
export function environmentOf(config: EnvironmentConfig, urn: string): EnvironmentType {
  return config.environmentType ?? environmentTypeFromStack(stackOfUrn(urn));
}

/** True when the rule applies in that environment. */
export function appliesIn(config: EnvironmentConfig, environment: EnvironmentType): boolean {
  return config.requiredIn.includes(environment);
}

/**
 * The environment an environment-dependent resource policy is checking. When the rule is not required
 * there, the policy is reported not applicable (`args.notApplicable` throws), naming `rule`.
 */
export function requiredEnvironment(
  args: ResourceValidationArgs,
  policy: Pick<ResourceValidationPolicy, "configSchema">,
  rule: string,
): EnvironmentType {
  const config = configOf<EnvironmentConfig>(args, policy);
  const environment = environmentOf(config, args.urn);
  if (!appliesIn(config, environment)) return args.notApplicable(`${rule} is not required in ${environment}`);
  return environment;
}
