/**
 * `npm run init`: a user's stacks directory from their own release, any stack names, without touching
 * a tracked file of slipway; mistakes are exit 2 with nothing written.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ExitCode } from "../../lib/errors";
import { copyExample } from "../../test/harness/release";
import { runInit, type InitCommandOptions } from "./init";
import { runPlan } from "./plan";

/** A user's release: the example's artifacts under another project id, without its stack files. */
function userRelease(projectId = "acme-shop"): string {
  const root = copyExample();
  rmSync(join(root, "stacks"), { recursive: true });
  const file = join(root, "project-config.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...config, project_id: projectId }, null, 2));
  return root;
}

function sink() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
}

async function init(o: InitCommandOptions) {
  const io = sink();
  const code = await runInit({ env: {}, ask: undefined, ...o, stdout: io.stdout, stderr: io.stderr });
  return { code, out: io.out.join("\n"), err: io.err.join("\n") };
}

const yaml = (file: string) => parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };

describe("init writes the stacks directory from the release", () => {
  it("one stack per project-config environment, the project named from project_id, domain per stack", async () => {
    const root = userRelease();
    const r = await init({
      artifacts: root,
      region: "eu-central-1",
      domain: "shop.example.org",
      hostedZoneId: "Z0ABCDEF123456",
    });
    expect(r).toMatchObject({ code: ExitCode.ok, err: "" });
    const dir = join(root, "stacks");
    expect(readdirSync(dir).sort()).toEqual(["Pulumi.production.yaml", "Pulumi.staging.yaml", "Pulumi.yaml"]);
    expect((parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name).toBe(
      "acme-shop",
    );
    expect(yaml(join(dir, "Pulumi.staging.yaml")).config).toEqual({
      "aws:region": "eu-central-1",
      "slipway:environmentType": "staging",
      "slipway:domain": "staging.shop.example.org",
      "slipway:hostedZoneId": "Z0ABCDEF123456",
    });
    expect(yaml(join(dir, "Pulumi.production.yaml")).config["slipway:domain"]).toBe("shop.example.org");
    // What is still needed: the secrets the release's backend report asks for, and alert endpoints.
    expect(r.out).toContain("stack init staging");
    expect(r.out).toContain(
      "config set --secret --path 'slipway:secrets.SES_FROM_ADDRESS' --stack production",
    );
    expect(r.out).toContain("config set --secret slipway:alertPagerDutyUrl --stack production");
    expect(r.out).not.toContain("slipway:alertPagerDutyUrl --stack staging");
  });

  it("any stack names with their environment types; the plan runs offline on them", async () => {
    const root = userRelease("ledger-eu");
    const r = await init({
      artifacts: root,
      stack: ["qa-eu=staging", "live-eu=production"],
      region: "eu-west-1",
      noDomain: true,
    });
    expect(r.code).toBe(ExitCode.ok);
    expect(readdirSync(join(root, "stacks")).sort()).toEqual([
      "Pulumi.live-eu.yaml",
      "Pulumi.qa-eu.yaml",
      "Pulumi.yaml",
    ]);
    expect(yaml(join(root, "stacks", "Pulumi.qa-eu.yaml")).config).toEqual({
      "aws:region": "eu-west-1",
      "slipway:environmentType": "staging",
    });
    const io = sink();
    const out = join(root, "plan");
    const code = await runPlan({
      artifacts: root,
      stack: "qa-eu",
      out,
      env: {},
      stdout: io.stdout,
      stderr: io.stderr,
    });
    // No domain: the HTTPS policies fail, and one message names the keys to set (not code changes).
    expect(code).toBe(ExitCode.failed);
    const text = io.out.join("\n");
    expect(text).toContain("qa-eu has no slipway:domain, so the API and site are served over plain HTTP");
    expect(text).toContain("config set slipway:domain <domain> --stack qa-eu");
    expect(text).toContain("config set slipway:hostedZoneId <zone id> --stack qa-eu");
    const plan = JSON.parse(readFileSync(join(out, "deployment-plan.json"), "utf8")) as {
      stacks: { stack: string; environmentType: string; resourceCount: number }[];
    };
    expect(plan.stacks.map((s) => [s.stack, s.environmentType])).toEqual([["qa-eu", "staging"]]);
    expect(plan.stacks[0].resourceCount).toBeGreaterThan(100);
  }, 120_000);

  it("asks on a terminal for what the flags leave out", async () => {
    const root = userRelease();
    const asked: string[] = [];
    const answers = ["us-west-2", "app.example.net", "Z9XYZ"];
    const r = await init({
      artifacts: root,
      ask: async (q) => {
        asked.push(q);
        return answers.shift() ?? "";
      },
    });
    expect(r.code).toBe(ExitCode.ok);
    expect(asked).toHaveLength(3);
    const staging = yaml(join(root, "stacks", "Pulumi.staging.yaml")).config;
    expect(staging["aws:region"]).toBe("us-west-2");
    expect(staging["slipway:hostedZoneId"]).toBe("Z9XYZ");
  });

  it("refuses to overwrite without --force (nothing written), overwrites with it", async () => {
    const root = userRelease();
    const flags = { artifacts: root, region: "eu-west-1", noDomain: true };
    expect((await init(flags)).code).toBe(ExitCode.ok);
    const file = join(root, "stacks", "Pulumi.staging.yaml");
    writeFileSync(file, "config:\n  aws:region: eu-west-1\n  slipway:environmentType: staging\n  # mine\n");
    const before = readFileSync(file, "utf8");
    const again = await init({ ...flags, region: "us-east-2" });
    expect(again.code).toBe(ExitCode.badInput);
    expect(again.err).toContain("already exists");
    expect(again.err).toContain("--force");
    expect(readFileSync(file, "utf8")).toBe(before);
    expect((await init({ ...flags, region: "us-east-2", force: true })).code).toBe(ExitCode.ok);
    expect(yaml(file).config["aws:region"]).toBe("us-east-2");
    expect(readdirSync(join(root, "stacks")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("init: mistakes are exit 2 naming the flag and echoing the value, nothing written", () => {
  it.each<[string, InitCommandOptions, string]>([
    ["a stack without a type", { stack: ["qa"] }, '--stack: "qa" has no environment type'],
    [
      "a misspelt type",
      { stack: ["qa=stagin"] },
      '"stagin" is not an environment type (did you mean "staging"?)',
    ],
    ["a stack name Pulumi refuses", { stack: ["qa/eu=staging"] }, '"qa/eu" is not a valid stack name'],
    ["a stack twice", { stack: ["a=staging", "a=production"], noDomain: true }, '"a" is given twice'],
    [
      "a domain without a zone",
      { domain: "x.example.com" },
      '--hosted-zone-id: is missing (--domain is "x.example.com")',
    ],
    [
      "a zone without a domain",
      { hostedZoneId: "Z123" },
      '--domain: is missing (--hosted-zone-id is "Z123")',
    ],
    ["neither", {}, "--domain: is not given (nor --no-domain)"],
    [
      "a URL for a domain",
      { domain: "https://x.example.com", hostedZoneId: "Z1" },
      '"https://x.example.com" is not a DNS name',
    ],
    [
      "a zone name for a zone id",
      { domain: "x.example.com", hostedZoneId: "x.example.com" },
      '"x.example.com" is not a Route 53 hosted zone id',
    ],
    [
      "a region typo",
      { region: "eu-west1", noDomain: true },
      '--region: "eu-west1" is not an AWS region name',
    ],
    [
      "a bad project name",
      { project: "my app", noDomain: true },
      '--project: "my app" is not a Pulumi project name',
    ],
    [
      "both domain and no-domain",
      { domain: "x.example.com", hostedZoneId: "Z1", noDomain: true },
      "--no-domain: is given together",
    ],
  ])("%s", async (_label, flags, message) => {
    const root = userRelease();
    const r = await init({ artifacts: root, region: "eu-west-1", ...flags });
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toContain(message);
    expect(existsSync(join(root, "stacks"))).toBe(false);
  });

  it("no --artifacts and no SLIPWAY_ARTIFACTS_DIR: the bundled example is not silently used", async () => {
    const r = await init({ region: "eu-west-1", noDomain: true });
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toContain("--artifacts: is required");
  });

  it("a broken release is reported with every problem, nothing written", async () => {
    const root = userRelease();
    writeFileSync(join(root, "project-config.json"), "{");
    const r = await init({ artifacts: root, region: "eu-west-1", noDomain: true });
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toContain("project-config.json");
    expect(existsSync(join(root, "stacks"))).toBe(false);
  });
});

describe("two apps in one organisation", () => {
  it("get different Pulumi project names from their releases", async () => {
    const a = userRelease("shop");
    const b = userRelease("billing");
    expect((await init({ artifacts: a, region: "eu-west-1", noDomain: true })).err).toBe("");
    expect((await init({ artifacts: b, region: "eu-west-1", noDomain: true })).err).toBe("");
    const name = (root: string) =>
      (parse(readFileSync(join(root, "stacks", "Pulumi.yaml"), "utf8")) as { name: string }).name;
    expect([name(a), name(b)]).toEqual(["shop", "billing"]);
  });
});
