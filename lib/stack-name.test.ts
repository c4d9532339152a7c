import { InputError } from "./errors";
import { checkStackName, isStackName } from "./stack-name";

describe("isStackName", () => {
  it.each<[string, boolean, boolean]>([
    ["staging", true, true],
    ["qa-eu", true, true],
    ["feature_1.2", true, true],
    ["9lives", true, true],
    ["a".repeat(100), true, true],
    ["a".repeat(101), false, false],
    ["acme/staging", false, true],
    ["acme/shop/production", false, true],
    ["acme/shop/eu/production", false, false],
    ["", false, false],
    ["-staging", false, false],
    [".hidden", false, false],
    ["qa eu", false, false],
    ["prod!", false, false],
    ["acme//staging", false, false],
    ["acme/", false, false],
    ["/staging", false, false],
  ])("%s: bare %s, qualified %s", (name, bare, qualified) => {
    expect(isStackName(name)).toBe(bare);
    expect(isStackName(name, true)).toBe(qualified);
  });
});

describe("checkStackName", () => {
  it("echoes the value typed and names the source", () => {
    let caught: unknown;
    try {
      checkStackName("prod!", { source: "--stack" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toBe(
      "--stack: \"prod!\" is not a valid stack name. Fix: use letters, digits, '.', '_' and '-' (at most 100 characters), e.g. staging or qa-eu",
    );
  });

  it("qualified names are accepted where asked for, and the fix says so", () => {
    expect(() => checkStackName("acme/shop/production", { qualified: true })).not.toThrow();
    expect(() => checkStackName("acme/shop/production")).toThrow(/is not a valid stack name/);
    expect(() => checkStackName("a/b/c/d", { qualified: true })).toThrow(/org\/project\/stack/);
  });
});
