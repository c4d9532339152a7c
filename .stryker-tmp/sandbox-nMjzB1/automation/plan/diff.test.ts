// @ts-nocheck
import { diffResources, diffSettings } from "./diff";
import { resourceSettings, scrubSecrets, secretValues } from "./settings";

describe("resourceSettings", () => {
  test.each([
    ["scalars by dotted path", { a: 1, b: { c: "x", d: true } }, [], { a: 1, "b.c": "x", "b.d": true }],
    ["arrays by index", { subnets: ["s1", "s2"] }, [], { "subnets[0]": "s1", "subnets[1]": "s2" }],
    [
      "JSON strings expanded",
      { policy: '{"Statement":[{"Effect":"Allow"}]}' },
      [],
      { "policy.Statement[0].Effect": "Allow" },
    ],
    ["tags skipped", { tags: { a: "b" }, name: "n" }, [], { name: "n" }],
    [
      "secrets redacted",
      { password: "hunter2", user: "u" },
      ["password"],
      { password: "[secret]", user: "u" },
    ],
    [
      "nested secrets redacted",
      { env: [{ name: "A", value: "v" }] },
      ["env.0.value"],
      { "env[0].name": "A", "env[0].value": "[secret]" },
    ],
    ["empty containers kept", { list: [], obj: {} }, [], { list: "[]", obj: "{}" }],
  ])("%s", (_n, inputs, secretPaths, expected) => {
    expect(resourceSettings({ inputs, secretPaths })).toEqual(expected);
  });

  test("long strings are shortened with a hash, so a change still shows", () => {
    const a = resourceSettings({ inputs: { body: "x".repeat(500) }, secretPaths: [] }).body as string;
    const b = resourceSettings({ inputs: { body: `${"x".repeat(499)}y` }, secretPaths: [] }).body as string;
    expect(a.length).toBeLessThan(200);
    expect(a).toContain("500 chars, sha256:");
    expect(a).not.toBe(b);
  });
});

describe("diff", () => {
  test("diffSettings reports changed, new and removed settings", () => {
    expect(diffSettings({ a: 1, b: "x", c: true }, { a: 2, b: "x", d: null })).toEqual([
      { path: "a", before: 1, after: 2 },
      { path: "c", before: true },
      { path: "d", after: null },
    ]);
  });

  test("diffResources matches by URN", () => {
    const r = (urn: string, settings: Record<string, string | number>) => ({
      urn,
      type: "t",
      name: urn,
      settings,
    });
    const d = diffResources(
      [r("a", { size: 1 }), r("b", { x: "1" }), r("c", {})],
      [r("a", { size: 2 }), r("c", {}), r("d", { y: 1 })],
    );
    expect(d.added.map((x) => x.urn)).toEqual(["d"]);
    expect(d.removed.map((x) => x.urn)).toEqual(["b"]);
    expect(d.changed).toEqual([
      { urn: "a", type: "t", name: "a", changes: [{ path: "size", before: 1, after: 2 }] },
    ]);
    expect(d.unchanged).toBe(1);
  });
});

describe("secret scrubbing", () => {
  const resources = [
    { inputs: { secretString: "s3cr3t-value-123", name: "db" }, secretPaths: ["secretString"] },
    {
      inputs: { env: [{ value: "another-long-secret" }, { value: "short" }] },
      secretPaths: ["env.0.value", "env.1.value"],
    },
  ];

  test("secretValues collects the secret strings (long enough to scrub), longest first", () => {
    expect(secretValues(resources)).toEqual(["another-long-secret", "s3cr3t-value-123"]);
  });

  test("scrubSecrets replaces a secret copied into a plain value, wherever it occurs", () => {
    const secrets = secretValues(resources);
    expect(
      scrubSecrets(
        { url: "postgres://u:s3cr3t-value-123@host/db", list: ["x another-long-secret y"], n: 1 },
        secrets,
      ),
    ).toEqual({ url: "postgres://u:[secret]@host/db", list: ["x [secret] y"], n: 1 });
  });
});
