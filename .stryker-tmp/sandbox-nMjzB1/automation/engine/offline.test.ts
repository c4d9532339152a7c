// @ts-nocheck
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../lib/errors";
import { EvaluationAborted, evaluateProgram, ProgramError, type OfflineStack } from "./offline";

const TINY = join(__dirname, "__fixtures__", "tiny");

function byName(stack: OfflineStack, name: string) {
  const r = stack.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name} in ${stack.resources.map((x) => x.name).join(", ")}`);
  return r;
}

/** A program written to a temporary directory with no node_modules of its own. */
function tempProgram(files: Record<string, string>, name = "tmpprog"): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-engine-"));
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("evaluateProgram: the tiny fixture", () => {
  let staging: OfflineStack;
  let production: OfflineStack;

  beforeAll(async () => {
    staging = await evaluateProgram({ programDir: TINY, stack: "staging" });
    production = await evaluateProgram({ programDir: TINY, stack: "production" });
  });

  test("captures every resource with type, name, URN and parent chain", () => {
    expect(staging.project).toBe("tiny");
    expect(staging.stack).toBe("staging");
    expect(staging.resources.map((r) => `${r.type}::${r.name}`).sort()).toEqual([
      "aws:cloudwatch/logGroup:LogGroup::site-logs",
      "aws:lb/loadBalancer:LoadBalancer::alb",
      "aws:s3/bucket:Bucket::site-bucket",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::site-pab",
      "aws:secretsmanager/secret:Secret::db",
      "aws:secretsmanager/secretVersion:SecretVersion::db-v1",
      "tiny:web:Site::site",
    ]);
    const site = byName(staging, "site");
    expect(site.custom).toBe(false);
    expect(site.parent).toBeUndefined();
    expect(site.urn).toBe("urn:pulumi:staging::tiny::pulumi:pulumi:Stack$tiny:web:Site::site");
    const bucket = byName(staging, "site-bucket");
    expect(bucket.custom).toBe(true);
    expect(bucket.parent).toBe(site.urn);
    expect(bucket.urn).toBe("urn:pulumi:staging::tiny::tiny:web:Site$aws:s3/bucket:Bucket::site-bucket");
    expect(bucket.id).toBe("site-bucket-id");
  });

  test("inputs are resolved, with dependencies through inputs and dependsOn", () => {
    const pab = byName(staging, "site-pab");
    const bucket = byName(staging, "site-bucket");
    expect(pab.inputs).toMatchObject({
      bucket: "site-bucket-id",
      blockPublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(pab.dependencies).toEqual([bucket.urn]);
    expect(pab.propertyDependencies).toEqual({ bucket: [bucket.urn] });
    expect(byName(staging, "alb").dependencies).toEqual([byName(staging, "db").urn]);
  });

  test("mocked outputs are realistic for the stack's region", () => {
    expect(staging.region).toBe("eu-central-1");
    expect(byName(staging, "alb").outputs.dnsName).toBe("alb-1234567890.eu-central-1.elb.amazonaws.com");
    expect(byName(production, "alb").outputs.dnsName).toBe("alb-1234567890.us-east-1.elb.amazonaws.com");
    expect(byName(production, "db").outputs.arn).toBe(
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
    );
  });

  test("secret inputs are unwrapped for evaluation and their paths recorded", () => {
    const version = byName(staging, "db-v1");
    expect(version.secretPaths).toEqual(["secretString"]);
    expect(version.inputs.secretString).toBe("offline-secure-placeholder");
    expect(staging.undecryptableConfig).toEqual(["tiny:dbPassword"]);
    expect(byName(production, "db-v1").inputs.secretString).toBe("generated-only-for-tests");
  });

  test("stack outputs are captured with secrets redacted", () => {
    expect(staging.outputs).toMatchObject({
      bucketName: "site-bucket-id",
      url: "http://alb-1234567890.eu-central-1.elb.amazonaws.com",
      environment: "staging",
      sizes: { small: 1, big: 3 },
      dbSecretValue: "[secret]",
    });
    expect(JSON.stringify(staging)).not.toContain("do-not-print");
    expect(staging.config["tiny:dbPassword"]).toEqual({ value: "[secret]", secret: true });
  });

  test("component outputs come from registerOutputs", () => {
    expect(byName(staging, "site").outputs).toEqual({ bucketName: "site-bucket-id" });
  });

  test("two stacks in one process: config and module state do not leak between runs", () => {
    expect(production.stack).toBe("production");
    expect(production.outputs.environment).toBe("production");
    expect(byName(production, "site-logs").inputs.retentionInDays).toBe(30);
    expect(byName(staging, "site-logs").inputs.retentionInDays).toBe(7);
    expect(production.resources).toHaveLength(staging.resources.length);
    expect(production.resources.every((r) => r.urn.startsWith("urn:pulumi:production::tiny::"))).toBe(true);
  });

  test("evaluation is deterministic", async () => {
    const again = await evaluateProgram({ programDir: TINY, stack: "staging" });
    expect(JSON.stringify(again)).toBe(JSON.stringify(staging));
  });

  test("config overrides win over the stack file", async () => {
    const r = await evaluateProgram({
      programDir: TINY,
      stack: "staging",
      config: { "tiny:retentionDays": { value: "14" }, environmentType: { value: "development" } },
    });
    expect(byName(r, "site-logs").inputs.retentionInDays).toBe(14);
    expect(r.outputs.environment).toBe("development");
  });
});

describe("evaluateProgram: programs elsewhere on disk", () => {
  test("a TypeScript program in a temp dir resolves @pulumi/* from this project; remote components are opaque", async () => {
    const dir = tempProgram({
      "index.ts": `
        import * as pulumi from "@pulumi/pulumi";
        import * as aws from "@pulumi/aws";
        import { prefix } from "./lib/names";
        const east = new aws.Provider("east", { region: "us-east-1" });
        const remote = new pulumi.ComponentResource("awsx:ec2:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, {}, true);
        const cert = new aws.acm.Certificate(prefix("cert"), { domainName: "example.com", validationMethod: "DNS" }, { provider: east, dependsOn: [remote] });
        export const certArn = cert.arn;
      `,
      "lib/names.ts": `export const prefix = (n: string): string => "app-" + n;`,
      "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
    });
    const r = await evaluateProgram({ programDir: dir, stack: "dev" });
    const vpc = byName(r, "vpc");
    expect(vpc.remote).toBe(true);
    expect(vpc.custom).toBe(false);
    const cert = byName(r, "app-cert");
    const east = byName(r, "east");
    expect(east.type).toBe("pulumi:providers:aws");
    expect(cert.provider).toBe(east.urn);
    expect(cert.dependencies).toContain(vpc.urn);
    expect(r.outputs.certArn).toBe("arn:aws:acm:eu-west-1:123456789012:certificate/app-cert-id");
  });
});

describe("evaluateProgram: provider functions", () => {
  test("arrays returned by mocked calls are iterable by the program (availability zones of the region)", async () => {
    const dir = tempProgram({
      "index.ts": `
        import * as aws from "@pulumi/aws";
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        export const subnets = aws.getAvailabilityZonesOutput({ state: "available" }).apply((azs) => {
          const names: string[] = [];
          for (const [i, az] of azs.names.entries()) {
            new aws.ec2.Subnet("private-" + az, { vpcId: vpc.id, availabilityZone: az, cidrBlock: "10.0." + i + ".0/24" });
            names.push(az);
          }
          return names;
        });
      `,
      "Pulumi.dev.yaml": "config:\n  aws:region: eu-central-1\n",
    });
    const r = await evaluateProgram({ programDir: dir, stack: "dev" });
    expect(r.outputs.subnets).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    expect(
      r.resources.filter((x) => x.type === "aws:ec2/subnet:Subnet").map((x) => x.inputs.availabilityZone),
    ).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
  });
});

describe("evaluateProgram: errors come back clearly", () => {
  test("an InputError thrown by the program is an InputError", async () => {
    const err = await evaluateProgram({
      programDir: TINY,
      stack: "staging",
      config: { "tiny:environmentType": { value: "broken" } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe("tiny:environmentType");
    expect((err as InputError).message).toBe(
      "Pulumi.broken.yaml: tiny:environmentType: is broken. Fix: use staging or production",
    );
  });

  test("a TypeScript syntax error names the file and line, without a stack trace", async () => {
    const dir = tempProgram({ "index.ts": "import * as pulumi from '@pulumi/pulumi';\nconst x = ;\n" });
    const err = await evaluateProgram({ programDir: dir, stack: "dev" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgramError);
    const message = (err as Error).message;
    expect(message).toContain("index.ts:2");
    expect(message).not.toMatch(/\n\s+at /);
  });

  test("a missing module is named, without the require stack", async () => {
    const dir = tempProgram({ "index.ts": "import './components/nowhere';\n" });
    const err = await evaluateProgram({ programDir: dir, stack: "dev" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect((err as Error).message).toContain("Cannot find module './components/nowhere'");
    expect((err as Error).message).not.toContain("Require stack");
  });

  test("an exception inside an apply fails the evaluation", async () => {
    const dir = tempProgram({
      "index.ts": `
        import * as aws from "@pulumi/aws";
        const b = new aws.s3.Bucket("b");
        export const boom = b.arn.apply((arn) => { if (arn) throw new Error("apply failed for " + arn); return arn; });
      `,
    });
    const err = await evaluateProgram({ programDir: dir, stack: "dev" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect((err as Error).message).toContain("apply failed for arn:aws:s3:::b-id");
  });

  test("a directory without Pulumi.yaml is bad input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-empty-"));
    await expect(evaluateProgram({ programDir: dir, stack: "dev" })).rejects.toBeInstanceOf(InputError);
  });

  test("an aborted signal stops the evaluation", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      evaluateProgram({ programDir: TINY, stack: "staging", signal: controller.signal }),
    ).rejects.toBeInstanceOf(EvaluationAborted);
  });

  test("aborting while an evaluation runs rejects it at once; the next one waits for it and succeeds", async () => {
    const controller = new AbortController();
    const first = evaluateProgram({ programDir: TINY, stack: "staging", signal: controller.signal });
    controller.abort();
    const second = evaluateProgram({ programDir: TINY, stack: "production" });
    await expect(first).rejects.toBeInstanceOf(EvaluationAborted);
    const r = await second;
    expect(r.stack).toBe("production");
    expect(r.resources).toHaveLength(7);
  });

  test("the engine still works after a failed evaluation", async () => {
    const r = await evaluateProgram({ programDir: TINY, stack: "production" });
    expect(r.resources).toHaveLength(7);
  });
});
