// @ts-nocheck
import * as fc from "fast-check";
import {
  colourPlan,
  listenerRules,
  validateColourPlanInput,
  validateRouting,
  type ColourPlanInput,
} from "./routing";
import { isTwoColourStrategy, otherColour } from "../../lib/strategy";

describe("colourPlan", () => {
  test.each<[string, ColourPlanInput, unknown]>([
    [
      "blue_green api, defaults: blue active with everything, green idle on the same version",
      { kind: "api", strategy: "blue_green", version: "1.0.0" },
      {
        twoColour: true,
        activeColour: "blue",
        idleColour: "green",
        idleWeight: 0,
        slots: [
          { colour: "blue", version: "1.0.0", weight: 100 },
          { colour: "green", version: "1.0.0", weight: 0 },
        ],
      },
    ],
    [
      "blue_green api, new version staged on green",
      { kind: "api", strategy: "blue_green", version: "1.0.0", activeColour: "blue", idleVersion: "1.1.0" },
      {
        twoColour: true,
        activeColour: "blue",
        idleColour: "green",
        idleWeight: 0,
        slots: [
          { colour: "blue", version: "1.0.0", weight: 100 },
          { colour: "green", version: "1.1.0", weight: 0 },
        ],
      },
    ],
    [
      "canary api at 10 % with green active",
      {
        kind: "api",
        strategy: "canary",
        version: "2.0.0",
        activeColour: "green",
        idleVersion: "2.1.0",
        idleWeight: 10,
      },
      {
        twoColour: true,
        activeColour: "green",
        idleColour: "blue",
        idleWeight: 10,
        slots: [
          { colour: "blue", version: "2.1.0", weight: 10 },
          { colour: "green", version: "2.0.0", weight: 90 },
        ],
      },
    ],
    [
      "canary api at 100 % (just before the flip)",
      { kind: "api", strategy: "canary", version: "2.0.0", idleVersion: "2.1.0", idleWeight: 100 },
      {
        twoColour: true,
        activeColour: "blue",
        idleColour: "green",
        idleWeight: 100,
        slots: [
          { colour: "blue", version: "2.0.0", weight: 0 },
          { colour: "green", version: "2.1.0", weight: 100 },
        ],
      },
    ],
    [
      "rolling api: one blue service whatever the active colour",
      { kind: "api", strategy: "rolling", version: "3.0.0", activeColour: "green", idleVersion: "9.9.9" },
      {
        twoColour: false,
        activeColour: "blue",
        idleWeight: 0,
        slots: [{ colour: "blue", version: "3.0.0", weight: 100 }],
      },
    ],
    [
      "direct api: one blue service",
      { kind: "api", strategy: "direct", version: "3.0.0" },
      {
        twoColour: false,
        activeColour: "blue",
        idleWeight: 0,
        slots: [{ colour: "blue", version: "3.0.0", weight: 100 }],
      },
    ],
    [
      "worker under blue_green: one blue service on the active colour's version",
      {
        kind: "worker",
        strategy: "blue_green",
        version: "1.0.0",
        activeColour: "green",
        idleVersion: "1.1.0",
        idleWeight: 50,
      },
      {
        twoColour: false,
        activeColour: "blue",
        idleWeight: 0,
        slots: [{ colour: "blue", version: "1.0.0", weight: 100 }],
      },
    ],
  ])("%s", (_title, input, expected) => {
    expect(validateColourPlanInput(input)).toEqual([]);
    expect(colourPlan(input)).toEqual(expected);
  });

  test("weights of a two-colour plan always add up to 100", () => {
    for (let w = 0; w <= 100; w++) {
      const plan = colourPlan({ kind: "api", strategy: "canary", version: "1", idleWeight: w });
      expect(plan.slots.reduce((s, x) => s + x.weight, 0)).toBe(100);
    }
  });

  test("helpers", () => {
    expect(otherColour("blue")).toBe("green");
    expect(otherColour("green")).toBe("blue");
    expect(isTwoColourStrategy("blue_green")).toBe(true);
    expect(isTwoColourStrategy("canary")).toBe(true);
    expect(isTwoColourStrategy("rolling")).toBe(false);
    expect(isTwoColourStrategy("direct")).toBe(false);
  });
});

