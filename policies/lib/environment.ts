/**
 * Environment-dependent policies read the stack's environment type from policy config
 * (`environmentType`, set per stack by the deploy automation and the offline runner) and apply only
 * in the environments listed in `requiredIn`.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

export const ENVIRONMENT_TYPES = ["production", "staging", "development"] as const;

/** Config schema properties shared by environment-dependent policies. */
export const environmentConfigSchema: PolicyConfigSchema = {
  properties: {
    environmentType: {
      type: "string",
      enum: [...ENVIRONMENT_TYPES],
      default: "production",
      description: "Environment type of the stack being checked (strictest when not given).",
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
  readonly environmentType: string;
  readonly requiredIn: readonly string[];
}

/** True when the rule applies in the configured environment. */
export function appliesIn(config: EnvironmentConfig): boolean {
  return config.requiredIn.includes(config.environmentType);
}
