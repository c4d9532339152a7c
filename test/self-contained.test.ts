/**
 * Tests pass on any machine and any day (issue 9): no test file reads the wall clock (clocks are
 * injected; `performance.now()` is the monotonic clock for elapsed time) and nothing in the repository
 * reaches for files beside it (the reference contracts are pinned in `contracts/reference/`).
 * `.ci/run` also runs the whole suite with the clock a year ahead, which catches what a scan cannot.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const SKIP = new Set(["node_modules", ".git", ".out", "coverage"]);

/** Every TypeScript and JavaScript file of the repository. */
function sources(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith(".cache")) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** `file:line: text` of every line matching `re`. */
function offences(files: readonly string[], re: RegExp): string[] {
  return files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => (re.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

const files = sources();
const tests = files.filter((f) => f.endsWith(".test.ts") && f !== __filename);

describe("self-contained, date-independent tests", () => {
  it("finds the test files", () => {
    expect(tests.length).toBeGreaterThan(50);
  });

  it("no test reads the wall clock (Date.now(), new Date() without a value)", () => {
    expect(offences(tests, /\bDate\.now\(\)|new Date\(\s*\)/)).toEqual([]);
  });

  it("no code or test reads the workspace beside the repository (shared/, SLIPWAY_REFERENCE_CONTRACTS)", () => {
    const others = files.filter((f) => f !== __filename);
    expect(
      offences(others, /["'`/]\.\.\/shared\b|"shared", "contracts"|SLIPWAY_REFERENCE_CONTRACTS/),
    ).toEqual([]);
  });
});
