import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "staging", false);

import { Cluster } from "./cluster";
import { resolveServiceArgs, Service, type ServiceArgs } from "./service";

const { settle, ofType: of, named } = inspect(registrations);
type Def = Record<string, unknown> & { name: string };
function defs(tdName: string): Def[] {
  return JSON.parse(named(tdName).inputs.containerDefinitions as string);
}

const SECRET_DB = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
const SECRET_JWT = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-AbCdEf";

let platform: Cluster;
beforeAll(async () => {
  platform = new Cluster("plat", {
    vpcId: "vpc-1",
    publicSubnetIds: ["pub-a", "pub-b"],
    privateSubnetIds: ["app-a", "app-b"],
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
    domainName: "api.example.com",
    allowPublicIngress: true,
    containerPorts: [8080, 3000],
  });
  await value(platform.baseUrl);
});

function args(overrides: Partial<ServiceArgs> = {}): ServiceArgs {
  return {
    platform,
    kind: "api",
    strategy: "blue_green",
    release: { version: "1.0.0" },
    environment: { NODE_ENV: "production", PORT: "8080" },
    secrets: [
      { name: "DATABASE_URL", valueFrom: SECRET_DB },
      { name: "JWT_SECRET", valueFrom: `${SECRET_JWT}:key::` },
    ],
    ...overrides,
  };
}

async function build(name: string, a: ServiceArgs): Promise<Service> {
  const s = new Service(name, a);
  await value(s.networkConfiguration);
  for (const n of Object.values(s.ecsServiceNames)) await value(n!);
  await settle();
  return s;
}

