/**
 * The layering rule of `lib/README.md`: `lib/` imports nothing of the project, and the Pulumi program's
 * parts (components, release) never import the deploy driver in `automation/`.
 */
// @ts-nocheck

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(__dirname, "..");
const tracked = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts"], { cwd: ROOT })
  .toString()
  .split("\n")
  .filter((f) => f && !f.startsWith("node_modules/"));

/** Project-relative targets of every relative import of `file`. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)].map(
    (m) => m[1],
  );
  return specs.map((s) => normalize(join(dirname(file), s)));
}

describe("import boundaries", () => {
  it("lib/ imports nothing of the project outside lib/", () => {
    const offenders = tracked
      .filter((f) => f.startsWith("lib/"))
      .flatMap((f) =>
        relativeImports(f)
          .filter((t) => !t.startsWith("lib/"))
          .map((t) => `${f} -> ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  it("components/ and release/ never import automation/ (their tests may use its mock harness)", () => {
    const offenders = tracked
      .filter((f) => (f.startsWith("components/") || f.startsWith("release/")) && !f.endsWith(".test.ts"))
      .flatMap((f) =>
        relativeImports(f)
          .filter((t) => relative("automation", t).split("/")[0] !== "..")
          .map((t) => `${f} -> ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the checker sees an offending import (the rule cannot pass vacuously)", () => {
    expect(relativeImports("config.ts")).toContain("lib/errors");
  });
});
