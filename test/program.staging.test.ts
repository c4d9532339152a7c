/**
 * The program for the bundled example release on the staging stack, under the mock runtime:
 * topology from the packet, staging sizes, standard tags through the providers, the stack outputs
 * contract, and no secret in the outputs.
 */
import type { StackOutputs } from "../outputs";
import { type ProgramRun, isSecretInput, ofType, runProgram, unwrapSecret } from "./fixtures/program";

/** Every key of StackOutputs (the contract in outputs.ts). */
export const STACK_OUTPUT_KEYS: readonly (keyof StackOutputs)[] = [
  "project",
  "environment",
  "environmentType",
  "region",
  "version",
  "strategy",
  "services",
  "frontend",
  "database",
  "alarms",
  "dashboardUrl",
  "logRetentionDays",
  "tls",
  "resourceSummary",
];

let run: ProgramRun;
let outputs: StackOutputs;
const SLACK = "https://hooks.slack.example/services/T000/B000/very-secret-staging-token";

beforeAll(async () => {
  run = await runProgram({
    stack: "staging",
    config: { "slipway:alertSlackWebhookUrl": SLACK },
    secretKeys: ["slipway:alertSlackWebhookUrl"],
  });
  outputs = run.outputs as unknown as StackOutputs;
});

function containers(taskDefName: string): { name: string; [k: string]: unknown }[] {
  const td = ofType(run, "aws:ecs/taskDefinition:TaskDefinition").find((r) => r.name === taskDefName);
  if (!td) throw new Error(`no task definition ${taskDefName}`);
  const defs = td.inputs.containerDefinitions;
  return (typeof defs === "string" ? JSON.parse(defs) : defs) as { name: string; [k: string]: unknown }[];
}

describe("outputs contract", () => {
  it("exports exactly the StackOutputs keys", () => {
    expect(Object.keys(run.outputs).sort()).toEqual([...STACK_OUTPUT_KEYS].sort());
  });

  it("identifies the release and the stack", () => {
    expect(outputs).toMatchObject({
      project: "taskflow",
      environment: "staging",
      environmentType: "staging",
      region: "eu-west-1",
      version: "1.4.0",
      strategy: "blue_green",
      logRetentionDays: 14,
    });
    expect(outputs.tls).toEqual({
      enabled: true,
      domain: "staging.taskflow.example.com",
      certificateArn: expect.stringMatching(/^arn:aws:acm:eu-west-1:/),
    });
    expect(outputs.dashboardUrl).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\//);
  });

  it("describes every service: the API on two colours behind the ALB, the worker not reachable", () => {
    expect(outputs.services.map((s) => [s.name, s.kind])).toEqual([
      ["api", "api"],
      ["worker", "worker"],
    ]);
    const [api, worker] = outputs.services;
    expect(api).toMatchObject({
      ecsServices: { blue: expect.any(String), green: expect.any(String) },
      versions: { blue: "1.4.0", green: "1.4.0" },
      activeColour: "blue",
      idleWeight: 0,
      url: "https://api.staging.taskflow.example.com",
      healthCheckUrl: "https://api.staging.taskflow.example.com/health",
      idleRoute: { header: expect.any(String), value: "green" },
      cpu: 256,
      memory: 512,
      desiredCount: 1,
      migrationTaskDefinition: expect.any(String),
      networkConfiguration: { subnets: expect.any(Array), securityGroups: expect.any(Array) },
    });
    expect(api.networkConfiguration!.subnets).toHaveLength(2);
    expect(worker.url).toBeUndefined();
    expect(worker.healthCheckUrl).toBeUndefined();
    expect(Object.keys(worker.ecsServices)).toEqual(["blue"]);
  });

  it("describes the frontend and the database without any credential", () => {
    expect(outputs.frontend).toEqual({
      name: "web",
      url: "https://staging.taskflow.example.com",
      bucketName: expect.any(String),
      distributionId: expect.any(String),
    });
    expect(outputs.database).toMatchObject({
      name: "db",
      port: 5432,
      engineVersion: "16",
      multiAz: false,
      backupRetentionDays: 7,
      masterSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/),
    });
  });

  it("lists alarms with the role document's thresholds and the QA baseline", () => {
    const names = outputs.alarms.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "taskflow-staging-api-error-rate-critical",
        "taskflow-staging-api-latency-p95-critical",
        "taskflow-staging-db-free-storage-low",
        // The ALB's own 5xx (docs/runbooks/on-call.md): the load balancer is shared by the APIs.
        "taskflow-staging-alb-5xx-rate-critical",
        "taskflow-staging-alb-5xx-rate-warning",
      ]),
    );
    const latency = outputs.alarms.find((a) => a.name === "taskflow-staging-api-latency-p95-critical")!;
    expect(latency.condition).toContain("180 ms");
  });

  it("counts resources by type", () => {
    expect(outputs.resourceSummary["aws:ecs/service:Service"]).toBe(3);
    expect(outputs.resourceSummary["aws:rds/instance:Instance"]).toBe(1);
    expect(outputs.resourceSummary["aws:cloudfront/distribution:Distribution"]).toBe(1);
    const total = Object.values(outputs.resourceSummary).reduce((a, b) => a + b, 0);
    // Every registration except the stack itself is counted.
    expect(total).toBe(run.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").length);
  });

  it("holds no secret value and no secret output", () => {
    expect(run.secretOutputs).toEqual([]);
    const text = JSON.stringify({ ...run.outputs, resourceSummary: undefined });
    expect(text).not.toContain("very-secret-staging-token");
    expect(text).not.toMatch(/password|BEGIN [A-Z ]*PRIVATE KEY/i);
    // No generated secret value either.
    for (const v of ofType(run, "aws:secretsmanager/secretVersion:SecretVersion")) {
      const value = String(unwrapSecret(v.inputs.secretString));
      expect(value.length).toBeGreaterThan(8);
      expect(text).not.toContain(value);
    }
  });
});

