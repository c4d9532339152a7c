import fc from "fast-check";
import {
  defaultMigrationVersion,
  immediateSwitch,
  migratingTo,
  parseReleaseState,
  rollbackState,
  rolloutSteps,
  sameServices,
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
      ? `update ${s.state.activeColour}:${s.state.version} idle:${s.state.idleVersion ?? "-"}@${s.state.idleWeight}${s.state.migrationVersion ? ` migrate:${s.state.migrationVersion}` : ""}${s.waitSteady ? " steady" : ""}`
      : s.kind === "analyse"
        ? `analyse ${s.weight}`
        : s.kind,
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

  it.each<[string, Parameters<typeof rolloutSteps>, string[]]>([
    [
      "direct: preparatory update (migration task on 1.4.0, service on 1.3.0), migrate, rollout",
      ["direct", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }, "1.4.0", undefined, true],
      ["update blue:1.3.0 idle:-@0 migrate:1.4.0", "migrate", "update blue:1.4.0 idle:-@0"],
    ],
    [
      "rolling: the same, the rollout waits for steady state",
      ["rolling", { version: "1.3.0", activeColour: "blue", idleWeight: 0 }, "1.4.0", undefined, true],
      ["update blue:1.3.0 idle:-@0 migrate:1.4.0", "migrate", "update blue:1.4.0 idle:-@0 steady"],
    ],
    [
      "direct, first release: one update creates everything, then migrate",
      ["direct", undefined, "1.4.0", undefined, true],
      ["update blue:1.4.0 idle:-@0", "migrate"],
    ],
    [
      "rolling, version already active (re-run): re-apply, then migrate (idempotent)",
      ["rolling", { version: "1.4.0", activeColour: "blue", idleWeight: 0 }, "1.4.0", undefined, true],
      ["update blue:1.4.0 idle:-@0 steady", "migrate"],
    ],
    [
      "blue_green: migrate after the idle deploy (its default migration version), before the smoke test",
      ["blue_green", blueOn13, "1.4.0", undefined, true],
      ["update blue:1.3.0 idle:1.4.0@0", "migrate", "smoke-idle", "update green:1.4.0 idle:1.3.0@0"],
    ],
    [
      "canary: migrate before any traffic step",
      ["canary", blueOn13, "1.4.0", [50, 100], true],
      [
        "update blue:1.3.0 idle:1.4.0@0",
        "migrate",
        "smoke-idle",
        "update blue:1.3.0 idle:1.4.0@50",
        "analyse 50",
        "update blue:1.3.0 idle:1.4.0@100",
        "analyse 100",
        "update green:1.4.0 idle:1.3.0@0",
      ],
    ],
    [
      "blue_green, version already active (its idle colour runs 1.3.0): the migration task is set to 1.4.0",
      [
        "blue_green",
        { version: "1.4.0", activeColour: "green", idleVersion: "1.3.0", idleWeight: 0 },
        "1.4.0",
        undefined,
        true,
      ],
      ["update green:1.4.0 idle:1.3.0@0 migrate:1.4.0", "migrate"],
    ],
    [
      "blue_green, first release",
      ["blue_green", undefined, "1.4.0", undefined, true],
      ["update blue:1.4.0 idle:1.4.0@0", "migrate"],
    ],
  ])("with pending migrations, %s", (_name, args, expected) => {
    expect(describeSteps(rolloutSteps(...args))).toEqual(expected);
  });

  it("migrations of the new version run before any service that had run the old version runs the new one", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("direct" as const, "rolling" as const, "blue_green" as const, "canary" as const),
        fc.option(
          fc.record({
            version: fc.constantFrom("1.0.0", "2.0.0"),
            activeColour: fc.constantFrom("blue" as const, "green" as const),
            idleWeight: fc.constant(0),
          }),
          { nil: undefined },
        ),
        (strategy, raw) => {
          const current =
            raw && !["blue_green", "canary"].includes(strategy)
              ? { ...raw, activeColour: "blue" as const }
              : raw;
          const steps = rolloutSteps(strategy, current, "2.0.0", undefined, true);
          const at = steps.findIndex((s) => s.kind === "migrate");
          expect(steps.filter((s) => s.kind === "migrate")).toHaveLength(1);
          const before = steps.slice(0, at).filter((s) => s.kind === "update");
          // Exactly one update before the migration (it registers the migration task definition) ...
          expect(before).toHaveLength(1);
          const prep = before[0].kind === "update" ? before[0].state : undefined;
          expect(
            defaultMigrationVersion(strategy, prep!) === "2.0.0" || prep!.migrationVersion === "2.0.0",
          ).toBe(true);
          // ... and it sends no traffic to 2.0.0 unless 2.0.0 already served (re-run) or nothing did.
          if (current && current.version !== "2.0.0") {
            expect(prep!.version).toBe(current.version);
            expect(prep!.idleWeight).toBe(0);
          }
        },
      ),
    );
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

