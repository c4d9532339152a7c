/**
 * The program for a second, different release (test/fixtures/releases/ledger: API only, two workers, no
 * frontend, canary, port 3000, /healthz, restricted data; one worker is a `backend_scheduler`, another
 * backend type): topology follows the packet, the canary step comes from `slipway:release`, production
 * is sized and protected unlike staging, and without a domain the stack says what it serves and how.
 */
import type { StackOutputs } from "../outputs";
import { LEDGER_RELEASE } from "./fixtures/mutate";
import { type ProgramRun, isSecretInput, ofType, runProgram, unwrapSecret } from "./fixtures/program";

const ROTATION_LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-bank-token";

describe("ledger release on staging, canary at 10 %", () => {
  let run: ProgramRun;
  let outputs: StackOutputs;
  beforeAll(async () => {
    run = await runProgram({
      stack: "staging",
      config: {
        "slipway:artifactsDir": LEDGER_RELEASE,
        "slipway:release": JSON.stringify({ activeColour: "blue", idleVersion: "2.8.0", idleWeight: 10 }),
        "slipway:services": JSON.stringify({
          settlement: { image: "ghcr.io/acme/settlement@sha256:" + "a".repeat(64), memory: 1024 },
          reconciler: { buildContext: "test/fixtures/releases/ledger-build" },
        }),
        "slipway:secretRotation": JSON.stringify({
          BANK_API_TOKEN: { lambdaArn: ROTATION_LAMBDA, automaticallyAfterDays: 30 },
        }),
      },
    });
    outputs = run.outputs as unknown as StackOutputs;
  });

  it("builds one API and two workers (backend_worker, backend_scheduler), a database, and no static site", () => {
    expect(outputs.services.map((s) => [s.name, s.kind])).toEqual([
      ["ledger-api", "api"],
      ["settlement", "worker"],
      ["reconciler", "worker"],
    ]);
    expect(ofType(run, "slipway:service:Service")).toHaveLength(3);
    expect(ofType(run, "slipway:static-site:StaticSite")).toHaveLength(0);
    expect(ofType(run, "aws:cloudfront/distribution:Distribution")).toHaveLength(0);
    expect(outputs.frontend).toBeUndefined();
    expect(outputs.database).toMatchObject({ name: "ledger-db", engineVersion: "16" });
  });

  it("uses one provider (no CloudFront certificate to make) carrying the ledger's tags", () => {
    const providers = ofType(run, "pulumi:providers:aws");
    expect(providers.map((p) => p.name)).toEqual(["aws"]);
    const raw = providers[0].inputs.defaultTags;
    const tags = (typeof raw === "string" ? JSON.parse(raw) : raw) as { tags: Record<string, string> };
    expect(tags.tags).toMatchObject({
      Project: "ledger",
      Owner: "payments-platform",
      Team: "ledger",
      DataClassification: "restricted",
      Compliance: "PCI-DSS SOC2",
    });
  });

  it("runs the canary: two API colours with their versions, 90/10 weights, idle header route", () => {
    const api = outputs.services[0];
    expect(api).toMatchObject({
      versions: { blue: "2.7.1", green: "2.8.0" },
      activeColour: "blue",
      idleWeight: 10,
      idleRoute: { value: "green" },
      url: "https://api.staging.taskflow.example.com",
      healthCheckUrl: "https://api.staging.taskflow.example.com/healthz",
    });
    expect(outputs.strategy).toBe("canary");
    expect(outputs.version).toBe("2.7.1");
    const weights = JSON.stringify(ofType(run, "aws:lb/listenerRule:ListenerRule").map((r) => r.inputs));
    expect(weights).toMatch(/"weight":90/);
    expect(weights).toMatch(/"weight":10/);
  });

  it("keeps workers off the load balancer, on one colour each", () => {
    for (const w of outputs.services.slice(1)) {
      expect(Object.keys(w.ecsServices)).toEqual(["blue"]);
      expect(w.url).toBeUndefined();
    }
    const tgs = ofType(run, "aws:lb/targetGroup:TargetGroup");
    expect(tgs).toHaveLength(2);
    for (const tg of tgs) {
      expect(tg.name).toContain("ledger-api");
      expect(tg.inputs.port).toBe(3000);
      expect(JSON.stringify(tg.inputs.healthCheck)).toContain("/healthz");
    }
  });

  it("takes each service's image from the ECR repo, an explicit URI, or an awsx build", () => {
    const image = (td: string) => {
      const r = ofType(run, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === td)!;
      return (JSON.parse(String(r.inputs.containerDefinitions)) as { name: string; image: string }[]).find(
        (c) => c.name === "app",
      )!.image;
    };
    expect(image("ledger-staging-ledger-api-td-blue")).toMatch(
      /\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/.*:2\.7\.1$/,
    );
    expect(image("ledger-staging-ledger-api-td-green")).toMatch(/:2\.8\.0$/);
    expect(image("ledger-staging-settlement-td-blue")).toBe(
      `ghcr.io/acme/settlement@sha256:${"a".repeat(64)}`,
    );
    const builds = ofType(run, "awsx:ecr:Image");
    expect(builds).toHaveLength(1);
    expect(String(builds[0].inputs.context)).toMatch(/test\/fixtures\/releases\/ledger-build$/);
    expect(outputs.services[1]).toMatchObject({ cpu: 256, memory: 1024 });
  });

  it("sets the release's plain variables and secrets, and leaves optional ones unset", () => {
    const td = ofType(run, "aws:ecs/taskDefinition:TaskDefinition").find((r) =>
      r.name.includes("settlement"),
    )!;
    const defs = JSON.parse(String(td.inputs.containerDefinitions)) as {
      name: string;
      environment: { name: string; value: string }[];
      secrets: { name: string }[];
    }[];
    const app = defs.find((d) => d.name === "app")!;
    const env = Object.fromEntries(app.environment.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ PORT: "3000", SETTLEMENT_CUTOFF: "16:00" });
    expect(env).not.toHaveProperty("SENTRY_DSN");
    expect(env).not.toHaveProperty("WEBHOOK_SIGNING_SECRET");
    expect(app.secrets.map((s) => s.name).sort()).toEqual([
      "BANK_API_TOKEN",
      "DATABASE_URL",
      "PGPASSWORD",
      "PGUSER",
      "WEBHOOK_SIGNING_SECRET",
    ]);
  });

  it("rotates the configured secret with its Lambda, and only that one", () => {
    const rotations = ofType(run, "aws:secretsmanager/secretRotation:SecretRotation");
    expect(rotations).toHaveLength(1);
    expect(rotations[0].name).toBe("ledger-staging-env-bank-api-token-rotation");
    expect(rotations[0].inputs).toMatchObject({
      rotationLambdaArn: ROTATION_LAMBDA,
      rotationRules: { automaticallyAfterDays: 30 },
    });
  });

  it("keeps a secret-looking default out of every task definition, in Secrets Manager as a secret", () => {
    for (const td of ofType(run, "aws:ecs/taskDefinition:TaskDefinition"))
      expect(String(td.inputs.containerDefinitions)).not.toContain("local-dev-webhook-secret");
    const stored = ofType(run, "aws:secretsmanager/secretVersion:SecretVersion").filter(
      (v) => unwrapSecret(v.inputs.secretString) === "local-dev-webhook-secret",
    );
    expect(stored).toHaveLength(1);
    expect(isSecretInput(stored[0].inputs.secretString)).toBe(true);
    expect(run.warnings.join("\n")).toContain("WEBHOOK_SIGNING_SECRET looks like a secret");
    expect(run.warnings.join("\n")).not.toContain("local-dev-webhook-secret");
  });

  it("defines the migration task on the API only (the stack file sets a migration command)", () => {
    expect(outputs.services[0].migrationTaskDefinition).toEqual(expect.any(String));
    expect(outputs.services[1].migrationTaskDefinition).toBeUndefined();
    // The revision this update registers (the task definition's ARN), which the pipeline runs exactly.
    expect(outputs.services[0].migrationTaskDefinitionArn).toEqual(expect.stringMatching(/^arn:/));
    expect(outputs.services[1].migrationTaskDefinitionArn).toBeUndefined();
  });
});

