import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readYamlFile } from "./yaml";

describe("readYamlFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-yaml-"));
  it.each([
    ["a: 1\n", { a: 1 }],
    ["", {}],
  ])("%j -> %j", (text, doc) => {
    writeFileSync(join(dir, "ok.yaml"), text);
    expect(readYamlFile(join(dir, "ok.yaml"))).toEqual(doc);
  });
  it("names the file when it is missing or not YAML", () => {
    expect(() => readYamlFile(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, "bad.yaml"), "a: [\n");
    expect(() => readYamlFile(join(dir, "bad.yaml"))).toThrow(/bad\.yaml: is not valid YAML/);
  });
});
