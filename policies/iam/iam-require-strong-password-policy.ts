import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { IAM_ACCOUNT_PASSWORD_POLICY, isOneOf } from "../lib/types";

const FIX =
  "Set minimumPasswordLength >= 14, require lowercase, uppercase, numbers and symbols, passwordReusePrevention >= 24 " +
  "and maxPasswordAge <= 90.";

interface Thresholds {
  minimumLength: number;
  reusePrevention: number;
  maxAgeDays: number;
}

/** FSBP IAM.7 (CIS IAM.11-17): an account password policy declared in code is strong. */
export const iamRequireStrongPasswordPolicy: ResourceValidationPolicy = {
  name: "iam-require-strong-password-policy",
  description: "The IAM account password policy requires long, complex, unique, expiring passwords.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("IAM.7", "IAM.11", "IAM.12", "IAM.13", "IAM.14", "IAM.15", "IAM.16", "IAM.17"),
  configSchema: {
    properties: {
      minimumLength: { type: "integer", minimum: 6, default: 14, description: "Shortest password allowed." },
      reusePrevention: {
        type: "integer",
        minimum: 1,
        default: 24,
        description: "Previous passwords that cannot be reused.",
      },
      maxAgeDays: {
        type: "integer",
        minimum: 1,
        default: 90,
        description: "Longest a password may be used, in days.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, IAM_ACCOUNT_PASSWORD_POLICY)) return;
    const t = configOf<Thresholds>(args, iamRequireStrongPasswordPolicy);
    const p = args.props;
    const num = (v: unknown) => (typeof v === "number" ? v : undefined);
    const problems: string[] = [];
    if ((num(p.minimumPasswordLength) ?? 6) < t.minimumLength)
      problems.push(`minimumPasswordLength < ${t.minimumLength}`);
    for (const k of [
      "requireLowercaseCharacters",
      "requireUppercaseCharacters",
      "requireNumbers",
      "requireSymbols",
    ])
      if (p[k] !== true) problems.push(`${k} not true`);
    if ((num(p.passwordReusePrevention) ?? 0) < t.reusePrevention)
      problems.push(`passwordReusePrevention < ${t.reusePrevention}`);
    const age = num(p.maxPasswordAge);
    if (age === undefined || age === 0 || age > t.maxAgeDays)
      problems.push(`maxPasswordAge not within ${t.maxAgeDays} days`);
    if (problems.length > 0) report(`Password policy '${args.name}' is weak: ${problems.join(", ")}. ${FIX}`);
  },
};
