import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlan } from "./plan";

const PROGRAM = join(__dirname, "..", "engine", "__fixtures__", "tiny");
const PACK = join(__dirname, "..", "policy", "__fixtures__", "pack");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
}

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

test("a --stack without a stack file is bad input naming the stacks that exist, before any evaluation", async () => {
  const c = capture();
  expect(await runPlan({ stack: "prod", program: PROGRAM, policyPack: PACK, ...c.io })).toBe(2);
  const text = c.err.join("\n");
  expect(text).toContain('plan: --stack: "prod" has no stack file');
  expect(text).toContain("use one of the stacks in");
  expect(text).toContain("production, staging");
  expect(text).not.toContain("evaluating stack");
});

test("any stack name with a stack file is planned; its environment type comes from its config, not its name", async () => {
  const program = mkdtempSync(join(tmpdir(), "slipway-plancli-anyname-"));
  cpSync(PROGRAM, program, { recursive: true });
  // "staging-like" name, production config: the plan must follow the config.
  writeFileSync(
    join(program, "Pulumi.stage-eu.yaml"),
    "config:\n  aws:region: eu-west-1\n  tiny:environmentType: production\n  slipway:environmentType: production\n  retentionDays: 30\n",
  );
  const c = capture();
  await runPlan({ stack: "stage-eu", out: join(program, "plan"), program, policyPack: PACK, ...c.io });
  const plan = JSON.parse(readFileSync(join(program, "plan", "deployment-plan.json"), "utf8")) as {
    stacks: { stack: string; environmentType: string }[];
  };
  expect(plan.stacks.map((s) => [s.stack, s.environmentType])).toEqual([["stage-eu", "production"]]);
});

test("a stack file without slipway:environmentType is bad input naming the key", async () => {
  const program = mkdtempSync(join(tmpdir(), "slipway-plancli-notype-"));
  cpSync(PROGRAM, program, { recursive: true });
  writeFileSync(join(program, "Pulumi.qa.yaml"), "config:\n  aws:region: eu-west-1\n");
  const c = capture();
  expect(await runPlan({ stack: "qa", program, policyPack: PACK, ...c.io })).toBe(2);
  expect(c.err.join("\n")).toContain("Pulumi.qa.yaml: slipway:environmentType: is not set");
});

test("without --artifacts the release root is SLIPWAY_ARTIFACTS_DIR, as for deploy and rollback", async () => {
  const c = capture();
  const env = { SLIPWAY_ARTIFACTS_DIR: "/nonexistent-from-env" };
  // If the variable were ignored, the plan of the example must not land in examples/taskflow.
  const out = mkdtempSync(join(tmpdir(), "slipway-plancli-env-"));
  expect(await runPlan({ env, out, program: PROGRAM, policyPack: PACK, ...c.io })).toBe(2);
  expect(c.err.join("\n")).toContain("/nonexistent-from-env: release root not found");
  // --artifacts wins over the environment.
  const d = capture();
  expect(
    await runPlan({ env, out, artifacts: "/nonexistent-flag", program: PROGRAM, policyPack: PACK, ...d.io }),
  ).toBe(2);
  expect(d.err.join("\n")).toContain("/nonexistent-flag: release root not found");
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

test("exit 2 when a stack file holds a secret in plaintext; nothing is planned, the value never shown", async () => {
  const program = mkdtempSync(join(tmpdir(), "slipway-plancli-secret-"));
  cpSync(PROGRAM, program, { recursive: true });
  // `pulumi config set --secret --path 'slipway:secrets.JWT_SIGNING_KEY'` wrote the first leaf; the second
  // was typed into the file by hand.
  writeFileSync(
    join(program, "Pulumi.staging.yaml"),
    "config:\n  slipway:environmentType: staging\n  slipway:secrets:\n    JWT_SIGNING_KEY:\n      secure: v1:AAAA\n    BANK_API_TOKEN: tok-plaintext-123\n",
  );
  const out = mkdtempSync(join(tmpdir(), "slipway-plancli-secret-out-"));
  const c = capture();
  expect(await runPlan({ stack: "staging", program, policyPack: PACK, out, ...c.io })).toBe(2);
  const text = c.err.join("\n");
  expect(text).toContain(
    "slipway:secrets.BANK_API_TOKEN: is a secret written in plaintext (value not shown); nothing is planned or deployed with it. Fix: pulumi config set --secret --path 'slipway:secrets.BANK_API_TOKEN' --stack staging",
  );
  expect(text).not.toContain("tok-plaintext-123");
  expect(existsSync(join(out, "deployment-plan.json"))).toBe(false);
});
