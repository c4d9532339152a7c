// @ts-nocheck
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "./atomic";

describe("writeFileAtomic", () => {
  test("creates missing directories and leaves no temporary file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-atomic-"));
    const target = join(dir, "a", "b", "report.json");
    writeJsonAtomic(target, { ok: true });
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual({ ok: true });
    expect(readdirSync(join(dir, "a", "b"))).toEqual(["report.json"]);
  });

  test("keeps the old file when the write fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-atomic-"));
    const target = join(dir, "report.json");
    writeFileSync(target, "old");
    // A directory where the temporary file's directory should be makes the write fail.
    expect(() => writeFileAtomic(join(target, "child.json"), "new")).toThrow();
    expect(readFileSync(target, "utf8")).toBe("old");
  });
});
