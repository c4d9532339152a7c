import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as library from "./index";

const ROOT = join(__dirname, "..");

/**
 * The library files (tests excluded): everything under automation/ but the CLI (`cli.ts`, `cli/`), and
 * the release model. They take seams and never print or exit.
 */
function libraryFiles(): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) {
      out.push(p);
    }
  };
  for (const e of readdirSync(__dirname)) {
    if (e === "cli" || e === "cli.ts" || e.startsWith("__")) continue;
    walk(join(__dirname, e));
  }
  walk(join(ROOT, "release"));
  return out;
}

describe("the library", () => {
  it("exports deploy, rollback, plan and checkPolicies for an orchestrator to call in-process", () => {
    for (const name of ["deploy", "rollback", "plan", "checkPolicies"] as const)
      expect(typeof library[name]).toBe("function");
    expect(library.plan).toBe(library.createPlan);
  });

  it("exports the seams' runtime parts: the lock error and the redactor", () => {
    expect(new library.ConcurrentUpdateError("staging")).toBeInstanceOf(Error);
    const r = library.createRedactor(['{"NAME":"value-123"}']);
    expect(r("got value-123")).toBe(`got ${library.REDACTED}`);
  });

  it("never prints or exits: no console, process.exit or process.stdout/stderr in its files", () => {
    const files = libraryFiles();
    expect(files.length).toBeGreaterThan(40);
    const offences = files.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${relative(ROOT, f)}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\/?\*)/.test(line))
        .filter(({ line }) => /\bconsole\.|process\.exit|process\.(stdout|stderr)\b/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offences).toEqual([]);
  });
});
