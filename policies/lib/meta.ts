/**
 * Policy metadata: the AWS Foundational Security Best Practices (FSBP) control ids a policy
 * implements, machine readable as `fsbp:<id>` tags and in the policy's `framework`, and the
 * `operations` tag for rules that come from the DevOps role document rather than FSBP.
 */
import type { Policy, PolicyComplianceFramework } from "@pulumi/policy";

export const FSBP_TAG_PREFIX = "fsbp:";
export const OPERATIONS_TAG = "operations";

const FSBP_REFERENCE = "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html";

/** Metadata for a policy implementing the given FSBP controls (e.g. `fsbp("S3.8")`). */
export function fsbp(...controls: string[]): { framework: PolicyComplianceFramework; tags: string[] } {
  if (controls.length === 0) throw new Error("fsbp() needs at least one control id");
  for (const c of controls) {
    if (!/^[A-Za-z0-9]+\.\d+$/.test(c)) throw new Error(`invalid FSBP control id '${c}'`);
  }
  return {
    framework: {
      name: "AWS Foundational Security Best Practices",
      version: "1.0.0",
      reference: FSBP_REFERENCE,
      specification: controls.join(", "),
    },
    tags: controls.map((c) => `${FSBP_TAG_PREFIX}${c}`),
  };
}

/** Metadata for an operations rule (role document), optionally also tied to FSBP controls. */
export function operations(...controls: string[]): { tags: string[]; framework?: PolicyComplianceFramework } {
  if (controls.length === 0) return { tags: [OPERATIONS_TAG] };
  const m = fsbp(...controls);
  return { framework: m.framework, tags: [OPERATIONS_TAG, ...m.tags] };
}

/** The FSBP control ids a policy declares. */
export function controlsOf(policy: Pick<Policy, "tags">): string[] {
  return (policy.tags ?? [])
    .filter((t) => t.startsWith(FSBP_TAG_PREFIX))
    .map((t) => t.slice(FSBP_TAG_PREFIX.length));
}

/** True for operations rules. */
export function isOperationsRule(policy: Pick<Policy, "tags">): boolean {
  return (policy.tags ?? []).includes(OPERATIONS_TAG);
}

export const BASELINE_TAG = "baseline";

/**
 * Metadata for a rule taken from the baseline the peers share (checkov, trivy, awsguard,
 * compliance-policies; `policies/peer-rules.yaml` maps their ids) where FSBP has no control.
 */
export function baseline(): { tags: string[] } {
  return { tags: [BASELINE_TAG] };
}

/** True for rules from the peers' shared baseline. */
export function isBaselineRule(policy: Pick<Policy, "tags">): boolean {
  return (policy.tags ?? []).includes(BASELINE_TAG);
}
