// @ts-nocheck
import { InputError } from "./errors";

describe("InputError messages name the file, the field and the fix", () => {
  it.each([
    [
      ["project-config.json", "/deployment/strategy", "is wrong", "fix it"],
      "project-config.json: /deployment/strategy: is wrong. Fix: fix it",
    ],
    [["ARTIFACTS/x.json", "", "not found", "add it"], "ARTIFACTS/x.json: (document): not found. Fix: add it"],
    // A flag is its own field: no "(document)", no flag named twice.
    [
      ["--bake", "", '"x" is not a number of minutes', "pass e.g. --bake 60"],
      '--bake: "x" is not a number of minutes. Fix: pass e.g. --bake 60',
    ],
    [
      ["--rto-target-minutes", "--rto-target-minutes", "must be positive", "pass 60"],
      "--rto-target-minutes: must be positive. Fix: pass 60",
    ],
    [["--stack", "stack", "is not valid", "pass staging"], "--stack: stack: is not valid. Fix: pass staging"],
  ] as const)("%j", (args, message) => {
    const [file, field, problem, fix] = args;
    expect(new InputError(file, field, problem, fix).message).toBe(message);
  });
});