describe("topology from the packet", () => {
  it("builds one service per backend component, a static site and an RDS instance", () => {
    expect(ofType(run, "slipway:service:Service").map((r) => r.name)).toEqual([
      "taskflow-staging-api",
      "taskflow-staging-worker",
    ]);
    expect(ofType(run, "slipway:static-site:StaticSite").map((r) => r.name)).toEqual([
      "taskflow-staging-web",
    ]);
    expect(ofType(run, "aws:rds/instance:Instance")).toHaveLength(1);
    // Blue and green API services plus the worker; only the API has target groups.
    expect(
      ofType(run, "aws:ecs/service:Service")
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/api.*blue/), expect.stringMatching(/api.*green/)]),
    );
    expect(ofType(run, "aws:lb/targetGroup:TargetGroup").every((r) => r.name.includes("-api-"))).toBe(true);
    expect(ofType(run, "aws:lb/targetGroup:TargetGroup")).toHaveLength(2);
  });

  it("routes /api/* from CloudFront to the API over HTTPS", () => {
    const dist = ofType(run, "aws:cloudfront/distribution:Distribution")[0];
    const text = JSON.stringify(dist.inputs);
    expect(text).toContain("/api/*");
    expect(text).toContain("api.staging.taskflow.example.com");
    expect(text).toContain("https-only");
  });

  it("passes plain env vars as environment and secrets by ARN, with the database credentials from the RDS secret", () => {
    const app = containers("taskflow-staging-api-td-blue").find((c) => c.name === "app")!;
    const env = Object.fromEntries(
      (app.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({ PORT: "8080", LOG_LEVEL: "info" });
    expect(env).not.toHaveProperty("DATABASE_URL");
    expect(env).not.toHaveProperty("JWT_SIGNING_KEY");
    const secrets = Object.fromEntries(
      (app.secrets as { name: string; valueFrom: string }[]).map((s) => [s.name, s.valueFrom]),
    );
    expect(Object.keys(secrets).sort()).toEqual(
      ["DATABASE_URL", "JWT_SIGNING_KEY", "PGPASSWORD", "PGUSER"].sort(),
    );
    expect(secrets.DATABASE_URL).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:/);
    expect(secrets.PGPASSWORD).toMatch(/^arn:aws:secretsmanager:.*rds!db-.*:password::$/);
    expect(secrets.PGUSER).toMatch(/:username::$/);
  });

  it("stores the database URL without credentials and generates the other secrets", () => {
    const versions = ofType(run, "aws:secretsmanager/secretVersion:SecretVersion");
    expect(versions).toHaveLength(2);
    expect(versions.every((v) => isSecretInput(v.inputs.secretString))).toBe(true);
    const url = versions
      .map((v) => String(unwrapSecret(v.inputs.secretString)))
      .find((s) => s.startsWith("postgresql://"));
    expect(url).toMatch(/^postgresql:\/\/[^:@/]+\.rds\.amazonaws\.com:5432\/taskflow\?sslmode=require$/);
    // JWT_SIGNING_KEY only: SES_FROM_ADDRESS is not a secret, so it is never generated (listed as unfilled).
    expect(ofType(run, "random:index/randomPassword:RandomPassword")).toHaveLength(1);
  });

  it("defines the migration task with the configured command", () => {
    const migration = ofType(run, "aws:ecs/taskDefinition:TaskDefinition").find((r) => /migrat/.test(r.name));
    expect(migration).toBeDefined();
    expect(JSON.stringify(migration!.inputs.containerDefinitions)).toContain("npm run migrate");
  });

  it("warns about what is not configured, never with a value", () => {
    expect(run.warnings.join("\n")).toContain("SES_FROM_ADDRESS");
    expect(run.warnings.join("\n")).not.toContain("very-secret");
  });
});