describe("validateColourPlanInput", () => {
  test.each<[Partial<ColourPlanInput>, string]>([
    [{ strategy: "big_bang" as never }, "args.strategy: must be one of blue_green, canary, rolling, direct"],
    [{ version: "" }, "args.release.version: must be a valid image tag"],
    [{ version: "1.0 beta" }, "args.release.version: must be a valid image tag"],
    [{ version: "-rc" }, "args.release.version: must be a valid image tag"],
    [{ idleVersion: "a/b" }, "args.release.idleVersion: must be a valid image tag"],
    [{ activeColour: "red" as never }, 'args.release.activeColour: must be "blue" or "green"'],
    [{ idleWeight: -1 }, "args.release.idleWeight: must be an integer from 0 to 100"],
    [{ idleWeight: 101 }, "args.release.idleWeight: must be an integer from 0 to 100"],
    [{ idleWeight: 12.5 }, "args.release.idleWeight: must be an integer from 0 to 100"],
    [
      { strategy: "rolling", idleWeight: 10 },
      "args.release.idleWeight: only blue_green and canary route traffic",
    ],
  ])("%j -> %s", (override, message) => {
    const errors = validateColourPlanInput({
      kind: "api",
      strategy: "canary",
      version: "1.0.0",
      ...override,
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  test("uses the given path prefix", () => {
    expect(validateColourPlanInput({ kind: "api", strategy: "canary", version: "" }, "args.x")[0]).toMatch(
      /^args\.x\.release\.version:/,
    );
  });
});

describe("listenerRules", () => {
  test("two colours: header rule to the idle colour first, weighted forward rule next", () => {
    const plan = colourPlan({
      kind: "api",
      strategy: "canary",
      version: "1",
      idleVersion: "2",
      idleWeight: 50,
    });
    expect(
      listenerRules({ plan, pathPatterns: ["/api/*"], priority: 200, header: "x-slipway-colour" }),
    ).toEqual([
      {
        role: "idle-route",
        priority: 200,
        conditions: [
          { pathPattern: { values: ["/api/*"] } },
          { httpHeader: { httpHeaderName: "x-slipway-colour", values: ["green"] } },
        ],
        targets: [{ colour: "green", weight: 100 }],
      },
      {
        role: "forward",
        priority: 201,
        conditions: [{ pathPattern: { values: ["/api/*"] } }],
        targets: [
          { colour: "blue", weight: 50 },
          { colour: "green", weight: 50 },
        ],
      },
    ]);
  });

  test("green active: the header selects blue", () => {
    const plan = colourPlan({ kind: "api", strategy: "blue_green", version: "1", activeColour: "green" });
    const [idle, forward] = listenerRules({ plan, pathPatterns: ["/*"], priority: 100, header: "x-c" });
    expect(idle.conditions[1]).toEqual({ httpHeader: { httpHeaderName: "x-c", values: ["blue"] } });
    expect(idle.targets).toEqual([{ colour: "blue", weight: 100 }]);
    expect(forward.targets).toEqual([
      { colour: "blue", weight: 0 },
      { colour: "green", weight: 100 },
    ]);
  });

  test("one colour: only the forward rule, at priority + 1", () => {
    const plan = colourPlan({ kind: "api", strategy: "rolling", version: "1" });
    expect(listenerRules({ plan, pathPatterns: ["/*"], priority: 100, header: "x" })).toEqual([
      {
        role: "forward",
        priority: 101,
        conditions: [{ pathPattern: { values: ["/*"] } }],
        targets: [{ colour: "blue", weight: 100 }],
      },
    ]);
  });
});

describe("validateRouting", () => {
  const ok = { pathPatterns: ["/*"], priority: 100, header: "x-slipway-colour" };
  test("valid routing has no errors", () => expect(validateRouting(ok)).toEqual([]));
  test.each<[Partial<typeof ok>, string]>([
    [{ pathPatterns: [] }, "args.pathPatterns: needs 1 to 4 patterns"],
    [{ pathPatterns: ["/a", "/b", "/c", "/d", "/e"] }, "args.pathPatterns: needs 1 to 4 patterns"],
    [{ pathPatterns: ["api/*"] }, 'args.pathPatterns[0]: must start with "/"'],
    [{ priority: 0 }, "args.listenerPriority: must be an integer from 1 to 49999"],
    [{ priority: 50000 }, "args.listenerPriority: must be an integer from 1 to 49999"],
    [{ priority: 1.5 }, "args.listenerPriority"],
    [{ header: "x slipway" }, "args.idleRouteHeader: must be 1-40 letters"],
    [{ header: "" }, "args.idleRouteHeader"],
  ])("%j -> %s", (override, message) => {
    const errors = validateRouting({ ...ok, ...override });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });
});

describe("properties", () => {
  const input = fc.record({
    kind: fc.constantFrom<"api" | "worker">("api", "worker"),
    strategy: fc.constantFrom<"blue_green" | "canary" | "rolling" | "direct">(
      "blue_green",
      "canary",
      "rolling",
      "direct",
    ),
    version: fc.stringMatching(/^[0-9][0-9a-z.-]{0,10}$/),
    activeColour: fc.option(fc.constantFrom<"blue" | "green">("blue", "green"), { nil: undefined }),
    idleVersion: fc.option(fc.stringMatching(/^[0-9][0-9a-z.-]{0,10}$/), { nil: undefined }),
    idleWeight: fc.integer({ min: 0, max: 100 }),
    priority: fc.integer({ min: 1, max: 49999 }),
  });

  test("weights add up to 100, each colour once, the idle route reaches only the idle colour", () => {
    fc.assert(
      fc.property(input, (i) => {
        const twoColourStrategy = i.strategy === "blue_green" || i.strategy === "canary";
        const idleWeight = twoColourStrategy ? i.idleWeight : 0;
        const plan = colourPlan({ ...i, idleWeight });
        const rules = listenerRules({
          plan,
          pathPatterns: ["/*"],
          priority: i.priority,
          header: "x-slipway-colour",
        });
        const forward = rules.find((r) => r.role === "forward")!;
        expect(forward.targets.reduce((s, t) => s + t.weight, 0)).toBe(100);
        expect(new Set(plan.slots.map((s) => s.colour)).size).toBe(plan.slots.length);
        expect(forward.priority).toBe(i.priority + 1);
        const twoColours = i.kind === "api" && twoColourStrategy;
        expect(plan.twoColour).toBe(twoColours);
        expect(plan.slots).toHaveLength(twoColours ? 2 : 1);
        const idle = rules.find((r) => r.role === "idle-route");
        if (twoColours) {
          expect(idle!.priority).toBe(i.priority);
          expect(idle!.targets).toEqual([{ colour: plan.idleColour, weight: 100 }]);
          expect(plan.idleColour).not.toBe(plan.activeColour);
          const active = plan.slots.find((s) => s.colour === plan.activeColour)!;
          expect(active.version).toBe(i.version);
          expect(active.weight).toBe(100 - idleWeight);
        } else {
          expect(idle).toBeUndefined();
          expect(plan.slots[0]).toEqual({ colour: "blue", version: i.version, weight: 100 });
        }
      }),
    );
  });
});
