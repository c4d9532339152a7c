/**
 * The program for the bundled example on the production stack, with alert endpoints and an env var
 * secret set as config secrets: production sizes and protections (vs staging), alerts subscribed as
 * secrets, configured secret values stored as secrets and never in the outputs.
 */
// @ts-nocheck

import type { StackOutputs } from "../outputs";
import { type ProgramRun, isSecretInput, ofType, runProgram, unwrapSecret } from "./fixtures/program";

const PAGERDUTY = "https://events.pagerduty.com/integration/0123456789abcdef/enqueue";
const JWT = "prod-jwt-signing-key-do-not-leak-0123456789";
let run: ProgramRun;
let outputs: StackOutputs;

beforeAll(async () => {
  run = await runProgram({
    stack: "production",
    config: {
      "slipway:alertPagerDutyUrl": PAGERDUTY,
      "slipway:alertEmails": "oncall@example.com",
      "slipway:secrets": JSON.stringify({ JWT_SIGNING_KEY: JWT, SES_FROM_ADDRESS: "reminders@example.com" }),
    },
    secretKeys: ["slipway:alertPagerDutyUrl", "slipway:alertEmails", "slipway:secrets"],
  });
  outputs = run.outputs as unknown as StackOutputs;
});

describe("production is highly available", () => {
  it("spreads over 3 AZs with a NAT gateway per AZ and VPC endpoints", () => {
    expect(ofType(run, "aws:ec2/subnet:Subnet")).toHaveLength(9);
    expect(ofType(run, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    const endpoints = ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => String(r.inputs.serviceName));
    expect(endpoints).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.s3$/),
        expect.stringMatching(/ecr\.api$/),
        expect.stringMatching(/ecr\.dkr$/),
        expect.stringMatching(/secretsmanager$/),
        expect.stringMatching(/logs$/),
      ]),
    );
  });

  it("runs a Multi-AZ, deletion-protected database with 30-day backups and a final snapshot", () => {
    const db = ofType(run, "aws:rds/instance:Instance")[0].inputs;
    expect(db).toMatchObject({
      instanceClass: "db.r6g.large",
      multiAz: true,
      backupRetentionPeriod: 30,
      deletionProtection: true,
      skipFinalSnapshot: false,
      storageEncrypted: true,
    });
    expect(outputs.database).toMatchObject({ multiAz: true, backupRetentionDays: 30 });
  });

  it("runs 2-6 API tasks per colour and 2 worker tasks", () => {
    const services = ofType(run, "aws:ecs/service:Service");
    for (const s of services) expect(s.inputs.desiredCount).toBe(2);
    const targets = ofType(run, "aws:appautoscaling/target:Target");
    const api = targets.filter((t) => String(t.inputs.resourceId).includes("-api-"));
    expect(api.length).toBe(2);
    for (const t of api) expect([t.inputs.minCapacity, t.inputs.maxCapacity]).toEqual([2, 6]);
    expect(outputs.services.find((s) => s.name === "api")).toMatchObject({
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
    });
  });

  it("protects the load balancer and keeps logs 90 days", () => {
    expect(ofType(run, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.enableDeletionProtection).toBe(true);
    expect(outputs.logRetentionDays).toBe(90);
    const serviceLogs = ofType(run, "aws:cloudwatch/logGroup:LogGroup").filter((r) =>
      /-(api|worker)-/.test(r.name),
    );
    for (const lg of serviceLogs) expect(lg.inputs.retentionInDays).toBe(90);
  });

  it("serves the production domain over HTTPS", () => {
    expect(outputs).toMatchObject({ environment: "production", environmentType: "production" });
    expect(outputs.tls).toMatchObject({ enabled: true, domain: "taskflow.example.com" });
    expect(outputs.frontend?.url).toBe("https://taskflow.example.com");
    expect(outputs.services[0].url).toBe("https://api.taskflow.example.com");
    const listeners = ofType(run, "aws:lb/listener:Listener");
    expect(listeners.map((l) => l.inputs.protocol).sort()).toEqual(["HTTP", "HTTPS"]);
  });
});

describe("secrets in production", () => {
  it("subscribes PagerDuty and e-mail as secret endpoints", () => {
    const subs = ofType(run, "aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => s.inputs.protocol).sort()).toEqual(expect.arrayContaining(["email", "https"]));
    for (const s of subs) expect(isSecretInput(s.inputs.endpoint)).toBe(true);
    expect(subs.map((s) => unwrapSecret(s.inputs.endpoint))).toContain(PAGERDUTY);
  });

  it("stores configured secret values as secrets, generates none of them", () => {
    const versions = ofType(run, "aws:secretsmanager/secretVersion:SecretVersion");
    const values = versions.map((v) => unwrapSecret(v.inputs.secretString));
    expect(values).toContain(JWT);
    expect(values).toContain("reminders@example.com");
    expect(versions.every((v) => isSecretInput(v.inputs.secretString))).toBe(true);
    expect(ofType(run, "random:index/randomPassword:RandomPassword")).toHaveLength(0);
  });

  it("never puts a secret value in the outputs", () => {
    const text = JSON.stringify(run.outputs);
    for (const secret of [PAGERDUTY, JWT, "oncall@example.com", "0123456789abcdef"])
      expect(text).not.toContain(secret);
    expect(run.secretOutputs).toEqual([]);
  });

  it("does not warn about alerts or placeholders any more", () => {
    const text = run.warnings.join("\n");
    expect(text).not.toContain("no alert endpoint");
    expect(text).not.toContain("placeholder");
    expect(text).not.toContain(JWT);
  });
});
