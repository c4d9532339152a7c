import fc from "fast-check";
import {
  immediateSwitch,
  parseReleaseState,
  rollbackState,
  rolloutSteps,
  serialiseReleaseState,
  type ReleaseState,
  type RolloutStep,
} from "./strategy";

const blueOn13: ReleaseState = {
  version: "1.3.0",
  activeColour: "blue",
  idleVersion: "1.2.0",
  idleWeight: 0,
};

function describeSteps(steps: RolloutStep[]): string[] {
  return steps.map((s) =>
    s.kind === "update"
      ? `update ${s.state.activeColour}:${s.state.version} idle:${s.state.idleVersion ?? "-"}@${s.state.idleWeight}${s.waitSteady ? " steady" : ""}`
      : s.kind === "analyse"
        ? `analyse ${s.weight}`
        : "smoke-idle",
  );
}

describe("rolloutSteps", () => {
  it.each<[string, Parameters<typeof rolloutSteps>, string[]]>([
    [
      "direct",
      ["direct", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }, "1.4.0"],
      ["update blue:1.4.0 idle:-@0"],
    ],
    ["direct, first release", ["direct", undefined, "1.4.0"], ["update blue:1.4.0 idle:-@0"]],
    [
      "rolling",
      ["rolling", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }, "1.4.0"],
      ["update blue:1.4.0 idle:-@0 steady"],
    ],
    [
      "blue_green from blue",
      ["blue_green", blueOn13, "1.4.0"],
      ["update blue:1.3.0 idle:1.4.0@0", "smoke-idle", "update green:1.4.0 idle:1.3.0@0"],
    ],
    [
      "blue_green from green",
      ["blue_green", { version: "1.3.0", activeColour: "green", idleWeight: 0 }, "1.4.0"],
      ["update green:1.3.0 idle:1.4.0@0", "smoke-idle", "update blue:1.4.0 idle:1.3.0@0"],
    ],
    ["blue_green, first release", ["blue_green", undefined, "1.4.0"], ["update blue:1.4.0 idle:1.4.0@0"]],
    [
      "blue_green, version already active (re-run)",
      [
        "blue_green",
        { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
        "1.4.0",
      ],
      ["update green:1.4.0 idle:1.3.0@0"],
    ],
    [
      "canary default steps",
      ["canary", blueOn13, "1.4.0"],
      [
        "update blue:1.3.0 idle:1.4.0@0",
        "smoke-idle",
        "update blue:1.3.0 idle:1.4.0@10",
        "analyse 10",
        "update blue:1.3.0 idle:1.4.0@50",
        "analyse 50",
        "update blue:1.3.0 idle:1.4.0@100",
        "analyse 100",
        "update green:1.4.0 idle:1.3.0@0",
      ],
    ],
    [
      "canary resumed after an interrupted 50 % step",
      [
        "canary",
        { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 50 },
        "1.4.0",
        [25, 100],
      ],
      [
        "update blue:1.3.0 idle:1.4.0@0",
        "smoke-idle",
        "update blue:1.3.0 idle:1.4.0@25",
        "analyse 25",
        "update blue:1.3.0 idle:1.4.0@100",
        "analyse 100",
        "update green:1.4.0 idle:1.3.0@0",
      ],
    ],
  ])("%s", (_name, args, expected) => {
    expect(describeSteps(rolloutSteps(...args))).toEqual(expected);
  });

  it.each([[[]], [[50, 10]], [[10, 120]], [[0, 100]]])("rejects canary steps %j", (steps) => {
    expect(() => rolloutSteps("canary", blueOn13, "1.4.0", steps)).toThrow(/canary steps/);
  });

  it("two-colour rollouts never send traffic to the new version before the idle smoke test, and end fully switched", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("blue_green" as const, "canary" as const),
        fc.constantFrom("blue" as const, "green" as const),
        fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (strategy, colour, raw) => {
          const steps = rolloutSteps(
            strategy,
            { version: "1.0.0", activeColour: colour, idleWeight: 0 },
            "2.0.0",
            [...raw].sort((a, b) => a - b),
          );
          const smokeAt = steps.findIndex((s) => s.kind === "smoke-idle");
          expect(smokeAt).toBeGreaterThan(0);
          for (const s of steps.slice(0, smokeAt)) {
            if (s.kind === "update") expect(s.state.idleWeight).toBe(0);
          }
          const last = steps[steps.length - 1];
          expect(last.kind === "update" && last.state).toEqual({
            version: "2.0.0",
            activeColour: colour === "blue" ? "green" : "blue",
            idleVersion: "1.0.0",
            idleWeight: 0,
          });
        },
      ),
    );
  });
});

describe("rollbackState", () => {
  it.each<[string, Parameters<typeof rollbackState>, ReturnType<typeof rollbackState>]>([
    [
      "blue_green: traffic back to the old colour",
      ["blue_green", blueOn13, "1.4.0"],
      {
        kind: "immediate",
        state: { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      },
    ],
    [
      "canary: weight back to 0",
      ["canary", { ...blueOn13, idleWeight: 10 }, "1.4.0"],
      {
        kind: "immediate",
        state: { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
      },
    ],
    [
      "blue_green whose idle update failed: restore the previous state exactly",
      ["blue_green", blueOn13, "1.4.0", false],
      { kind: "redeploy", state: blueOn13 },
    ],
    [
      "rolling: redeploy the previous version",
      ["rolling", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }, "1.4.0"],
      { kind: "redeploy", state: { version: "1.3.0", activeColour: "blue", idleWeight: 0 } },
    ],
    ["first release: nothing to roll back to", ["direct", undefined, "1.4.0"], undefined],
  ])("%s", (_n, args, expected) => {
    expect(rollbackState(...args)).toEqual(expected);
  });
});

describe("immediateSwitch", () => {
  const afterSwitch: ReleaseState = {
    version: "1.4.0",
    activeColour: "green",
    idleVersion: "1.3.0",
    idleWeight: 0,
  };
  it.each<[string, Parameters<typeof immediateSwitch>, ReleaseState | undefined]>([
    [
      "back to the idle colour",
      ["blue_green", afterSwitch],
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
    ],
    [
      "to the idle colour's version by name",
      ["canary", afterSwitch, "1.3.0"],
      { version: "1.3.0", activeColour: "blue", idleVersion: "1.4.0", idleWeight: 0 },
    ],
    ["a version not on the idle colour needs a redeploy", ["blue_green", afterSwitch, "1.2.0"], undefined],
    ["rolling never switches", ["rolling", afterSwitch], undefined],
    ["both colours on the same version", ["blue_green", { ...afterSwitch, idleVersion: "1.4.0" }], undefined],
  ])("%s", (_n, args, expected) => {
    expect(immediateSwitch(...args)).toEqual(expected);
  });
});

describe("release state config", () => {
  it("round-trips and applies defaults", () => {
    expect(parseReleaseState(serialiseReleaseState(blueOn13))).toEqual(blueOn13);
    expect(parseReleaseState('{"version":"1.0.0"}')).toEqual({
      version: "1.0.0",
      activeColour: "blue",
      idleWeight: 0,
    });
    expect(parseReleaseState(undefined)).toBeUndefined();
  });
  it.each([
    '{"version":""}',
    '{"version":"1","activeColour":"red"}',
    '{"version":"1","idleWeight":120}',
    "not json",
  ])("rejects %s", (raw) => {
    expect(() => parseReleaseState(raw)).toThrow(/slipway:release/);
  });
});
