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
