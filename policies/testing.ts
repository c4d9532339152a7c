/**
 * Helpers for the policy tests: resources shaped like the offline engine's (mock ids `<name>-id`),
 * and a one-policy run through the harness.
 */
import type { Policies } from "@pulumi/policy";
import { evaluatePolicies, type HarnessOptions, type HarnessResource, type Violation } from "./harness";

export const urnOf = (type: string, name: string): string => `urn:pulumi:test::slipway::${type}::${name}`;

/** A resource with inputs `props`, mock id `<name>-id` and its URN. */
export function res(
  type: string,
  name: string,
  props: Record<string, unknown> = {},
  extra: Partial<HarnessResource> = {},
): HarnessResource {
  return { type, name, urn: urnOf(type, name), props, id: `${name}-id`, ...extra };
}

/** Run one policy (or several) and return the violations. */
export async function violationsOf(
  policy: Policies[number] | Policies,
  resources: readonly HarnessResource[],
  options: HarnessOptions = {},
): Promise<Violation[]> {
  const policies = Array.isArray(policy) ? policy : [policy];
  return (await evaluatePolicies(policies, resources, options)).violations;
}

/** The URNs blamed by a policy. */
export async function blamed(
  policy: Policies[number],
  resources: readonly HarnessResource[],
  options: HarnessOptions = {},
): Promise<(string | undefined)[]> {
  return (await violationsOf(policy, resources, options)).map((v) => v.urn);
}

/** The standard tags on a provider, so require-tags passes on test programs that are about something else. */
export const TAGGED_PROVIDER = {
  type: "pulumi:providers:aws",
  name: "default",
  urn: "urn:pulumi:test::slipway::pulumi:providers:aws::default",
  props: {
    defaultTags: JSON.stringify({
      tags: {
        Project: "p",
        Environment: "production",
        Owner: "o",
        Team: "t",
        DataClassification: "internal",
        ManagedBy: "pulumi",
      },
    }),
  },
};

/** `resources` created with the tagged provider. */
export function withTaggedProvider(resources: readonly HarnessResource[]): HarnessResource[] {
  return resources.map((r) => ({ ...r, provider: r.provider ?? TAGGED_PROVIDER }));
}

/**
 * The whole pack's findings on `resources`, for tests of components and programs that must pass it:
 * every mandatory violation in full, and the advisories as sorted `<policy> <resource name>` lines, so a
 * test lists exactly the hardening notes it accepts (a new advisory, or one that disappears, fails it).
 */
export async function packFindings(
  policies: Policies,
  resources: readonly HarnessResource[],
  options: HarnessOptions = {},
): Promise<{ mandatory: Violation[]; advisories: string[] }> {
  const { violations } = await evaluatePolicies(policies, resources, options);
  return {
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory"),
    advisories: violations
      .filter((v) => v.enforcementLevel === "advisory")
      .map((v) => `${v.policy} ${v.urn?.split("::").pop() ?? "(stack)"}`)
      .sort(),
  };
}