describe("blue_green API service: two colours", () => {
  let svc: Service;
  beforeAll(async () => {
    svc = await build(
      "bg",
      args({
        release: { version: "1.0.0", idleVersion: "1.1.0" },
        migration: { command: ["npm", "run", "migrate"] },
      }),
    );
  });

  test("two task definitions, two ECS services, two target groups, blue and green", () => {
    expect(
      of("bg", "aws:ecs/taskDefinition:TaskDefinition")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["bg-td-blue", "bg-td-green", "bg-td-migrate"]);
    expect(
      of("bg", "aws:ecs/service:Service")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["bg-blue", "bg-green"]);
    expect(
      of("bg", "aws:lb/targetGroup:TargetGroup")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["bg-tg-blue", "bg-tg-green"]);
  });

  test("each colour runs its own version from the service's repository", async () => {
    const repoUrl = await value(svc.repositoryUrl);
    expect(repoUrl).toMatch(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\//);
    expect(defs("bg-td-blue")[0].image).toBe(`${repoUrl}:1.0.0`);
    expect(defs("bg-td-green")[0].image).toBe(`${repoUrl}:1.1.0`);
    expect(svc.versions).toEqual({ blue: "1.0.0", green: "1.1.0" });
  });

  test("weighted forward rule: active blue 100, idle green 0; header rule reaches green first", () => {
    const blueArn = named("bg-tg-blue").outputs.arn;
    const greenArn = named("bg-tg-green").outputs.arn;
    const idle = named("bg-rule-idle-route").inputs;
    const forward = named("bg-rule-forward").inputs;
    expect(idle.priority).toBe(100);
    expect(forward.priority).toBe(101);
    expect(idle.listenerArn).toBe(
      of("plat", "aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!.outputs.arn,
    );
    expect(idle.conditions).toEqual([
      { pathPattern: { values: ["/*"] } },
      { httpHeader: { httpHeaderName: "x-slipway-colour", values: ["green"] } },
    ]);
    expect(idle.actions).toEqual([
      {
        type: "forward",
        forward: {
          targetGroups: [{ arn: greenArn, weight: 100 }],
          stickiness: { enabled: false, duration: 1 },
        },
      },
    ]);
    expect(forward.conditions).toEqual([{ pathPattern: { values: ["/*"] } }]);
    expect(forward.actions).toEqual([
      {
        type: "forward",
        forward: {
          targetGroups: [
            { arn: blueArn, weight: 100 },
            { arn: greenArn, weight: 0 },
          ],
          stickiness: { enabled: false, duration: 1 },
        },
      },
    ]);
    expect(svc.idleRoute).toEqual({ header: "x-slipway-colour", value: "green" });
  });

  test("target group ARN suffixes per colour (CloudWatch dimensions for the alarms)", async () => {
    expect(await value(svc.targetGroupArnSuffixes.blue!)).toBe(named("bg-tg-blue").outputs.arnSuffix);
    expect(await value(svc.targetGroupArnSuffixes.green!)).toMatch(/^targetgroup\/bg-tg-green\//);
    expect(await value(platform.albArnSuffix)).toMatch(/^app\/plat-alb\//);
  });

  test("target groups: ip targets on the container port with the HTTP health check path", () => {
    for (const c of ["blue", "green"]) {
      const tg = named(`bg-tg-${c}`).inputs;
      expect(tg).toMatchObject({ port: 8080, protocol: "HTTP", targetType: "ip", vpcId: "vpc-1" });
      expect(tg.healthCheck).toMatchObject({
        enabled: true,
        path: "/health",
        protocol: "HTTP",
        matcher: "200-399",
      });
    }
  });

  test("ECS services: Fargate in private subnets, no public IP, circuit breaker with rollback, behind their target group", () => {
    for (const c of ["blue", "green"]) {
      const s = named(`bg-${c}`).inputs;
      const tdArn = named(`bg-td-${c}`).outputs.arn;
      expect(s.launchType).toBe("FARGATE");
      expect(s.taskDefinition).toBe(tdArn);
      expect(s.cluster).toBe(of("plat", "aws:ecs/cluster:Cluster")[0].outputs.arn);
      expect(s.networkConfiguration).toEqual({
        subnets: ["app-a", "app-b"],
        securityGroups: ["bg-sg-id" /* the mock id of the service's own group */],
        assignPublicIp: false,
      });
      expect(s.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      expect(s.enableExecuteCommand).toBe(false);
      expect(s.desiredCount).toBe(2);
      expect(s.loadBalancers).toEqual([
        { targetGroupArn: named(`bg-tg-${c}`).outputs.arn, containerName: "app", containerPort: 8080 },
      ]);
    }
  });

  test("own security group: ingress only from the ALB on its port, the ALB's egress to it, HTTPS egress by default", async () => {
    const sgId = await value(svc.securityGroupId);
    const albSgId = await value(platform.albSecurityGroupId);
    const ingress = of("bg", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(
      ingress.map((r) => [
        r.inputs.securityGroupId,
        r.inputs.referencedSecurityGroupId,
        r.inputs.fromPort,
        r.inputs.toPort,
        r.inputs.cidrIpv4,
      ]),
    ).toEqual([[sgId, albSgId, 8080, 8080, undefined]]);
    const egress = of("bg", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
    expect(
      egress.map((r) => [
        r.inputs.securityGroupId,
        r.inputs.fromPort,
        r.inputs.cidrIpv4,
        r.inputs.referencedSecurityGroupId,
      ]),
    ).toEqual([
      [sgId, 443, "0.0.0.0/0", undefined],
      [albSgId, 8080, undefined, sgId],
    ]);
    expect(await value(svc.securityGroupId)).toBe(sgId);
  });

  test("CPU target-tracking autoscaling per colour with default bounds", () => {
    const targets = of("bg", "aws:appautoscaling/target:Target");
    expect(targets.map((t) => t.name).sort()).toEqual(["bg-blue-scaling", "bg-green-scaling"]);
    for (const t of targets) {
      expect(t.inputs).toMatchObject({
        minCapacity: 2,
        maxCapacity: 4,
        scalableDimension: "ecs:service:DesiredCount",
      });
      expect(t.inputs.resourceId).toMatch(/^service\/plat-cluster\/bg-(blue|green)$/);
    }
    for (const p of of("bg", "aws:appautoscaling/policy:Policy")) {
      expect(p.inputs.policyType).toBe("TargetTrackingScaling");
      expect(p.inputs.targetTrackingScalingPolicyConfiguration).toMatchObject({
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        targetValue: 60,
      });
    }
  });

  test("task definition: Fargate, awsvpc, sizes, roles, hardened app container with secrets by ARN", () => {
    const td = named("bg-td-blue").inputs;
    expect(td).toMatchObject({
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      family: "staging-bg-blue",
      executionRoleArn: named("bg-execution-role").outputs.arn,
      taskRoleArn: named("bg-task-role").outputs.arn,
      volumes: [{ name: "scratch-tmp" }],
    });
    const [app] = defs("bg-td-blue");
    expect(app).toMatchObject({
      name: "app",
      user: "1000:1000",
      readonlyRootFilesystem: true,
      privileged: false,
      environment: [
        { name: "NODE_ENV", value: "production" },
        { name: "PORT", value: "8080" },
      ],
      secrets: [
        { name: "DATABASE_URL", valueFrom: SECRET_DB },
        { name: "JWT_SECRET", valueFrom: `${SECRET_JWT}:key::` },
      ],
      portMappings: [{ containerPort: 8080, protocol: "tcp", name: "http" }],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/ecs/staging-bg",
          "awslogs-region": "eu-west-1",
          "awslogs-stream-prefix": "blue",
        },
      },
    });
    // No container health check by default: the image may have no curl or shell (issue 11).
    expect(app.healthCheck).toBeUndefined();
    expect(JSON.stringify(defs("bg-td-blue"))).not.toContain("aws-otel-collector");
  });

  test("ECR repository: immutable tags, scan on push, KMS, lifecycle policy; log group retention", () => {
    const repo = named("bg-repo").inputs;
    expect(repo.imageTagMutability).toBe("IMMUTABLE");
    expect(repo.imageScanningConfiguration).toEqual({ scanOnPush: true });
    expect(repo.encryptionConfigurations).toEqual([{ encryptionType: "KMS" }]);
    expect(repo.forceDelete).toBe(false);
    expect(named("bg-repo-lifecycle").inputs.repository).toBe(named("bg-repo").outputs.name);
    expect(named("bg-repo-lifecycle").inputs.repository).toEqual(expect.any(String));
    const lifecycle = JSON.parse(named("bg-repo-lifecycle").inputs.policy as string);
    expect(lifecycle.rules[2].selection.countNumber).toBe(50);
    expect(lifecycle.rules[0].selection.tagPrefixList).toEqual(["deployed-"]);
    expect(named("bg-logs").inputs).toMatchObject({ name: "/ecs/staging-bg", retentionInDays: 30 });
  });

  test("execution role: trust limited to ECS tasks of the account; pull one repo, write one log group, read exactly the secrets", () => {
    const trust = JSON.parse(named("bg-execution-role").inputs.assumeRolePolicy as string);
    expect(trust.Statement[0].Principal).toEqual({ Service: "ecs-tasks.amazonaws.com" });
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
    const policy = JSON.parse(named("bg-execution-policy").inputs.policy as string);
    const bySid = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    expect(bySid.EcrPull.Resource).toBe(named("bg-repo").outputs.arn);
    expect(bySid.WriteLogs.Resource).toBe(`${named("bg-logs").outputs.arn}:log-stream:*`);
    expect(bySid.ReadSecrets.Resource).toEqual([SECRET_DB, SECRET_JWT]);
    expect(bySid.DecryptWithKeys).toBeUndefined();
    // Nothing else is granted on "*" except the ECR auth token.
    const wildcard = policy.Statement.filter((s: { Resource: unknown }) => s.Resource === "*");
    expect(wildcard.map((s: { Action: unknown }) => s.Action)).toEqual(["ecr:GetAuthorizationToken"]);
  });

  test("task role has no policy without tracing or extra statements", () => {
    expect(registrations.filter((r) => r.name === "bg-task-policy")).toEqual([]);
  });

  test("migration task definition: same image as the idle (new) version, the command, no port or health check", async () => {
    const repoUrl = await value(svc.repositoryUrl);
    const [app] = defs("bg-td-migrate");
    expect(app.image).toBe(`${repoUrl}:1.1.0`);
    expect(app.command).toEqual(["npm", "run", "migrate"]);
    expect(app.portMappings).toBeUndefined();
    expect(app.healthCheck).toBeUndefined();
    expect(app.readonlyRootFilesystem).toBe(true);
    expect(await value(svc.migrationTaskDefinitionFamily!)).toBe("staging-bg-migrate");
  });

  test("toServiceOutput fills the outputs contract", async () => {
    expect(await value(svc.toServiceOutput("api"))).toEqual({
      name: "api",
      kind: "api",
      clusterName: "plat-cluster",
      ecsServices: { blue: "bg-blue", green: "bg-green" },
      versions: { blue: "1.0.0", green: "1.1.0" },
      activeColour: "blue",
      idleWeight: 0,
      url: "https://api.example.com",
      healthCheckUrl: "https://api.example.com/health",
      idleRoute: { header: "x-slipway-colour", value: "green" },
      cpu: 256,
      memory: 512,
      desiredCount: 2,
      migrationTaskDefinition: "staging-bg-migrate",
      // The revision registered by this update (what the pipeline runs), not the family.
      migrationTaskDefinitionArn: "arn:aws:ecs:eu-west-1:123456789012:taskDefinition/bg-td-migrate-id",
      networkConfiguration: { subnets: ["app-a", "app-b"], securityGroups: [expect.any(String)] },
      metricDimensions: {
        loadBalancer: expect.stringMatching(/^app\/plat-alb\//),
        targetGroups: {
          blue: expect.stringMatching(/^targetgroup\/bg-tg-blue\//),
          green: expect.stringMatching(/^targetgroup\/bg-tg-green\//),
        },
      },
    });
  });
});

describe("canary API service, green active, 10 % to blue", () => {
  test("weights follow idleWeight and the header selects the idle colour (blue)", async () => {
    const svc = await build(
      "can",
      args({
        strategy: "canary",
        release: { version: "2.0.0", activeColour: "green", idleVersion: "2.1.0", idleWeight: 10 },
        pathPatterns: ["/api/*"],
        listenerPriority: 300,
        port: 3000,
      }),
    );
    const blueArn = named("can-tg-blue").outputs.arn;
    const greenArn = named("can-tg-green").outputs.arn;
    const forward = named("can-rule-forward").inputs;
    expect(forward.priority).toBe(301);
    expect((forward.actions as { forward: { targetGroups: unknown } }[])[0].forward.targetGroups).toEqual([
      { arn: blueArn, weight: 10 },
      { arn: greenArn, weight: 90 },
    ]);
    const idle = named("can-rule-idle-route").inputs;
    expect(idle.priority).toBe(300);
    expect(idle.conditions).toEqual([
      { pathPattern: { values: ["/api/*"] } },
      { httpHeader: { httpHeaderName: "x-slipway-colour", values: ["blue"] } },
    ]);
    expect(svc.versions).toEqual({ blue: "2.1.0", green: "2.0.0" });
    expect(svc.activeColour).toBe("green");
    expect(svc.idleWeight).toBe(10);
    expect(svc.idleRoute).toEqual({ header: "x-slipway-colour", value: "blue" });
    expect(named("can-tg-blue").inputs.port).toBe(3000);
  });
});

describe("rolling API service: one colour", () => {
  test("one service, one target group, one forward rule with all traffic, no idle route", async () => {
    const svc = await build("roll", args({ strategy: "rolling", release: { version: "3.0.0" } }));
    expect(of("roll", "aws:ecs/service:Service").map((r) => r.name)).toEqual(["roll-blue"]);
    expect(of("roll", "aws:lb/targetGroup:TargetGroup").map((r) => r.name)).toEqual(["roll-tg-blue"]);
    const rules = of("roll", "aws:lb/listenerRule:ListenerRule");
    expect(rules.map((r) => r.name)).toEqual(["roll-rule-forward"]);
    expect(
      (rules[0].inputs.actions as { forward: { targetGroups: unknown } }[])[0].forward.targetGroups,
    ).toEqual([{ arn: named("roll-tg-blue").outputs.arn, weight: 100 }]);
    expect(svc.idleRoute).toBeUndefined();
    const out = await value(svc.toServiceOutput("api"));
    expect(out.migrationTaskDefinition).toBeUndefined();
    expect(out.migrationTaskDefinitionArn).toBeUndefined();
    expect(out.idleRoute).toBeUndefined();
    expect(out.migrationTaskDefinition).toBeUndefined();
  });
});

describe("health checks (issue 11)", () => {
  test("the ALB checks the liveness path; readiness stays the public health URL; no container check", async () => {
    const svc = await build(
      "live",
      args({ strategy: "rolling", release: { version: "3.0.0" }, livenessPath: "/livez" }),
    );
    expect(named("live-tg-blue").inputs.healthCheck).toMatchObject({ path: "/livez" });
    expect(await value(svc.healthCheckUrl!)).toMatch(/\/health$/);
    expect(defs("live-td-blue")[0].healthCheck).toBeUndefined();
  });

  test("a worker gets no container health check by default, and the configured one when given", async () => {
    await build("wnone", args({ kind: "worker", release: { version: "1.0.0" } }));
    expect(defs("wnone-td-blue")[0].healthCheck).toBeUndefined();
    await build(
      "wcmd",
      args({ kind: "worker", release: { version: "1.0.0" }, healthCheckCommand: ["CMD", "/app/alive"] }),
    );
    expect(defs("wcmd-td-blue")[0].healthCheck).toMatchObject({ command: ["CMD", "/app/alive"] });
  });
});

describe("worker service", () => {
  test("no target group, no listener rule, no load balancer, one service even under blue_green", async () => {
    const svc = await build(
      "wrk",
      args({ kind: "worker", release: { version: "1.0.0", activeColour: "green", idleVersion: "1.1.0" } }),
    );
    expect(of("wrk", "aws:lb/targetGroup:TargetGroup")).toEqual([]);
    expect(of("wrk", "aws:lb/listenerRule:ListenerRule")).toEqual([]);
    expect(of("wrk", "aws:ecs/service:Service").map((r) => r.name)).toEqual(["wrk-blue"]);
    const s = named("wrk-blue").inputs;
    expect(s.loadBalancers).toEqual([]);
    expect(s.healthCheckGracePeriodSeconds).toBeUndefined();
    expect((s.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp).toBe(false);
    expect(defs("wrk-td-blue")[0].portMappings).toBeUndefined();
    expect(svc.url).toBeUndefined();
    expect(svc.healthCheckUrl).toBeUndefined();
    const out = await value(svc.toServiceOutput("worker"));
    expect(out).toMatchObject({
      kind: "worker",
      ecsServices: { blue: "wrk-blue" },
      versions: { blue: "1.0.0" },
    });
    expect(out.url).toBeUndefined();
    expect(out.metricDimensions).toBeUndefined();
  });

  test("own security group: no ingress at all, egress exactly as given (its dependencies)", async () => {
    const svc = await build(
      "wrk2",
      args({
        kind: "worker",
        egress: [
          { port: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" },
          { port: 5432, securityGroupId: "sg-db", description: "PostgreSQL" },
        ],
      }),
    );
    const sgId = await value(svc.securityGroupId);
    expect(of("wrk2", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([]);
    expect(
      of("wrk2", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => [
        r.inputs.securityGroupId,
        r.inputs.fromPort,
        r.inputs.cidrIpv4,
        r.inputs.referencedSecurityGroupId,
      ]),
    ).toEqual([
      [sgId, 443, "0.0.0.0/0", undefined],
      [sgId, 5432, undefined, "sg-db"],
    ]);
    expect(
      (named("wrk2-blue").inputs.networkConfiguration as { securityGroups: string[] }).securityGroups,
    ).toEqual([sgId]);
  });
});

describe("production-like service: sizes, autoscaling, tracing, KMS, explicit image", () => {
  beforeAll(async () => {
    await build(
      "prd",
      args({
        strategy: "rolling",
        cpu: 1024,
        memory: 2048,
        desiredCount: 3,
        autoscaling: { minCount: 3, maxCount: 12, targetCpuPercent: 50 },
        logRetentionDays: 365,
        ecrKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/ecr",
        secretsKmsKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/secrets"],
        image: { uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:abc123" },
        tracing: { enabled: true },
        user: "node",
      }),
    );
  });

  test("sizes and autoscaling bounds", () => {
    expect(named("prd-blue").inputs.desiredCount).toBe(3);
    expect(named("prd-td-blue").inputs).toMatchObject({ cpu: "1024", memory: "2048" });
    expect(named("prd-blue-scaling").inputs).toMatchObject({ minCapacity: 3, maxCapacity: 12 });
    expect(named("prd-blue-cpu").inputs.targetTrackingScalingPolicyConfiguration).toMatchObject({
      targetValue: 50,
    });
    expect(named("prd-logs").inputs.retentionInDays).toBe(365);
  });

  test("customer KMS key on the repository; execution role may decrypt with the given keys only", () => {
    expect(named("prd-repo").inputs.encryptionConfigurations).toEqual([
      { encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:123456789012:key/ecr" },
    ]);
    const policy = JSON.parse(named("prd-execution-policy").inputs.policy as string);
    const kms = policy.Statement.find((s: { Sid: string }) => s.Sid === "DecryptWithKeys");
    expect(kms.Resource).toEqual([
      "arn:aws:kms:eu-west-1:123456789012:key/ecr",
      "arn:aws:kms:eu-west-1:123456789012:key/secrets",
    ]);
  });

  test("explicit image URI is used as given", () => {
    const defsBlue: Def[] = JSON.parse(named("prd-td-blue").inputs.containerDefinitions as string);
    expect(defsBlue[0].image).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:abc123");
    expect(defsBlue[0].user).toBe("node");
  });

  test("tracing: ADOT sidecar in the task and X-Ray permissions on the task role", () => {
    const d: Def[] = JSON.parse(named("prd-td-blue").inputs.containerDefinitions as string);
    expect(d.map((c) => c.name)).toEqual(["app", "aws-otel-collector"]);
    expect(d[1]).toMatchObject({
      image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3",
      readonlyRootFilesystem: true,
      privileged: false,
      command: ["--config=/etc/ecs/ecs-default-config.yaml"],
    });
    const policy = JSON.parse(named("prd-task-policy").inputs.policy as string);
    expect(policy.Statement[0].Action).toEqual(
      expect.arrayContaining(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules"]),
    );
    expect(named("prd-task-policy").inputs.role).toBe(
      named("prd-task-role").outputs.name ?? expect.anything(),
    );
  });
});

describe("image built from a context", () => {
  test("awsx.ecr.Image pushes the build tagged with the version; colours on that version use it", async () => {
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-build-"));
    fs.writeFileSync(path.join(ctx, "Dockerfile"), "FROM scratch\n");
    const svc = await build(
      "bld",
      args({
        release: { version: "1.0.0", idleVersion: "1.1.0" },
        image: { buildContext: ctx, buildVersion: "1.1.0" },
      }),
    );
    const img = named("bld-image");
    expect(img.type).toBe("awsx:ecr:Image");
    const repoUrl = await value(svc.repositoryUrl);
    expect(img.inputs).toMatchObject({
      repositoryUrl: repoUrl,
      context: ctx,
      imageTag: "1.1.0",
      platform: "linux/amd64",
    });
    expect(defs("bld-td-green")[0].image).toBe(img.outputs.imageUri);
    expect(img.outputs.imageUri).toBe(`${repoUrl}:1.1.0`);
    expect(defs("bld-td-blue")[0].image).toBe(`${repoUrl}:1.0.0`);
  });
});

describe("Service validation", () => {
  test.each<[string, Partial<ServiceArgs>, string]>([
    ["kind", { kind: "cron" as never }, 'args.kind: must be "api" or "worker"'],
    [
      "egress with both destinations",
      { egress: [{ port: 5432, cidrBlocks: ["10.0.0.0/16"], securityGroupId: "sg", description: "x" }] },
      "args.egress[0]: give exactly one of cidrBlocks or securityGroupId",
    ],
    [
      "egress without description",
      { egress: [{ port: 443, cidrBlocks: ["0.0.0.0/0"], description: "" }] },
      "args.egress[0].description: required",
    ],
    ["strategy", { strategy: "big_bang" as never }, "args.strategy: must be one of"],
    ["version", { release: { version: "" } }, "args.release.version: must be a valid image tag"],
    [
      "idle weight out of range",
      { release: { version: "1", idleWeight: 150 } },
      "args.release.idleWeight: must be an integer from 0 to 100",
    ],
    [
      "idle weight with rolling",
      { strategy: "rolling", release: { version: "1", idleWeight: 10 } },
      "args.release.idleWeight: only blue_green and canary",
    ],
    [
      "active colour",
      { release: { version: "1", activeColour: "red" as never } },
      "args.release.activeColour",
    ],
    [
      "port not in the platform",
      { port: 9999 },
      "args.port: 9999 is not one of the platform's containerPorts (8080, 3000)",
    ],
    ["health path", { healthCheckPath: "health" }, "args.healthCheckPath: must be an absolute URL path"],
    ["path patterns", { pathPatterns: [] }, "args.pathPatterns: needs 1 to 4 patterns"],
    ["priority", { listenerPriority: 50000 }, "args.listenerPriority: must be an integer from 1 to 49999"],
    ["header", { idleRouteHeader: "bad header" }, "args.idleRouteHeader"],
    [
      "worker with routing",
      { kind: "worker", pathPatterns: ["/x"] },
      "args.pathPatterns: workers are not behind the load balancer",
    ],
    ["cpu", { cpu: 100 }, "args.cpu: must be one of"],
    ["memory", { cpu: 256, memory: 4096 }, "args.memory: 4096 MiB is not a Fargate size for 256 CPU units"],
    ["desired count", { desiredCount: 0 }, "args.desiredCount: must be an integer from 1 to 100"],
    [
      "min above max",
      { autoscaling: { minCount: 5, maxCount: 3 } },
      "args.autoscaling.maxCount: must be an integer not below minCount 5",
    ],
    [
      "desired outside bounds",
      { desiredCount: 2, autoscaling: { minCount: 3, maxCount: 6 } },
      "args.desiredCount: 2 must lie within autoscaling minCount..maxCount (3..6)",
    ],
    [
      "cpu target",
      { autoscaling: { targetCpuPercent: 95 } },
      "args.autoscaling.targetCpuPercent: must be from 10 to 90",
    ],
    ["root user", { user: "root" }, "args.user: must be a non-root user"],
    ["uid 0", { user: "0:0" }, "args.user: must be a non-root user"],
    [
      "env name",
      { environment: { "A-B": "x" } },
      "args.environment.A-B: not a valid environment variable name",
    ],
    [
      "secret not an ARN",
      { secrets: [{ name: "X", valueFrom: "my-secret" }] },
      "args.secrets[0].valueFrom: must be a Secrets Manager secret ARN",
    ],
    [
      "secret duplicated in environment",
      { environment: { X: "1" }, secrets: [{ name: "X", valueFrom: SECRET_DB }] },
      "args.secrets[0].name: X is also a plain environment variable",
    ],
    ["retention", { logRetentionDays: 10 }, "args.logRetentionDays: must be one of CloudWatch's values"],
    [
      "image retention",
      { imageRetentionCount: 0 },
      "args.imageRetentionCount: must be an integer from 1 to 1000",
    ],
    [
      "uri and context",
      { image: { uri: "r.example.com/a:1", buildContext: "." } },
      "args.image: give either uri or buildContext, not both",
    ],
    [
      "unpinned uri",
      { image: { uri: "nginx" } },
      "args.image.uri: must be a registry image reference pinned by tag or digest",
    ],
    [
      "missing context",
      { image: { buildContext: "/nonexistent/slipway" } },
      'args.image.buildContext: directory "/nonexistent/slipway" does not exist',
    ],
    [
      "build version without context",
      { image: { buildVersion: "1" } },
      "args.image.buildContext: required when dockerfile or buildVersion is given",
    ],
    ["scratch path", { scratchPaths: ["/"] }, "args.scratchPaths[0]"],
    ["health command", { healthCheckCommand: ["true"] }, "args.healthCheckCommand"],
    [
      "migration command",
      { migration: { command: [] } },
      "args.migration.command: must be a non-empty command array",
    ],
    [
      "unpinned collector",
      { tracing: { enabled: true, collectorImage: "otel" } },
      "args.tracing.collectorImage: pin the collector image",
    ],
    ["no platform", { platform: undefined as never }, "args.platform: required"],
    ["no release", { release: undefined as never }, "args.release: required"],
    ["empty secret ARN", { secrets: [{ name: "X", valueFrom: "" }] }, "args.secrets[0].valueFrom: required"],
    [
      "bad build version",
      { image: { buildContext: ".", buildVersion: "-x" } },
      "args.image.buildVersion: must be a valid image tag",
    ],
    [
      "bad migration version",
      { migration: { command: ["m"], version: "a b" } },
      "args.migration.version: must be a valid image tag",
    ],
    ["bad family prefix", { familyPrefix: "a/b" }, "args.familyPrefix: must be 1-200 letters"],
  ])("%s", (_title, override, message) => {
    expect(() => resolveServiceArgs("v", args(override), "staging")).toThrow(message);
  });

  test("the component name must be a valid ECR/ECS name", () => {
    expect(() => new Service("Bad_Name", args())).toThrow("name: must be 1-100 lowercase letters");
  });

  test("all problems are reported together", () => {
    expect(() => resolveServiceArgs("v", args({ cpu: 100, user: "root" }), "staging")).toThrow(
      /args\.cpu[\s\S]*args\.user/,
    );
  });

  test("defaults", () => {
    const r = resolveServiceArgs("v", args(), "production");
    expect(r).toMatchObject({
      port: 8080,
      healthCheckPath: "/health",
      pathPatterns: ["/*"],
      listenerPriority: 100,
      idleRouteHeader: "x-slipway-colour",
      cpu: 256,
      memory: 512,
      desiredCount: 2,
      minCount: 2,
      maxCount: 4,
      targetCpuPercent: 60,
      user: "1000:1000",
      scratchPaths: ["/tmp"],
      logRetentionDays: 30,
      imageRetentionCount: 50,
      familyPrefix: "production-v",
    });
  });
});