describe("migration version", () => {
  it("defaults to the idle colour's version (two colours), else the version", () => {
    expect(defaultMigrationVersion("blue_green", blueOn13)).toBe("1.2.0");
    expect(defaultMigrationVersion("canary", { ...blueOn13, idleVersion: undefined })).toBe("1.3.0");
    expect(defaultMigrationVersion("rolling", blueOn13)).toBe("1.3.0");
  });
  it("is set only where the default differs", () => {
    const one = { version: "1.3.0", activeColour: "blue" as const, idleWeight: 0 };
    expect(migratingTo("direct", one, "1.4.0")).toEqual({ ...one, migrationVersion: "1.4.0" });
    expect(migratingTo("direct", { ...one, migrationVersion: "1.4.0" }, "1.3.0")).toEqual(one);
    expect(migratingTo("blue_green", { ...blueOn13, idleVersion: "1.4.0" }, "1.4.0")).toEqual({
      ...blueOn13,
      idleVersion: "1.4.0",
    });
  });
  it("sameServices ignores it, and nothing else", () => {
    expect(sameServices(blueOn13, { ...blueOn13, migrationVersion: "1.4.0" })).toBe(true);
    expect(sameServices(blueOn13, { ...blueOn13, idleVersion: "1.4.0" })).toBe(false);
    expect(sameServices(blueOn13, { ...blueOn13, idleWeight: 10 })).toBe(false);
  });
});

describe("release state config", () => {
  it("round-trips and applies defaults", () => {
    expect(parseReleaseState(serialiseReleaseState(blueOn13))).toEqual(blueOn13);
    const migrating = { ...blueOn13, migrationVersion: "1.4.0" };
    expect(parseReleaseState(serialiseReleaseState(migrating))).toEqual(migrating);
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
    '{"version":"1","migrationVersion":""}',
    '{"version":"1","migrationVersion":2}',
    "not json",
  ])("rejects %s", (raw) => {
    expect(() => parseReleaseState(raw)).toThrow(/slipway:release/);
  });
  it.each([
    ["not json", "slipway:release is not valid JSON"],
    ["null", "slipway:release.version must be a non-empty string"],
    ["42", "slipway:release.version must be a non-empty string"],
    ['{"version":7}', "slipway:release.version must be a non-empty string"],
    ['{"version":""}', "slipway:release.version must be a non-empty string"],
    ['{"version":"1","activeColour":"red"}', "slipway:release.activeColour must be blue or green, got red"],
    ['{"version":"1","idleWeight":"5"}', "slipway:release.idleWeight must be a number from 0 to 100"],
    ['{"version":"1","idleWeight":-1}', "slipway:release.idleWeight must be a number from 0 to 100"],
    ['{"version":"1","idleWeight":101}', "slipway:release.idleWeight must be a number from 0 to 100"],
    ['{"version":"1","idleVersion":3}', "slipway:release.idleVersion must be a string"],
    ['{"version":"1","migrationVersion":""}', "slipway:release.migrationVersion must be a non-empty string"],
    ['{"version":"1","migrationVersion":2}', "slipway:release.migrationVersion must be a non-empty string"],
  ])("rejects %s with exactly: %s", (raw, message) => {
    expect(() => parseReleaseState(raw)).toThrow(new Error(message));
  });
  it("accepts the bounds and every field, and treats blank text as unset", () => {
    expect(parseReleaseState("  ")).toBeUndefined();
    expect(parseReleaseState("")).toBeUndefined();
    expect(parseReleaseState('{"version":"1","idleWeight":100}')?.idleWeight).toBe(100);
    expect(parseReleaseState('{"version":"1","idleWeight":0}')?.idleWeight).toBe(0);
    expect(
      parseReleaseState(
        '{"version":"1","activeColour":"green","idleVersion":"0.9","idleWeight":10,"migrationVersion":"2"}',
      ),
    ).toEqual({
      version: "1",
      activeColour: "green",
      idleVersion: "0.9",
      idleWeight: 10,
      migrationVersion: "2",
    });
  });
});

describe("rollout step labels (what the log and report say)", () => {
  const labels = (steps: RolloutStep[]) => steps.map((x) => x.label);
  it("one colour, with migrations", () => {
    expect(labels(rolloutSteps("rolling", blueOn13, "1.4.0", undefined, true))).toEqual([
      "register the migration task of 1.4.0 (services stay on 1.3.0)",
      "run the pending migrations of 1.4.0",
      "deploy 1.4.0 (rolling)",
    ]);
  });
  it("first release of two colours, and a re-apply", () => {
    expect(labels(rolloutSteps("blue_green", undefined, "1.4.0"))).toEqual([
      "deploy 1.4.0 to both colours (first release)",
    ]);
    expect(labels(rolloutSteps("blue_green", blueOn13, "1.3.0"))).toEqual([
      "1.3.0 already active on blue: re-apply",
    ]);
  });
  it("canary", () => {
    expect(labels(rolloutSteps("canary", blueOn13, "1.4.0", [10, 100]))).toEqual([
      "deploy 1.4.0 to idle colour green (no traffic)",
      "smoke-test green through the header route",
      "shift 10 % of traffic to green",
      "analyse canary at 10 %",
      "shift 100 % of traffic to green",
      "analyse canary at 100 %",
      "switch all traffic to green (1.3.0 stays on blue)",
    ]);
  });
});
