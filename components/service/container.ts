/**
 * Pure task-level logic of a service: Fargate size validation, the container definitions JSON (app
 * container and optional ADOT collector sidecar), the ECR lifecycle policy, and the IAM policy documents
 * of the execution and task roles. Table-tested in `container.test.ts`.
 */

import { DEPLOYED_TAG_PREFIX, FARGATE_SIZES } from "../../lib/aws";

/** Problems with a Fargate cpu/memory pair (`path` is the argument prefix). */
export function validateFargateSize(cpu: number, memory: number, path = "args"): string[] {
  const allowed = FARGATE_SIZES[cpu];
  if (!allowed) {
    return [
      `${path}.cpu: must be one of ${Object.keys(FARGATE_SIZES).join(", ")} (got ${JSON.stringify(cpu)})`,
    ];
  }
  if (!allowed.includes(memory)) {
    return [
      `${path}.memory: ${JSON.stringify(memory)} MiB is not a Fargate size for ${cpu} CPU units (allowed ${allowed[0]}..${allowed[allowed.length - 1]} in steps of ${allowed[1] - allowed[0]})`,
    ];
  }
  return [];
}

export const APP_CONTAINER = "app";
export const COLLECTOR_CONTAINER = "aws-otel-collector";
export const DEFAULT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";
/** ADOT's bundled ECS config: OTLP receivers on localhost:4317/4318, traces to X-Ray, metrics as EMF. */
export const DEFAULT_COLLECTOR_CONFIG = "--config=/etc/ecs/ecs-default-config.yaml";
/** Log group the ADOT default config writes EMF metrics to. */
export const COLLECTOR_EMF_LOG_GROUP = "/aws/ecs/application/metrics";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROOT_USERS = new Set(["root", "0", "0:0", "root:root"]);

/** Everything the container definitions depend on, resolved. */
export interface ContainerSpec {
  readonly image: string;
  readonly kind: "api" | "worker";
  readonly port: number;
  readonly user: string;
  readonly environment: Readonly<Record<string, string>>;
  /** `name -> valueFrom` (Secrets Manager ARN). */
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
  readonly command?: readonly string[];
  /** Container health check; undefined: none (ECS relies on the process and, for APIs, the ALB). */
  readonly healthCheckCommand?: readonly string[];
  readonly scratchPaths: readonly string[];
  readonly logGroupName: string;
  readonly region: string;
  /** Log stream prefix, e.g. the colour or `migrate`. */
  readonly streamPrefix: string;
  readonly tracing?: { readonly image: string; readonly config: string; readonly serviceName: string };
  /** One-off task (migration): no health check, no port mapping. */
  readonly oneOff?: boolean;
}

/** Problems with the container inputs that can be checked before any resource exists. */
export function validateContainerInputs(
  input: {
    readonly port: number;
    readonly user: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly secretNames: readonly string[];
    readonly scratchPaths: readonly string[];
    readonly healthCheckCommand?: readonly string[];
    readonly command?: readonly string[];
  },
  path = "args",
): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    errors.push(`${path}.port: must be an integer from 1 to 65535 (got ${JSON.stringify(input.port)})`);
  }
  if (ROOT_USERS.has(input.user.trim()) || !/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(input.user)) {
    errors.push(`${path}.user: must be a non-root user or uid[:gid] (got ${JSON.stringify(input.user)})`);
  }
  for (const name of Object.keys(input.environment)) {
    if (!ENV_NAME.test(name))
      errors.push(`${path}.environment.${name}: not a valid environment variable name`);
  }
  const seen = new Set<string>();
  input.secretNames.forEach((name, i) => {
    if (!ENV_NAME.test(name)) {
      errors.push(
        `${path}.secrets[${i}].name: not a valid environment variable name (got ${JSON.stringify(name)})`,
      );
    }
    if (seen.has(name)) errors.push(`${path}.secrets[${i}].name: ${name} is listed twice`);
    seen.add(name);
    if (Object.prototype.hasOwnProperty.call(input.environment, name)) {
      errors.push(
        `${path}.secrets[${i}].name: ${name} is also a plain environment variable; keep it in one place`,
      );
    }
  });
  input.scratchPaths.forEach((p, i) => {
    if (!/^\/[A-Za-z0-9_.\-/]*$/.test(p) || p === "/") {
      errors.push(
        `${path}.scratchPaths[${i}]: must be an absolute path other than "/" (got ${JSON.stringify(p)})`,
      );
    }
  });
  const hc = input.healthCheckCommand;
  if (hc !== undefined && (hc.length < 2 || !["CMD", "CMD-SHELL"].includes(hc[0]))) {
    errors.push(`${path}.healthCheckCommand: must start with "CMD" or "CMD-SHELL" followed by the command`);
  }
  if (input.command !== undefined && input.command.length === 0) {
    errors.push(`${path}.command: must not be empty (omit it to use the image's CMD)`);
  }
  return errors;
}

