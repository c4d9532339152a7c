/**
 * `checkTwins(name)`: the jest cases for one policy's secure and insecure twins (policies/twins.ts),
 * used by each service's test file.
 */
import { policies } from "./all";
import { evaluatePolicies } from "./harness";
import { withTaggedProvider } from "./testing";
import { twinsOf } from "./twins";

export function checkTwins(name: string): void {
  const policy = policies.find((p) => p.name === name);
  const twins = twinsOf(name);
  it("is in the pack", () => expect(policy?.name).toBe(name));
  it.each(twins.secure.map((r, i) => [i, r] as const))("passes secure twin %i", async (_i, resources) => {
    const { violations } = await evaluatePolicies([policy!], withTaggedProvider(resources), {});
    expect(violations).toEqual([]);
  });
  it.each(twins.insecure.map((r, i) => [i, r] as const))("fails insecure twin %i", async (_i, resources) => {
    const { violations } = await evaluatePolicies([policy!], withTaggedProvider(resources), {});
    expect(violations.length).toBeGreaterThan(0);
    for (const v of violations) {
      expect(v.enforcementLevel).toBe(policy!.enforcementLevel);
      expect(resources.map((r) => r.urn)).toContain(v.urn);
      expect(v.message).toContain(policy!.remediationSteps!.slice(0, 30));
    }
  });
}
