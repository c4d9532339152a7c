// @ts-nocheck
import { appendFileSync, cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlan, stacksFor } from "./plan";

const PROGRAM = join(__dirname, "..", "engine", "__fixtures__", "tiny");
const PACK = join(__dirname, "..", "policy", "__fixtures__", "pack");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
}

test("stacksFor", () => {
  expect(stacksFor(undefined)).toEqual(["staging", "production"]);
  expect(stacksFor("production")).toEqual(["production"]);
  expect(() => stacksFor("qa")).toThrow(/use --stack staging, production or all/);
});

test("exit 1 on mandatory violations, blocking gates reported, files written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-plancli-"));
  const c = capture();
  const code = await runPlan({ program: PROGRAM, policyPack: PACK, out: dir, ...c.io });
  expect(code).toBe(1);
  const text = c.out.join("\n");
  expect(text).toContain("BLOCKED: a deployment would be stopped by 1 gate(s)");
  expect(text).toContain("FAIL: 3 mandatory policy violation(s)");
  expect(existsSync(join(dir, "deployment-plan.json"))).toBe(true);
  expect(existsSync(join(dir, "deployment-plan.md"))).toBe(true);
  expect(c.err.some((l) => l.startsWith("plan: evaluating stack staging"))).toBe(true);
});

test("exit 2 on a missing release root, with the fix", async () => {
  const c = capture();
  const code = await runPlan({ artifacts: "/nonexistent", program: PROGRAM, policyPack: PACK, ...c.io });
  expect(code).toBe(2);
  expect(c.err.join("\n")).toContain("release root not found");
});

test("exit 2 on a bad --stack", async () => {
  const c = capture();
  expect(await runPlan({ stack: "qa", program: PROGRAM, policyPack: PACK, ...c.io })).toBe(2);
});

test("without --artifacts the release root is SLIPWAY_ARTIFACTS_DIR, as for deploy and rollback", async () => {
  const c = capture();
  const env = { SLIPWAY_ARTIFACTS_DIR: "/nonexistent-from-env" };
  // If the variable were ignored, the plan of the example must not land in examples/taskflow.
  const out = mkdtempSync(join(tmpdir(), "slipway-plancli-env-"));
  expect(await runPlan({ env, out, program: PROGRAM, policyPack: PACK, ...c.io })).toBe(2);
  expect(c.err.join("\n")).toContain("/nonexistent-from-env: (document): release root not found");
  // --artifacts wins over the environment.
  const d = capture();
  expect(
    await runPlan({ env, out, artifacts: "/nonexistent-flag", program: PROGRAM, policyPack: PACK, ...d.io }),
  ).toBe(2);
  expect(d.err.join("\n")).toContain("/nonexistent-flag: (document): release root not found");
});

test("an --out that cannot be written is bad input (exit 2) before any stack is evaluated", async () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-plancli-out-"));
  const file = join(dir, "a-file");
  writeFileSync(file, "");
  for (const [out, message] of [
    [file, `"${file}" is not a directory`],
    [join(file, "plans"), `"${join(file, "plans")}" cannot be created: ${file} is not a directory`],
  ]) {
    const c = capture();
    expect(await runPlan({ out, program: PROGRAM, policyPack: PACK, ...c.io })).toBe(2);
    const text = c.err.join("\n");
    expect(text).toContain(`plan: --out: ${message}. Fix: pass a directory you can write to`);
    expect(text).not.toContain("evaluating stack");
  }
  // A directory that does not exist yet is fine: it is created.
  const c = capture();
  expect(await runPlan({ out: join(dir, "new", "plans"), program: PROGRAM, policyPack: PACK, ...c.io })).toBe(
    1,
  );
  expect(existsSync(join(dir, "new", "plans", "deployment-plan.json"))).toBe(true);
});

test("--compare against a plan of one stack: the other stack says it is not in the compared plan", async () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-plancli-compare-"));
  const first = capture();
  await runPlan({
    stack: "production",
    out: join(dir, "a"),
    program: PROGRAM,
    policyPack: PACK,
    ...first.io,
  });
  const c = capture();
  await runPlan({
    compare: join(dir, "a", "deployment-plan.json"),
    out: join(dir, "b"),
    program: PROGRAM,
    policyPack: PACK,
    ...c.io,
  });
  const lines = c.out.join("\n").split("\n");
  expect(lines.find((l) => l.startsWith("  staging "))).toMatch(/, not in the compared plan$/);
  expect(lines.find((l) => l.startsWith("  production "))).toMatch(/, \+0 -0 ~0$/);
});

test("program warnings are on the console too (e.g. no alert endpoint), per stack", async () => {
  const program = mkdtempSync(join(tmpdir(), "slipway-plancli-warn-"));
  cpSync(PROGRAM, program, { recursive: true });
  appendFileSync(join(program, "index.ts"), '\npulumi.log.warn("no alert endpoint configured");\n');
  const c = capture();
  await runPlan({ out: join(program, "plan"), program, policyPack: PACK, ...c.io });
  const text = c.out.join("\n");
  expect(text).toContain(
    "Program warnings (2):\n  - staging: no alert endpoint configured\n  - production: no alert endpoint configured",
  );
});
