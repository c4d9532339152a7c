// @ts-nocheck
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../lib/errors";
import { encodeConfigValue, loadProgramProject, loadStackConfig, namespaceKey } from "./stack-config";

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), "slipway-cfg-"));
  for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
  return d;
}

describe("config encoding", () => {
  test.each([
    ["text", "text"],
    [3, "3"],
    [true, "true"],
    [{ a: [1, 2] }, '{"a":[1,2]}'],
    [["x"], '["x"]'],
  ])("%p -> %p", (value, encoded) => expect(encodeConfigValue(value)).toBe(encoded));

  test("bare keys are namespaced with the project", () => {
    expect(namespaceKey("size", "slipway")).toBe("slipway:size");
    expect(namespaceKey("aws:region", "slipway")).toBe("aws:region");
  });
});

describe("loadStackConfig", () => {
  const d = dir({
    "Pulumi.yaml":
      "name: demo\nruntime:\n  name: nodejs\nconfig:\n  demo:size:\n    default: 2\n  tier: gold\n",
    "index.ts": "export {};\n",
    "Pulumi.prod.yaml":
      "config:\n  aws:region: eu-west-1\n  demo:release:\n    version: 1.2.0\n    idleWeight: 10\n  token:\n    secure: v1:abc\n",
  });
  const project = loadProgramProject(d);

  test("project file: name, entry, namespaced defaults", () => {
    expect(project.name).toBe("demo");
    expect(project.entry).toBe(join(d, "index.ts"));
    expect(project.defaults).toEqual({ "demo:size": { value: "2" }, "demo:tier": { value: "gold" } });
  });

  test("stack file over defaults, objects JSON-encoded, secure values marked", () => {
    const c = loadStackConfig({ project, stack: "prod", overrides: { "demo:size": { value: "5" } } });
    expect(c.region).toBe("eu-west-1");
    expect(c.values["demo:release"]).toEqual({ value: '{"version":"1.2.0","idleWeight":10}' });
    expect(c.values["demo:size"]).toEqual({ value: "5" });
    expect(c.values["demo:token"].secret).toBe(true);
    expect(c.undecryptable).toEqual(["demo:token"]);
  });

  test("a stack without a file runs on defaults in us-east-1", () => {
    const c = loadStackConfig({ project, stack: "nofile" });
    expect(c.file).toBeUndefined();
    expect(c.region).toBe("us-east-1");
  });

  test("an explicit config file that does not exist is bad input", () => {
    expect(() => loadStackConfig({ project, stack: "x", configFile: join(d, "missing.yaml") })).toThrow(
      InputError,
    );
  });

  test("a non-node runtime is bad input", () => {
    const other = dir({ "Pulumi.yaml": "name: py\nruntime: python\n" });
    expect(() => loadProgramProject(other)).toThrow(/only nodejs programs/);
  });
});
