/**
 * The whole pack on the peer-baseline twins (policies/twins.ts): silent on every secure twin, and every
 * insecure twin caught by its policy at the policy's level (mandatory for clear defects).
 */
import { policies } from "./all";
import { evaluatePolicies } from "./harness";
import { withTaggedProvider } from "./testing";
import { TWINS } from "./twins";

const cases = TWINS.flatMap((t) => [
  ...t.secure.map((resources, i) => ({ kind: "secure" as const, policy: t.policy, i, resources })),
  ...t.insecure.map((resources, i) => ({ kind: "insecure" as const, policy: t.policy, i, resources })),
]);

it("every baseline policy of the pack has twins, and every twin names a pack policy", () => {
  const names = new Set(policies.map((p) => p.name));
  const baseline = policies.filter((p) => p.tags?.includes("baseline")).map((p) => p.name);
  const twinned = new Set(TWINS.map((t) => t.policy));
  expect(baseline.filter((n) => !twinned.has(n))).toEqual([]);
  expect([...twinned].filter((n) => !names.has(n))).toEqual([]);
});

describe.each(cases.filter((c) => c.kind === "secure"))("$policy secure twin $i", ({ resources }) => {
  it("the whole pack reports nothing", async () => {
    const { violations } = await evaluatePolicies(policies, withTaggedProvider(resources), {
      environmentType: "production",
    });
    expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
  });
});

describe.each(cases.filter((c) => c.kind === "insecure"))(
  "$policy insecure twin $i",
  ({ policy, resources }) => {
    it("is caught by its policy at the policy's level", async () => {
      const { violations } = await evaluatePolicies(policies, withTaggedProvider(resources), {
        environmentType: "production",
      });
      const level = policies.find((p) => p.name === policy)!.enforcementLevel;
      expect(violations.filter((v) => v.policy === policy).map((v) => v.enforcementLevel)).toContain(level);
    });
  },
);