describe("ledger release without a domain, rolling", () => {
  let run: ProgramRun;
  let outputs: StackOutputs;
  beforeAll(async () => {
    run = await runProgram({
      stack: "dev",
      useStackFile: false,
      config: {
        "aws:region": "eu-central-1",
        "slipway:environmentType": "development",
        "slipway:artifactsDir": LEDGER_RELEASE,
        "slipway:strategy": "rolling",
      },
    });
    outputs = run.outputs as unknown as StackOutputs;
  });

  it("is a development stack (its slipway:environmentType)", () => {
    expect(outputs).toMatchObject({
      environment: "dev",
      environmentType: "development",
      region: "eu-central-1",
    });
  });

  it("runs one colour per service under the rolling override", () => {
    expect(outputs.strategy).toBe("rolling");
    for (const s of outputs.services) {
      expect(Object.keys(s.ecsServices)).toEqual(["blue"]);
      expect(s.idleRoute).toBeUndefined();
    }
  });

  it("serves the API on the load balancer's name over plain HTTP, says so, and has no certificate", () => {
    expect(outputs.tls).toEqual({ enabled: false });
    expect(outputs.services[0].url).toMatch(/^http:\/\/.*\.elb\.amazonaws\.com$/);
    expect(ofType(run, "aws:acm/certificate:Certificate")).toHaveLength(0);
    expect(run.warnings.join("\n")).toMatch(/no slipway:domain: .*HTTP/);
    expect(run.warnings.join("\n")).toMatch(/pending migration\(s\) but slipway:migrationCommand is not set/);
    expect(outputs.services.every((s) => s.migrationTaskDefinition === undefined)).toBe(true);
  });
});