/** Volume name of a scratch path (`/tmp` -> `scratch-tmp`). */
export function scratchVolumeName(p: string): string {
  return `scratch${p.replace(/[^A-Za-z0-9]+/g, "-")}`.replace(/-+$/, "");
}

function logConfiguration(spec: ContainerSpec, prefix: string) {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": spec.logGroupName,
      "awslogs-region": spec.region,
      "awslogs-stream-prefix": prefix,
    },
  };
}

/** The `containerDefinitions` array of a task definition (serialize with `JSON.stringify`). */
export function containerDefinitions(spec: ContainerSpec): Record<string, unknown>[] {
  const environment: Record<string, string> = { ...spec.environment };
  if (spec.tracing && !spec.oneOff) {
    environment.OTEL_EXPORTER_OTLP_ENDPOINT ??= "http://localhost:4317";
    environment.OTEL_SERVICE_NAME ??= spec.tracing.serviceName;
    environment.OTEL_PROPAGATORS ??= "xray,tracecontext";
  }
  const app: Record<string, unknown> = {
    name: APP_CONTAINER,
    image: spec.image,
    essential: true,
    user: spec.user,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
    environment: Object.keys(environment)
      .sort()
      .map((name) => ({ name, value: environment[name] })),
    secrets: [...spec.secrets]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    mountPoints: spec.scratchPaths.map((p) => ({
      sourceVolume: scratchVolumeName(p),
      containerPath: p,
      readOnly: false,
    })),
    logConfiguration: logConfiguration(spec, spec.streamPrefix),
    stopTimeout: 30,
  };
  if (spec.command) app.command = [...spec.command];
  if (!spec.oneOff) {
    if (spec.kind === "api") {
      app.portMappings = [{ containerPort: spec.port, protocol: "tcp", name: "http" }];
    }
    // Only when configured: slim, alpine and distroless images have no curl or shell, and workers may
    // not listen at all, so a default command would make ECS replace healthy tasks in a loop.
    if (spec.healthCheckCommand)
      app.healthCheck = {
        command: [...spec.healthCheckCommand],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 60,
      };
  }
  const defs: Record<string, unknown>[] = [app];
  if (spec.tracing && !spec.oneOff) {
    app.dependsOn = [{ containerName: COLLECTOR_CONTAINER, condition: "START" }];
    defs.push({
      name: COLLECTOR_CONTAINER,
      image: spec.tracing.image,
      // Tracing must not take the service down: the app keeps serving when the collector fails.
      essential: false,
      command: [spec.tracing.config],
      user: "10001:10001",
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"] } },
      logConfiguration: logConfiguration(spec, `${spec.streamPrefix}-otel`),
      healthCheck: { command: ["/healthcheck"], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
    });
  }
  return defs;
}

/** Deployed images (tag prefix `deployed-`) the ECR lifecycle policy keeps per repository. */
export const DEFAULT_DEPLOYED_IMAGES_KEPT = 20;

/**
 * ECR lifecycle policy: the newest `keepDeployed` images a deploy ran (tagged `deployed-*` by the CI
 * workflow) are kept whatever else happens; untagged images expire after 7 days; of the other images
 * the newest `keep` are kept.
 */
export function ecrLifecyclePolicy(keep: number, keepDeployed = DEFAULT_DEPLOYED_IMAGES_KEPT): string {
  return JSON.stringify({
    rules: [
      {
        // First: an image that matches a higher-priority rule's tags is never expired by a lower one, so
        // the newest deployed images (the ones a rollback may need) survive every other rule.
        rulePriority: 1,
        description: `Keep the ${keepDeployed} most recent deployed images (tags ${DEPLOYED_TAG_PREFIX}*: rollback depth)`,
        selection: {
          tagStatus: "tagged",
          tagPrefixList: [DEPLOYED_TAG_PREFIX],
          countType: "imageCountMoreThan",
          countNumber: keepDeployed,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: "Expire untagged images after 7 days",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 7,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 3,
        description: `Keep the ${keep} most recent other images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * The IAM resource of a secret reference: `valueFrom` may carry a JSON key / version suffix
 * (`arn:aws:secretsmanager:r:a:secret:name-AbCdEf:key::`), the policy needs the secret ARN itself.
 */
export function secretResourceArn(valueFrom: string): string {
  const parts = valueFrom.split(":");
  return parts.length > 7 ? parts.slice(0, 7).join(":") : valueFrom;
}

/** The pull statement's resource: the own repository alone (a string), or every repository (sorted). */
function pullResources(own: string, others: readonly string[]): string | string[] {
  const all = [...new Set([own, ...others])];
  return all.length === 1 ? own : [own, ...all.filter((a) => a !== own).sort()];
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

/**
 * Execution role policy: pull from the service's repository and the ECR repositories its images by digest
 * come from, write one log group, read exactly the given secrets.
 */
export function executionRolePolicy(input: {
  readonly repositoryArn: string;
  /** ECR repositories of images given by reference (e.g. the CI build's registry). @default [] */
  readonly imageRepositoryArns?: readonly string[];
  readonly logGroupArn: string;
  readonly secretValueFroms: readonly string[];
  readonly kmsKeyArns: readonly string[];
}): { Version: "2012-10-17"; Statement: PolicyStatement[] } {
  const statements: PolicyStatement[] = [
    // GetAuthorizationToken has no resource-level permissions.
    { Sid: "EcrAuthToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPull",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: pullResources(input.repositoryArn, input.imageRepositoryArns ?? []),
    },
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${input.logGroupArn.replace(/:\*$/, "")}:log-stream:*`,
    },
  ];
  const secrets = [...new Set(input.secretValueFroms.map(secretResourceArn))].sort();
  if (secrets.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secrets,
    });
  }
  const keys = [...new Set(input.kmsKeyArns)].sort();
  if (keys.length > 0) {
    statements.push({ Sid: "DecryptWithKeys", Effect: "Allow", Action: "kms:Decrypt", Resource: keys });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Task role statements needed by the ADOT collector sidecar (X-Ray has no resource-level permissions). */
export function tracingStatements(input: {
  readonly region: string;
  readonly accountId: string;
}): PolicyStatement[] {
  return [
    {
      Sid: "XRayWrite",
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "CollectorEmfMetrics",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [
        `arn:aws:logs:${input.region}:${input.accountId}:log-group:${COLLECTOR_EMF_LOG_GROUP}`,
        `arn:aws:logs:${input.region}:${input.accountId}:log-group:${COLLECTOR_EMF_LOG_GROUP}:log-stream:*`,
      ],
    },
  ];
}

/** Trust policy for ECS tasks, limited to tasks of this account (confused-deputy protection). */
export function ecsTasksAssumeRolePolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}