describe("staging sizes", () => {
  it("spreads over 2 AZs with one shared NAT gateway and no interface endpoints", () => {
    expect(ofType(run, "aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(ofType(run, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect(ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint")).toHaveLength(0);
  });

  it("runs a small single-AZ database with 7-day backups, deletable", () => {
    const db = ofType(run, "aws:rds/instance:Instance")[0].inputs;
    expect(db).toMatchObject({
      instanceClass: "db.t4g.small",
      multiAz: false,
      backupRetentionPeriod: 7,
      deletionProtection: false,
      storageEncrypted: true,
    });
  });

  it("runs one task per service and keeps logs 14 days", () => {
    for (const svc of ofType(run, "aws:ecs/service:Service")) expect(svc.inputs.desiredCount).toBe(1);
    const serviceLogs = ofType(run, "aws:cloudwatch/logGroup:LogGroup").filter((r) =>
      /api|worker/.test(r.name),
    );
    expect(serviceLogs.length).toBeGreaterThan(0);
    for (const lg of serviceLogs) expect(lg.inputs.retentionInDays).toBe(14);
  });

  it("keeps the ALB deletable in staging", () => {
    expect(ofType(run, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.enableDeletionProtection).toBe(false);
  });

  it("subscribes the Slack endpoint as a secret (three topics here, critical and warning in us-east-1)", () => {
    const subs = ofType(run, "aws:sns/topicSubscription:TopicSubscription");
    expect(subs.length).toBe(5);
    for (const s of subs) {
      expect(isSecretInput(s.inputs.endpoint)).toBe(true);
      expect(unwrapSecret(s.inputs.endpoint)).toBe(SLACK);
    }
  });
});

describe("tags", () => {
  it("puts the standard tags on both providers' default tags", () => {
    const providers = ofType(run, "pulumi:providers:aws");
    expect(providers.map((p) => p.name).sort()).toEqual(["aws", "aws-us-east-1"]);
    for (const p of providers) {
      const raw = p.inputs.defaultTags;
      const tags = (typeof raw === "string" ? JSON.parse(raw) : raw) as { tags: Record<string, string> };
      expect(tags.tags).toEqual({
        Project: "taskflow",
        Environment: "staging",
        Owner: "platform",
        Team: "taskflow",
        DataClassification: "confidential",
        Compliance: "GDPR SOC2",
        ManagedBy: "pulumi/slipway",
      });
    }
    expect(providers.find((p) => p.name === "aws")!.inputs.region).toBe("eu-west-1");
    expect(providers.find((p) => p.name === "aws-us-east-1")!.inputs.region).toBe("us-east-1");
  });

  it("creates every AWS resource through one of the tagged providers", () => {
    const ours = Object.values(run.providers);
    const awsResources = run.registrations.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(awsResources.length).toBeGreaterThan(100);
    const untagged = awsResources.filter((r) => !ours.some((u) => (r.provider ?? "").startsWith(`${u}::`)));
    expect(untagged.map((r) => `${r.type} ${r.name}`)).toEqual([]);
  });

  it("creates the CloudFront certificate and CloudFront's alarms in us-east-1, the rest in the stack region", () => {
    const east = run.registrations.filter((r) =>
      (r.provider ?? "").startsWith(`${run.providers["aws-us-east-1"]}::`),
    );
    expect(east.map((r) => r.type)).toEqual(
      expect.arrayContaining(["aws:acm/certificate:Certificate", "aws:cloudwatch/metricAlarm:MetricAlarm"]),
    );
    expect(east.every((r) => /acm|route53|cloudwatch\/metricAlarm|sns\/|kms\//.test(r.type))).toBe(true);
    const alarms = east.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((r) => (r.inputs.name as string).replace(/^.*-site-/, "site-")).sort()).toEqual([
      "site-cdn-5xx-rate-critical",
      "site-cdn-5xx-rate-warning",
      "site-certificate-expiry-critical",
      "site-certificate-expiry-warning",
    ]);
  });
});