describe("ledger release: production differs from staging", () => {
  let staging: ProgramRun;
  let production: ProgramRun;
  beforeAll(async () => {
    const config = { "slipway:artifactsDir": LEDGER_RELEASE };
    staging = await runProgram({ stack: "staging", config });
    production = await runProgram({ stack: "production", config });
  });
  const both = <T>(pick: (run: ProgramRun) => T): [T, T] => [pick(staging), pick(production)];
  const services = (run: ProgramRun) => (run.outputs as unknown as StackOutputs).services;

  it("spreads over 2 vs 3 AZs with one shared vs one NAT gateway per AZ, endpoints only in production", () => {
    expect(both((r) => ofType(r, "aws:ec2/subnet:Subnet").length)).toEqual([6, 9]);
    expect(both((r) => ofType(r, "aws:ec2/natGateway:NatGateway").length)).toEqual([1, 3]);
    expect(both((r) => ofType(r, "aws:ec2/vpcEndpoint:VpcEndpoint").length > 0)).toEqual([false, true]);
  });

  it("runs a small single-AZ database vs a Multi-AZ, protected one with longer backups", () => {
    const [s, p] = both((r) => ofType(r, "aws:rds/instance:Instance")[0].inputs);
    expect(s).toMatchObject({ multiAz: false, backupRetentionPeriod: 7, deletionProtection: false });
    expect(p).toMatchObject({ multiAz: true, backupRetentionPeriod: 30, deletionProtection: true });
    expect([s.instanceClass, p.instanceClass]).toEqual(["db.t4g.small", "db.r6g.large"]);
  });

  it("scales every service, workers included, from one task to highly available counts", () => {
    const sizes = (run: ProgramRun) =>
      services(run).map((s) => [s.name, s.cpu, s.memory, s.desiredCount] as const);
    expect(sizes(staging)).toEqual([
      ["ledger-api", 256, 512, 1],
      ["settlement", 256, 512, 1],
      ["reconciler", 256, 512, 1],
    ]);
    expect(sizes(production)).toEqual([
      ["ledger-api", 512, 1024, 2],
      ["settlement", 512, 1024, 2],
      ["reconciler", 512, 1024, 2],
    ]);
    const bounds = (run: ProgramRun, part: string) =>
      ofType(run, "aws:appautoscaling/target:Target")
        .filter((t) => String(t.inputs.resourceId).includes(part))
        .map((t) => [t.inputs.minCapacity, t.inputs.maxCapacity]);
    expect(both((r) => bounds(r, "-reconciler"))).toEqual([[[1, 1]], [[2, 4]]]);
    expect(both((r) => bounds(r, "-ledger-api-"))).toEqual([
      [
        [1, 2],
        [1, 2],
      ],
      [
        [2, 6],
        [2, 6],
      ],
    ]);
  });

  it("protects the load balancer and keeps logs longer in production", () => {
    expect(
      both((r) => ofType(r, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.enableDeletionProtection),
    ).toEqual([false, true]);
    expect(both((r) => (r.outputs as unknown as StackOutputs).logRetentionDays)).toEqual([14, 90]);
  });
});
