/**
 * The offline engine's provider naming check: a name the AWS provider would refuse fails `plan` and
 * `policy` with exit 1, naming the resource, the generated name, the limit and the fix.
 */
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPlan } from "../cli/plan";
import { runPolicy } from "../cli/policy";
import { NAME_CHECK, nameViolations } from "./names";
import type { CapturedResource } from "./types";

const TINY = join(__dirname, "__fixtures__", "tiny");
const PACK = join(__dirname, "..", "policy", "__fixtures__", "pack");
const TG = "aws:lb/targetGroup:TargetGroup";

function resource(type: string, name: string, inputs: Record<string, unknown> = {}): CapturedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:staging::p::${type}::${name}`,
    custom: true,
    inputs,
    outputs: {},
    secretPaths: [],
    dependencies: [],
  };
}

describe("nameViolations", () => {
  test("the review's target group: autonamed past 32 characters", () => {
    const [v, ...rest] = nameViolations([resource(TG, "taskflow-production-api-tg-green")]);
    expect(rest).toEqual([]);
    expect(v.physicalName).toMatch(/^taskflow-production-api-tg-green-[0-9a-f]{7}$/);
    expect(v.message).toContain(`${TG} "taskflow-production-api-tg-green"`);
    expect(v.message).toContain("longer than its maximum 32");
    expect(v.message).toContain("Fix: give the resource an explicit name that fits");
  });

  test("explicit names, prefixes and autonames are all checked; fitting ones pass", () => {
    const found = nameViolations([
      resource(TG, "api-tg-blue"),
      resource("aws:lb/loadBalancer:LoadBalancer", "alb", { name: "internal-api" }),
      resource("aws:rds/instance:Instance", "db", { identifierPrefix: "x".repeat(40) }),
      resource("aws:synthetics/canary:Canary", "c", { name: "taskflow-production-api" }),
      resource("aws:ec2/vpc:Vpc", "v".repeat(300)),
      { ...resource(TG, "component".repeat(10)), custom: false },
    ]);
    expect(found.map((v) => [v.name, v.physicalName.length])).toEqual([
      ["alb", 12],
      ["db", 66],
      ["c", 23],
    ]);
  });
});

describe("plan and policy fail on a name the provider would refuse", () => {
  let program: string;
  beforeAll(() => {
    program = mkdtempSync(join(tmpdir(), "slipway-names-"));
    cpSync(TINY, program, { recursive: true });
    appendFileSync(
      join(program, "index.ts"),
      '\nnew aws.lb.TargetGroup("a-target-group-with-a-long-name", { port: 80, protocol: "HTTP", targetType: "ip" });\n',
    );
  });

  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
  }

  test("npm run plan: exit 1, the resource, the generated name, the limit and the fix", async () => {
    const c = capture();
    const code = await runPlan({
      out: join(program, "plan"),
      program,
      policyPack: PACK,
      stack: "staging",
      ...c.io,
    });
    expect(code).toBe(1);
    const text = c.out.join("\n");
    expect(text).toMatch(
      new RegExp(
        `${NAME_CHECK} on a-target-group-with-a-long-name \\(${TG.replace(/[/.]/g, "\\$&")}\\): .*"a-target-group-with-a-long-name-[0-9a-f]{7}".*maximum 32.*Fix: `,
      ),
    );
  }, 60_000);

  test("npm run policy: exit 1 with the same violation", async () => {
    const c = capture();
    const code = await runPolicy({ program, stack: "staging", policyPack: PACK, format: "json", ...c.io });
    expect(code).toBe(1);
    const report = JSON.parse(c.out.join("")) as { violations: { policy: string; message: string }[] };
    expect(report.violations.filter((v) => v.policy === NAME_CHECK).map((v) => v.message)).toEqual([
      expect.stringContaining('"a-target-group-with-a-long-name"'),
    ]);
  }, 60_000);
});
