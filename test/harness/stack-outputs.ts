/**
 * Stack outputs as the TaskFlow program exports them (shape of `outputs.ts`), pointed at local test
 * servers. The release state fields follow the `slipway:release` config the pipeline set, like the real
 * program does.
 */
import type { StackOutputs } from "../../outputs";
import type { ReleaseState } from "../../automation/pipeline/strategy";
import type { Strategy } from "../../release/model";

export interface OutputsFixture {
  readonly stack: string;
  readonly strategy: Strategy;
  readonly state: ReleaseState;
  /** Base URL serving the API (health at `/health`). */
  readonly apiUrl: string;
  /** Base URL serving the frontend. */
  readonly frontendUrl: string;
}

/** The fixture's task definition revision of the migration task: the digits of the version it runs. */
export function migrationRevision(f: Pick<OutputsFixture, "strategy" | "state">): string {
  const two = f.strategy === "blue_green" || f.strategy === "canary";
  const v = f.state.migrationVersion ?? (two ? (f.state.idleVersion ?? f.state.version) : f.state.version);
  return v.replace(/\D/g, "");
}

export function taskflowOutputs(f: OutputsFixture): StackOutputs {
  const two = f.strategy === "blue_green" || f.strategy === "canary";
  const env = f.stack;
  const versions = two
    ? f.state.activeColour === "blue"
      ? { blue: f.state.version, green: f.state.idleVersion ?? f.state.version }
      : { green: f.state.version, blue: f.state.idleVersion ?? f.state.version }
    : { blue: f.state.version };
  return {
    project: "taskflow",
    environment: env,
    environmentType: env === "production" ? "production" : "staging",
    region: "eu-west-1",
    version: f.state.version,
    strategy: f.strategy,
    services: [
      {
        name: "api",
        kind: "api",
        clusterName: `taskflow-${env}`,
        ecsServices: two
          ? { blue: `taskflow-${env}-api-blue`, green: `taskflow-${env}-api-green` }
          : { blue: `taskflow-${env}-api-blue` },
        versions,
        activeColour: two ? f.state.activeColour : "blue",
        idleWeight: two ? f.state.idleWeight : 0,
        url: f.apiUrl,
        healthCheckUrl: `${f.apiUrl}/health`,
        ...(two
          ? {
              idleRoute: {
                header: "x-slipway-colour",
                value: f.state.activeColour === "blue" ? "green" : "blue",
              },
            }
          : {}),
        ...(two
          ? {
              metricDimensions: {
                loadBalancer: `app/taskflow-${env}/50dc6c495c0c9188`,
                targetGroups: {
                  blue: `targetgroup/taskflow-${env}-api-blue/73e2d6bc24d8a067`,
                  green: `targetgroup/taskflow-${env}-api-green/2453ed029918f21f`,
                },
              },
            }
          : {}),
        cpu: 512,
        memory: 1024,
        desiredCount: 2,
        migrationTaskDefinition: `taskflow-${env}-api-migrate`,
        // The revision this update registered: one per migration version (1.4.0 -> :140), like ECS would.
        migrationTaskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/taskflow-${env}-api-migrate:${migrationRevision(f)}`,
        networkConfiguration: { subnets: ["subnet-0a1", "subnet-0b2"], securityGroups: ["sg-0api"] },
      },
      {
        name: "worker",
        kind: "worker",
        clusterName: `taskflow-${env}`,
        ecsServices: { blue: `taskflow-${env}-worker` },
        versions: { blue: f.state.version },
        activeColour: "blue",
        idleWeight: 0,
        cpu: 256,
        memory: 512,
        desiredCount: 1,
      },
    ],
    frontend: {
      name: "web",
      url: f.frontendUrl,
      bucketName: `taskflow-${env}-web`,
      distributionId: "E2QWRUHEXAMPLE",
    },
    database: {
      name: "db",
      instanceIdentifier: `taskflow-${env}-db`,
      endpoint: `taskflow-${env}-db.abcdefghijkl.eu-west-1.rds.amazonaws.com`,
      port: 5432,
      engineVersion: "16.4",
      multiAz: env === "production",
      backupRetentionDays: env === "production" ? 14 : 3,
      masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234",
    },
    alarms: [
      {
        name: `taskflow-${env}-api-5xx-critical`,
        severity: "critical",
        condition: "5xx error rate > 5 % for 3 of 5 minutes",
        channel: `sns:taskflow-${env}-critical (pagerduty)`,
      },
      {
        name: `taskflow-${env}-api-p95-critical`,
        severity: "critical",
        condition: "p95 latency > 360 ms (2x QA baseline 180 ms)",
        channel: `sns:taskflow-${env}-critical (pagerduty)`,
      },
      {
        name: `taskflow-${env}-api-5xx-warning`,
        severity: "warning",
        condition: "5xx error rate > 1 %",
        channel: `sns:taskflow-${env}-warning (slack)`,
      },
    ],
    dashboardUrl: `https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=taskflow-${env}`,
    logRetentionDays: env === "production" ? 90 : 14,
    tls: { enabled: false },
    resourceSummary: {
      "aws:ecs/service:Service": two ? 3 : 2,
      "aws:rds/instance:Instance": 1,
      "aws:cloudfront/distribution:Distribution": 1,
      "aws:lb/loadBalancer:LoadBalancer": 1,
    },
  };
}

/**
 * An exported (v3) stack state matching the outputs: the resources the cost estimator prices (task
 * definitions, Fargate services, the RDS instance, the ALB) plus ones it does not bill.
 */
export function taskflowState(outputs: StackOutputs): unknown {
  const stack = outputs.environment;
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::taskflow::${type}::${name}`;
  const resources: Record<string, unknown>[] = [
    { urn: urn("pulumi:pulumi:Stack", `taskflow-${stack}`), type: "pulumi:pulumi:Stack", custom: false },
    { urn: urn("pulumi:providers:aws", "default"), type: "pulumi:providers:aws", custom: true },
  ];
  for (const s of outputs.services) {
    for (const [colour, name] of Object.entries(s.ecsServices)) {
      const arn = `arn:aws:ecs:${outputs.region}:123456789012:task-definition/${name}:7`;
      resources.push({
        urn: urn("aws:ecs/taskDefinition:TaskDefinition", `${s.name}-${colour}-task`),
        type: "aws:ecs/taskDefinition:TaskDefinition",
        custom: true,
        inputs: {
          family: name,
          cpu: String(s.cpu),
          memory: String(s.memory),
          requiresCompatibilities: ["FARGATE"],
        },
        outputs: { arn },
      });
      resources.push({
        urn: urn("aws:ecs/service:Service", `${s.name}-${colour}`),
        type: "aws:ecs/service:Service",
        custom: true,
        inputs: { name, launchType: "FARGATE", desiredCount: s.desiredCount, taskDefinition: arn },
        outputs: { name },
      });
    }
  }
  if (outputs.database) {
    resources.push({
      urn: urn("aws:rds/instance:Instance", "db-instance"),
      type: "aws:rds/instance:Instance",
      custom: true,
      inputs: {
        identifier: outputs.database.instanceIdentifier,
        instanceClass: stack === "production" ? "db.m7g.large" : "db.t4g.small",
        allocatedStorage: 20,
        storageType: "gp3",
        multiAz: outputs.database.multiAz,
        // a secret envelope, as the state holds it: never printed
        password: {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          ciphertext: "v1:abc",
        },
      },
    });
  }
  resources.push({
    urn: urn("aws:lb/loadBalancer:LoadBalancer", "alb"),
    type: "aws:lb/loadBalancer:LoadBalancer",
    custom: true,
    inputs: { loadBalancerType: "application" },
  });
  resources.push({
    urn: urn("aws:s3/bucket:Bucket", "web-bucket"),
    type: "aws:s3/bucket:Bucket",
    custom: true,
    inputs: {},
  });
  return { version: 3, deployment: { manifest: { time: "2026-11-28T04:00:00Z" }, resources } };
}
