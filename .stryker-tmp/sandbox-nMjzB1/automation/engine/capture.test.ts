// @ts-nocheck
import { ASSET_SIG, redactPaths, RESOURCE_SIG, SECRET_SIG, SIG_KEY, toPlain, UNKNOWN } from "./capture";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("toPlain", () => {
  test.each([
    ["plain values pass through", { a: 1, b: "x", c: [true, null] }, { a: 1, b: "x", c: [true, null] }, []],
    [
      "a top-level secret is unwrapped and its path recorded",
      { pw: secret("s3cr3t") },
      { pw: "s3cr3t" },
      ["pw"],
    ],
    [
      "nested secrets in arrays and objects get dotted paths",
      { env: [{ name: "A", value: secret("1") }], tags: { k: secret("v") } },
      { env: [{ name: "A", value: "1" }], tags: { k: "v" } },
      ["env.0.value", "tags.k"],
    ],
    [
      "a secret inside a secret is recorded once",
      { s: secret({ inner: secret("x") }) },
      { s: { inner: "x" } },
      ["s"],
    ],
    [
      "resource references become URNs",
      { r: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:x", id: "i" } },
      { r: "urn:x" },
      [],
    ],
    ["unknowns are marked", { u: UNKNOWN }, { u: "[unknown]" }, []],
    [
      "assets are described, not inlined",
      { a: { [SIG_KEY]: ASSET_SIG, text: "hello" } },
      { a: { asset: "text(5 chars)" } },
      [],
    ],
  ])("%s", (_name, wire, value, paths) => {
    expect(toPlain(wire)).toEqual({ value, secretPaths: paths });
  });

  test("redact replaces secrets with [secret]", () => {
    expect(toPlain({ a: secret("x"), b: 2 }, { redact: true }).value).toEqual({ a: "[secret]", b: 2 });
  });
});

describe("redactPaths", () => {
  test("replaces exactly the recorded paths, on a copy", () => {
    const value = { env: [{ name: "A", value: "1" }], tags: { k: "v", other: "o" } };
    expect(redactPaths(value, ["env.0.value", "tags.k"])).toEqual({
      env: [{ name: "A", value: "[secret]" }],
      tags: { k: "[secret]", other: "o" },
    });
    expect(value.tags.k).toBe("v");
  });
  test("missing paths are ignored", () => {
    expect(redactPaths({ a: 1 }, ["b.c"])).toEqual({ a: 1 });
  });
});
