/**
 * `slipway:service:Service`: one backend service on ECS Fargate. ECR repository, log group, execution and
 * task roles, task definition(s), ECS service(s) with circuit breaker and CPU autoscaling, and for API
 * services target group(s) + listener rules on the platform's shared listener. Two-colour strategies
 * (`blue_green`, `canary`) run an API service as two colours behind a weighted rule plus a header rule
 * that reaches the idle colour for pre-traffic smoke tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn, IMAGE_DIGEST_REF, LOG_RETENTION_DAYS } from "../../lib/aws";
import type { Colour, ServiceOutput } from "../../outputs";
import type { Strategy } from "../../release/model";
import {
  DEFAULT_SERVICE_EGRESS,
  egressRuleErrors,
  type ServiceEgressRule,
  type ServicePlatform,
} from "./cluster";
import {
  APP_CONTAINER,
  containerDefinitions,
  DEFAULT_COLLECTOR_CONFIG,
  DEFAULT_COLLECTOR_IMAGE,
  ecrLifecyclePolicy,
  ecsTasksAssumeRolePolicy,
  executionRolePolicy,
  scratchVolumeName,
  tracingStatements,
  validateContainerInputs,
  validateFargateSize,
  type PolicyStatement,
} from "./container";
import {
  colourPlan,
  DEFAULT_IDLE_ROUTE_HEADER,
  listenerRules,
  validateColourPlanInput,
  validateRouting,
  type ColourPlan,
} from "./routing";

/** Release state of the service (from `slipway:release`). */
export interface ServiceRelease {
  /** Version (image tag) on the active colour. @example "1.4.0" */
  readonly version: string;
  /** Colour taking the main share of traffic (two-colour strategies). @default "blue" */
  readonly activeColour?: Colour;
  /** Version on the idle colour (two-colour strategies). @default version */
  readonly idleVersion?: string;
  /** Percent (0..100) of traffic sent to the idle colour. @default 0 */
  readonly idleWeight?: number;
}

/** Where the container image comes from. */
export interface ServiceImage {
  /**
   * Explicit image URI used for every colour: a full registry reference pinned by tag or digest
   * (`docker.io/library/x:1`, not `x`).
   * @example "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:..."
   */
  readonly uri?: string;
  /** Docker build context; built with `awsx.ecr.Image` and pushed to this service's repository. */
  readonly buildContext?: string;
  /** Dockerfile path (relative to the context). @default "<context>/Dockerfile" */
  readonly dockerfile?: string;
  /** Tag of the built image; colours running this version use the build. @default release.version */
  readonly buildVersion?: string;
  /**
   * Images by digest per release version (`<registry>/<repository>@sha256:<digest>`): a colour running a
   * version listed here runs that digest; they come before `uri` and the build. A colour whose version has
   * no image at all (none here, no `uri`, no build) is reported through `missingImageVersions` and
   * registered with `<repository url>:<version>`, which nothing pushes: the deploy stops before it.
   * @default {}
   */
  readonly byVersion?: Readonly<Record<string, string>>;
}

/** One secret injected into the container from Secrets Manager. */
export interface ServiceSecret {
  /** Environment variable name. @example "DATABASE_URL" */
  readonly name: string;
  /** Secrets Manager secret ARN (optionally with `:json-key::` suffix). */
  readonly valueFrom: pulumi.Input<string>;
}

/** Arguments of {@link Service}. */
export interface ServiceArgs {
  /** The shared platform (a `Cluster`). */
  readonly platform: ServicePlatform;
  /** `api` is behind the ALB (target group + listener rules); `worker` is not reachable. */
  readonly kind: "api" | "worker";
  /** Release strategy; `blue_green`/`canary` run API services as two colours. */
  readonly strategy: Strategy;
  /** Versions, active colour and idle weight. */
  readonly release: ServiceRelease;
  /** Image source. @default { } (image is `<repository url>:<version>`) */
  readonly image?: ServiceImage;
  /** Container port (must be one of the platform's `containerPorts`). @default 8080 */
  readonly port?: number;
  /**
   * Readiness path of an API (dependencies checked): the public health check URL used by smoke tests
   * and the uptime canary. @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Liveness path of an API (the process is up, no dependency checks): the ALB target group health check,
   * whose failures make ECS replace tasks. A separate path keeps a database failover from replacing
   * every healthy task. @default healthCheckPath
   */
  readonly livenessPath?: string;
  /** ALB path patterns routed to this API service. @default ["/*"] */
  readonly pathPatterns?: readonly string[];
  /**
   * Priority of this service's header (idle) rule on the shared listener; the weighted forward rule uses
   * `listenerPriority + 1`. Give each API service its own block. @default 100
   */
  readonly listenerPriority?: number;
  /** Header that selects the idle colour. @default "x-slipway-colour" */
  readonly idleRouteHeader?: string;
  /** Fargate CPU units. @default 256 */
  readonly cpu?: number;
  /** Fargate memory in MiB (must match the CPU size). @default 512 */
  readonly memory?: number;
  /**
   * Desired tasks per colour when the ECS service is created; afterwards CPU autoscaling owns the running
   * count (`desiredCount` is in `ignoreChanges`), within `autoscaling.minCount..maxCount`.
   * @default 2
   */
  readonly desiredCount?: number;
  /** Autoscaling bounds and CPU target. @default { minCount: desiredCount, maxCount: max(4, desiredCount), targetCpuPercent: 60 } */
  readonly autoscaling?: {
    readonly minCount?: number;
    readonly maxCount?: number;
    readonly targetCpuPercent?: number;
  };
  /**
   * Plain environment variables; values may be outputs of other resources (a queue URL, a cache
   * endpoint), resolved into the task definition.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Secrets from Secrets Manager; the execution role may read exactly these ARNs. @default [] */
  readonly secrets?: readonly ServiceSecret[];
  /** KMS keys that encrypt the secrets (customer-managed), for `kms:Decrypt`. @default [] */
  readonly secretsKmsKeyArns?: readonly pulumi.Input<string>[];
  /** Container command override. @default image CMD */
  readonly command?: readonly string[];
  /** Non-root user (uid:gid) the container runs as; `root`/`0` is rejected. @default "1000:1000" */
  readonly user?: string;
  /** Writable scratch paths (task ephemeral volumes), as the root filesystem is read-only. @default ["/tmp"] */
  readonly scratchPaths?: readonly string[];
  /**
   * Container health check command (`["CMD", ...]` or `["CMD-SHELL", ...]`), only when the image has
   * what it runs; a failing check stops the task. APIs are checked by the ALB on `livenessPath` either way.
   * @default none (no container health check, for APIs and workers)
   */
  readonly healthCheckCommand?: readonly string[];
  /** Log group retention in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Customer-managed KMS key for the ECR repository. @default AWS-managed `aws/ecr` key (KMS) */
  readonly ecrKmsKeyArn?: pulumi.Input<string>;
  /** Tagged images kept by the ECR lifecycle policy (rollback depth). @default 50 */
  readonly imageRetentionCount?: number;
  /** Let `pulumi destroy` delete the repository with its images. @default false */
  readonly forceDeleteRepository?: boolean;
  /** AWS Distro for OpenTelemetry collector sidecar exporting traces to X-Ray. @default { enabled: false } */
  readonly tracing?: {
    readonly enabled: boolean;
    /** @default "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3" */
    readonly collectorImage?: string;
  };
  /**
   * One-off migration task definition (same image, this command), run by the pipeline before traffic moves.
   * @default undefined (none)
   */
  readonly migration?: {
    readonly command: readonly string[];
    /** Image version the migration runs. @default the idle colour's version (two colours), else release.version */
    readonly version?: string;
  };
  /** Customer-managed KMS key for the log group (its key policy must allow CloudWatch Logs). @default undefined (service-managed encryption) */
  readonly logGroupKmsKeyArn?: pulumi.Input<string>;
  /** Prefix of the task definition families and the log group name. @default "<stack>-<name>" */
  readonly familyPrefix?: string;
  /**
   * Egress of this service's own security group: exactly what its dependencies need (e.g. PostgreSQL to
   * the database's group), plus HTTPS for AWS APIs. Its ingress is only the ALB on `port` (API services)
   * or nothing (workers).
   * @default [{ port: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS to AWS APIs (ECR, Secrets Manager, Logs) and the internet through NAT" }]
   */
  readonly egress?: readonly ServiceEgressRule[];
  /** Extra IAM statements for the task role (what the application itself may do). @default [] */
  readonly taskRoleStatements?: readonly pulumi.Input<unknown>[];
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** {@link ServiceArgs} with defaults applied and validated. */
export interface ResolvedServiceArgs {
  readonly plan: ColourPlan;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly pathPatterns: readonly string[];
  readonly listenerPriority: number;
  readonly idleRouteHeader: string;
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly targetCpuPercent: number;
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  readonly secrets: readonly ServiceSecret[];
  readonly user: string;
  readonly scratchPaths: readonly string[];
  readonly livenessPath: string;
  readonly healthCheckCommand?: readonly string[];
  readonly logRetentionDays: number;
  readonly imageRetentionCount: number;
  readonly buildVersion?: string;
  readonly migrationVersion?: string;
  readonly familyPrefix: string;
}

/**
 * Apply defaults and validate {@link ServiceArgs} synchronously; throws one error listing every problem
 * with its argument path.
 */
export function resolveServiceArgs(
  name: string,
  args: ServiceArgs,
  stack = pulumi.getStack(),
): ResolvedServiceArgs {
  const errors: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,99}$/.test(name)) {
    errors.push(
      `name: must be 1-100 lowercase letters, digits or '-', starting with a letter (the prefix of its ECR, ECS and IAM names; got ${JSON.stringify(name)})`,
    );
  }
  if (!args.platform) errors.push("args.platform: required (a slipway:service:Cluster)");
  if (args.kind !== "api" && args.kind !== "worker") {
    errors.push(`args.kind: must be "api" or "worker" (got ${JSON.stringify(args.kind)})`);
  }
  const release = args.release ?? ({} as ServiceRelease);
  if (!args.release) errors.push("args.release: required");
  const planInput = {
    kind: args.kind,
    strategy: args.strategy,
    version: release.version,
    activeColour: release.activeColour,
    idleVersion: release.idleVersion,
    idleWeight: release.idleWeight,
  };
  const planErrors = args.release ? validateColourPlanInput(planInput) : [];
  errors.push(...planErrors);

  const port = args.port ?? 8080;
  const healthCheckPath = args.healthCheckPath ?? "/health";
  if (!/^\/[A-Za-z0-9_.~\-/]*$/.test(healthCheckPath) || healthCheckPath.length > 1024) {
    errors.push(
      `args.healthCheckPath: must be an absolute URL path (got ${JSON.stringify(healthCheckPath)})`,
    );
  }
  if (args.platform && Number.isInteger(port) && !args.platform.containerPorts.includes(port)) {
    errors.push(
      `args.port: ${port} is not one of the platform's containerPorts (${args.platform.containerPorts.join(", ")}); add it to the Cluster's containerPorts`,
    );
  }
  const pathPatterns = args.pathPatterns ?? ["/*"];
  const listenerPriority = args.listenerPriority ?? 100;
  const idleRouteHeader = args.idleRouteHeader ?? DEFAULT_IDLE_ROUTE_HEADER;
  if (args.kind === "api") {
    errors.push(...validateRouting({ pathPatterns, priority: listenerPriority, header: idleRouteHeader }));
  } else if (args.pathPatterns !== undefined || args.listenerPriority !== undefined) {
    errors.push(
      "args.pathPatterns: workers are not behind the load balancer; remove pathPatterns/listenerPriority",
    );
  }

  const cpu = args.cpu ?? 256;
  const memory = args.memory ?? 512;
  errors.push(...validateFargateSize(cpu, memory));

  const desiredCount = args.desiredCount ?? 2;
  if (!Number.isInteger(desiredCount) || desiredCount < 1 || desiredCount > 100) {
    errors.push(`args.desiredCount: must be an integer from 1 to 100 (got ${JSON.stringify(desiredCount)})`);
  }
  const minCount = args.autoscaling?.minCount ?? desiredCount;
  const maxCount = args.autoscaling?.maxCount ?? Math.max(4, desiredCount);
  const targetCpuPercent = args.autoscaling?.targetCpuPercent ?? 60;
  if (!Number.isInteger(minCount) || minCount < 1) {
    errors.push(
      `args.autoscaling.minCount: must be an integer of at least 1 (got ${JSON.stringify(minCount)})`,
    );
  }
  if (!Number.isInteger(maxCount) || maxCount < minCount) {
    errors.push(
      `args.autoscaling.maxCount: must be an integer not below minCount ${minCount} (got ${JSON.stringify(maxCount)})`,
    );
  }
  if (Number.isInteger(desiredCount) && (desiredCount < minCount || desiredCount > maxCount)) {
    errors.push(
      `args.desiredCount: ${desiredCount} must lie within autoscaling minCount..maxCount (${minCount}..${maxCount})`,
    );
  }
  if (!(targetCpuPercent >= 10 && targetCpuPercent <= 90)) {
    errors.push(
      `args.autoscaling.targetCpuPercent: must be from 10 to 90 (got ${JSON.stringify(targetCpuPercent)})`,
    );
  }

  const environment = args.environment ?? {};
  const secrets = args.secrets ?? [];
  const user = args.user ?? "1000:1000";
  const scratchPaths = args.scratchPaths ?? ["/tmp"];
  const healthCheckCommand = args.healthCheckCommand;
  const livenessPath = args.livenessPath ?? healthCheckPath;
  if (!/^\/[A-Za-z0-9_.~\-/]*$/.test(livenessPath) || livenessPath.length > 1024) {
    errors.push(`args.livenessPath: must be an absolute URL path (got ${JSON.stringify(livenessPath)})`);
  }
  errors.push(
    ...validateContainerInputs({
      port,
      user,
      // Only the names are validated here; values may be outputs.
      environment: Object.fromEntries(Object.keys(environment).map((k) => [k, ""])),
      secretNames: secrets.map((s) => s.name),
      scratchPaths,
      healthCheckCommand,
      command: args.command,
    }),
  );
  secrets.forEach((s, i) => {
    if (s.valueFrom === undefined || s.valueFrom === "")
      errors.push(`args.secrets[${i}].valueFrom: required (a Secrets Manager ARN)`);
    else if (typeof s.valueFrom === "string" && !/^arn:aws[a-z-]*:secretsmanager:/.test(s.valueFrom)) {
      errors.push(
        `args.secrets[${i}].valueFrom: must be a Secrets Manager secret ARN (got ${JSON.stringify(s.valueFrom)})`,
      );
    }
  });

  errors.push(...egressRuleErrors(args.egress ?? DEFAULT_SERVICE_EGRESS, "args.egress"));

  const logRetentionDays = args.logRetentionDays ?? 30;
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    errors.push(
      `args.logRetentionDays: must be one of CloudWatch's values (${LOG_RETENTION_DAYS.join(", ")}); got ${JSON.stringify(logRetentionDays)}`,
    );
  }
  const imageRetentionCount = args.imageRetentionCount ?? 50;
  if (!Number.isInteger(imageRetentionCount) || imageRetentionCount < 1 || imageRetentionCount > 1000) {
    errors.push(
      `args.imageRetentionCount: must be an integer from 1 to 1000 (got ${JSON.stringify(imageRetentionCount)})`,
    );
  }

  const image = args.image ?? {};
  if (image.uri !== undefined && image.buildContext !== undefined) {
    errors.push("args.image: give either uri or buildContext, not both");
  }
  if (
    image.uri !== undefined &&
    !/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._\-/]+([:@][A-Za-z0-9_.:-]+)$/.test(image.uri)
  ) {
    errors.push(
      `args.image.uri: must be a registry image reference pinned by tag or digest (got ${JSON.stringify(image.uri)})`,
    );
  }
  for (const [version, ref] of Object.entries(image.byVersion ?? {})) {
    if (!IMAGE_DIGEST_REF.test(ref))
      errors.push(
        `args.image.byVersion.${version}: must be <registry>/<repository>@sha256:<64 hex> (got ${JSON.stringify(ref)})`,
      );
  }
  if (image.buildContext !== undefined && !fs.existsSync(path.resolve(image.buildContext))) {
    errors.push(`args.image.buildContext: directory ${JSON.stringify(image.buildContext)} does not exist`);
  }
  if (
    (image.dockerfile !== undefined || image.buildVersion !== undefined) &&
    image.buildContext === undefined
  ) {
    errors.push("args.image.buildContext: required when dockerfile or buildVersion is given");
  }
  if (image.buildVersion !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(image.buildVersion)) {
    errors.push(
      `args.image.buildVersion: must be a valid image tag (got ${JSON.stringify(image.buildVersion)})`,
    );
  }
  if (
    args.tracing?.enabled &&
    args.tracing.collectorImage !== undefined &&
    !args.tracing.collectorImage.includes(":")
  ) {
    errors.push("args.tracing.collectorImage: pin the collector image by tag or digest");
  }
  if (args.migration !== undefined) {
    if (!Array.isArray(args.migration.command) || args.migration.command.length === 0) {
      errors.push("args.migration.command: must be a non-empty command array");
    }
    if (
      args.migration.version !== undefined &&
      !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(args.migration.version)
    ) {
      errors.push(
        `args.migration.version: must be a valid image tag (got ${JSON.stringify(args.migration.version)})`,
      );
    }
  }
  const familyPrefix = args.familyPrefix ?? `${stack}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(familyPrefix)) {
    errors.push(
      `args.familyPrefix: must be 1-200 letters, digits, '_' or '-' (got ${JSON.stringify(familyPrefix)})`,
    );
  }

  if (errors.length > 0) {
    throw new Error(`slipway:service:Service ${name}: invalid arguments\n  ${errors.join("\n  ")}`);
  }
  const plan = colourPlan(planInput);
  const idleSlot = plan.slots.find((s) => s.colour === plan.idleColour);
  return {
    plan,
    port,
    healthCheckPath,
    livenessPath,
    pathPatterns,
    listenerPriority,
    idleRouteHeader,
    cpu,
    memory,
    desiredCount,
    minCount,
    maxCount,
    targetCpuPercent,
    environment,
    secrets,
    user,
    scratchPaths,
    ...(healthCheckCommand ? { healthCheckCommand } : {}),
    logRetentionDays,
    imageRetentionCount,
    buildVersion: image.buildContext !== undefined ? (image.buildVersion ?? release.version) : undefined,
    migrationVersion:
      args.migration !== undefined
        ? (args.migration.version ?? idleSlot?.version ?? release.version)
        : undefined,
    familyPrefix,
  };
}

/** ECR repositories the given images come from (the execution role pulls from exactly those), sorted. */
export function imageRepositoryArns(image: ServiceImage | undefined): string[] {
  const refs = [...Object.values(image?.byVersion ?? {}), ...(image?.uri !== undefined ? [image.uri] : [])];
  return [...new Set(refs.map(ecrRepositoryArn).filter((a): a is string => a !== undefined))].sort();
}

export class Service extends pulumi.ComponentResource {
  public readonly kind: "api" | "worker";
  public readonly clusterName: pulumi.Output<string>;
  /** ECS service names per colour (`blue` only for one-service topologies). */
  public readonly ecsServiceNames: Partial<Record<Colour, pulumi.Output<string>>>;
  /** Image version per colour. */
  public readonly versions: Partial<Record<Colour, string>>;
  /** Image reference per colour. */
  public readonly images: Partial<Record<Colour, pulumi.Output<string>>>;
  public readonly activeColour: Colour;
  public readonly idleWeight: number;
  public readonly repositoryUrl: pulumi.Output<string>;
  public readonly repositoryArn: pulumi.Output<string>;
  /** Versions a colour (or the migration task) runs that have no image: deploying them cannot work. */
  public readonly missingImageVersions: readonly string[];
  public readonly logGroupName: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;
  /** This service's own security group (data stores it depends on accept connections from it). */
  public readonly securityGroupId: pulumi.Output<string>;
  /** API only: public base URL of the service. */
  public readonly url?: pulumi.Output<string>;
  /** API only: health check URL. */
  public readonly healthCheckUrl?: pulumi.Output<string>;
  /** Two-colour API only: header route to the idle colour. */
  public readonly idleRoute?: { readonly header: string; readonly value: Colour };
  public readonly cpu: number;
  public readonly memory: number;
  public readonly desiredCount: number;
  public readonly migrationTaskDefinitionFamily?: pulumi.Output<string>;
  /** ARN (family:revision) of the migration task definition revision this update registers. */
  public readonly migrationTaskDefinitionArn?: pulumi.Output<string>;
  public readonly networkConfiguration: pulumi.Output<{ subnets: string[]; securityGroups: string[] }>;
  /** Target group ARN suffixes per colour (API only), for CloudWatch alarms. */
  public readonly targetGroupArnSuffixes: Partial<Record<Colour, pulumi.Output<string>>>;
  /** ARN suffix of the shared load balancer (API only), for CloudWatch metric dimensions. */
  public readonly loadBalancerArnSuffix?: pulumi.Output<string>;
  /** Task definition ARNs per colour. */
  public readonly taskDefinitionArns: Partial<Record<Colour, pulumi.Output<string>>>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const r = resolveServiceArgs(name, args);
    super("slipway:service:Service", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const platform = args.platform;
    const plan = r.plan;
    this.kind = args.kind;
    this.activeColour = plan.activeColour;
    this.idleWeight = plan.idleWeight;
    this.cpu = r.cpu;
    this.memory = r.memory;
    this.desiredCount = r.desiredCount;
    this.clusterName = platform.clusterName;
    if (args.kind === "api") this.loadBalancerArnSuffix = platform.albArnSuffix;
    this.versions = Object.fromEntries(plan.slots.map((s) => [s.colour, s.version]));

    const region = aws.getRegionOutput({}, parent).region;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

    // Image repository: scan on push, immutable tags, KMS encryption, lifecycle.
    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [
          args.ecrKmsKeyArn !== undefined
            ? { encryptionType: "KMS", kmsKey: args.ecrKmsKeyArn }
            : { encryptionType: "KMS" },
        ],
        forceDelete: args.forceDeleteRepository ?? false,
        tags,
      },
      parent,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repo-lifecycle`,
      { repository: repo.name, policy: ecrLifecyclePolicy(r.imageRetentionCount) },
      parent,
    );
    this.repositoryUrl = repo.repositoryUrl;
    this.repositoryArn = repo.arn;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/ecs/${r.familyPrefix}`,
        retentionInDays: r.logRetentionDays,
        kmsKeyId: args.logGroupKmsKeyArn,
        tags,
      },
      parent,
    );
    this.logGroupName = logGroup.name;

    // Roles: the execution role pulls the image, writes the logs and reads exactly the given secrets; the
    // task role carries only what the application (and the tracing sidecar) needs.
    const assumeRolePolicy = accountId.apply(ecsTasksAssumeRolePolicy);
    const executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      { assumeRolePolicy, description: `ECS execution role of ${name}`, tags },
      parent,
    );
    const kmsKeys: pulumi.Input<string>[] = [...(args.secretsKmsKeyArns ?? [])];
    if (args.ecrKmsKeyArn !== undefined) kmsKeys.push(args.ecrKmsKeyArn);
    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-execution-policy`,
      {
        role: executionRole.name,
        policy: pulumi
          .all([repo.arn, logGroup.arn, pulumi.all(r.secrets.map((s) => s.valueFrom)), pulumi.all(kmsKeys)])
          .apply(([repositoryArn, logGroupArn, secretValueFroms, kmsKeyArns]) =>
            JSON.stringify(
              executionRolePolicy({
                repositoryArn,
                imageRepositoryArns: imageRepositoryArns(args.image),
                logGroupArn,
                secretValueFroms,
                kmsKeyArns,
              }),
            ),
          ),
      },
      parent,
    );
    const taskRole = new aws.iam.Role(
      `${name}-task-role`,
      { assumeRolePolicy, description: `ECS task role of ${name}`, tags },
      parent,
    );
    const tracing = args.tracing?.enabled === true;
    const extraStatements = args.taskRoleStatements ?? [];
    if (tracing || extraStatements.length > 0) {
      new aws.iam.RolePolicy(
        `${name}-task-policy`,
        {
          role: taskRole.name,
          policy: pulumi
            .all([region, accountId, pulumi.all([...extraStatements])])
            .apply(([rg, acct, extra]) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  ...(tracing
                    ? tracingStatements({ region: rg, accountId: acct })
                    : ([] as PolicyStatement[])),
                  ...extra,
                ],
              }),
            ),
        },
        parent,
      );
    }
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;

    // Image per colour: the version's digest, else the explicit URI, else the build.
    const byVersion = args.image?.byVersion ?? {};
    const missing = new Set<string>();
    const imageFor = (() => {
      const uri = args.image?.uri;
      if (uri !== undefined)
        return (version: string): pulumi.Output<string> => pulumi.output(byVersion[version] ?? uri);
      let built: awsx.ecr.Image | undefined;
      if (args.image?.buildContext !== undefined) {
        built = new awsx.ecr.Image(
          `${name}-image`,
          {
            repositoryUrl: repo.repositoryUrl,
            context: args.image.buildContext,
            dockerfile: args.image.dockerfile,
            platform: "linux/amd64",
            imageTag: r.buildVersion,
          },
          parent,
        );
      }
      return (version: string): pulumi.Output<string> => {
        if (byVersion[version] !== undefined) return pulumi.output(byVersion[version]);
        if (built !== undefined && version === r.buildVersion) return built.imageUri;
        missing.add(version);
        return pulumi.interpolate`${repo.repositoryUrl}:${version}`;
      };
    })();

    const taskDefinition = (role: string, version: string, oneOff: boolean, command?: readonly string[]) => {
      const image = imageFor(version);
      return {
        image,
        td: new aws.ecs.TaskDefinition(
          `${name}-td-${role}`,
          {
            family: `${r.familyPrefix}-${role}`,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(r.cpu),
            memory: String(r.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            volumes: r.scratchPaths.map((p) => ({ name: scratchVolumeName(p) })),
            containerDefinitions: pulumi
              .all([
                image,
                logGroup.name,
                region,
                pulumi.all(r.secrets.map((s) => s.valueFrom)),
                pulumi.output(r.environment),
              ])
              .apply(([img, logGroupName, rg, valueFroms, environment]) =>
                JSON.stringify(
                  containerDefinitions({
                    image: img,
                    kind: args.kind,
                    port: r.port,
                    user: r.user,
                    environment: environment as Record<string, string>,
                    secrets: r.secrets.map((s, i) => ({ name: s.name, valueFrom: valueFroms[i] })),
                    command: command ?? args.command,
                    healthCheckCommand: r.healthCheckCommand,
                    scratchPaths: r.scratchPaths,
                    logGroupName,
                    region: rg,
                    streamPrefix: role,
                    oneOff,
                    tracing: tracing
                      ? {
                          image: args.tracing?.collectorImage ?? DEFAULT_COLLECTOR_IMAGE,
                          config: DEFAULT_COLLECTOR_CONFIG,
                          serviceName: name,
                        }
                      : undefined,
                  }),
                ),
              ),
            tags,
          },
          parent,
        ),
      };
    };

    // Its own security group: from the ALB on its port (API only), to its dependencies only.
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: platform.vpcId,
        description:
          args.kind === "api"
            ? `ECS service ${name}: ingress only from the ALB on port ${r.port}; egress only to its dependencies`
            : `ECS service ${name}: no ingress; egress only to its dependencies`,
        tags,
      },
      parent,
    );
    this.securityGroupId = sg.id;
    const sgRules: pulumi.Resource[] = [];
    if (args.kind === "api") {
      sgRules.push(
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-in-alb`,
          {
            securityGroupId: sg.id,
            referencedSecurityGroupId: platform.albSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: r.port,
            toPort: r.port,
            description: `From the ALB on container port ${r.port}`,
            tags,
          },
          parent,
        ),
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-alb-out`,
          {
            securityGroupId: platform.albSecurityGroupId,
            referencedSecurityGroupId: sg.id,
            ipProtocol: "tcp",
            fromPort: r.port,
            toPort: r.port,
            description: `To ${name} on container port ${r.port}`,
            tags,
          },
          parent,
        ),
      );
    }
    (args.egress ?? DEFAULT_SERVICE_EGRESS).forEach((rule, i) => {
      const destinations: { cidrIpv4?: string; referencedSecurityGroupId?: pulumi.Input<string> }[] =
        rule.securityGroupId !== undefined
          ? [{ referencedSecurityGroupId: rule.securityGroupId }]
          : (rule.cidrBlocks ?? []).map((c) => ({ cidrIpv4: c }));
      destinations.forEach((d, j) => {
        sgRules.push(
          new aws.vpc.SecurityGroupEgressRule(
            `${name}-out-${i}-${j}`,
            {
              securityGroupId: sg.id,
              ipProtocol: "tcp",
              fromPort: rule.port,
              toPort: rule.port,
              ...d,
              description: rule.description,
              tags,
            },
            parent,
          ),
        );
      });
    });

    // Target groups and listener rules (API only).
    const targetGroups: Partial<Record<Colour, aws.lb.TargetGroup>> = {};
    const ruleResources: pulumi.Resource[] = [];
    if (args.kind === "api") {
      for (const slot of plan.slots) {
        targetGroups[slot.colour] = new aws.lb.TargetGroup(
          `${name}-tg-${slot.colour}`,
          {
            vpcId: platform.vpcId,
            port: r.port,
            protocol: "HTTP",
            targetType: "ip",
            deregistrationDelay: 30,
            healthCheck: {
              enabled: true,
              path: r.livenessPath,
              protocol: "HTTP",
              port: "traffic-port",
              matcher: "200-399",
              interval: 15,
              timeout: 5,
              healthyThreshold: 2,
              unhealthyThreshold: 3,
            },
            tags: { ...tags, "slipway:colour": slot.colour },
          },
          parent,
        );
      }
      for (const rule of listenerRules({
        plan,
        pathPatterns: r.pathPatterns,
        priority: r.listenerPriority,
        header: r.idleRouteHeader,
      })) {
        ruleResources.push(
          new aws.lb.ListenerRule(
            `${name}-rule-${rule.role}`,
            {
              listenerArn: platform.listenerArn,
              priority: rule.priority,
              conditions: rule.conditions.map((c) =>
                "pathPattern" in c
                  ? { pathPattern: { values: [...c.pathPattern.values] } }
                  : {
                      httpHeader: {
                        httpHeaderName: c.httpHeader.httpHeaderName,
                        values: [...c.httpHeader.values],
                      },
                    },
              ),
              actions: [
                {
                  type: "forward",
                  forward: {
                    targetGroups: rule.targets.map((t) => ({
                      arn: targetGroups[t.colour]!.arn,
                      weight: t.weight,
                    })),
                    stickiness: { enabled: false, duration: 1 },
                  },
                },
              ],
              tags,
            },
            { parent: this, dependsOn: [...platform.readyResources, ...sgRules] },
          ),
        );
      }
    }

    // One ECS service (+ autoscaling) per colour.
    const networkConfiguration = {
      subnets: platform.privateSubnetIds,
      securityGroups: [sg.id],
      assignPublicIp: false,
    };
    this.ecsServiceNames = {};
    this.images = {};
    this.taskDefinitionArns = {};
    this.targetGroupArnSuffixes = {};
    for (const slot of plan.slots) {
      const { td, image } = taskDefinition(slot.colour, slot.version, false);
      this.images[slot.colour] = image;
      this.taskDefinitionArns[slot.colour] = td.arn;
      const tg = targetGroups[slot.colour];
      const svc = new aws.ecs.Service(
        `${name}-${slot.colour}`,
        {
          cluster: platform.clusterArn,
          taskDefinition: td.arn,
          desiredCount: r.desiredCount,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          networkConfiguration,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          loadBalancers: tg
            ? [{ targetGroupArn: tg.arn, containerName: APP_CONTAINER, containerPort: r.port }]
            : [],
          healthCheckGracePeriodSeconds: tg ? 60 : undefined,
          enableExecuteCommand: false,
          enableEcsManagedTags: true,
          propagateTags: "SERVICE",
          waitForSteadyState: true,
          tags: { ...tags, "slipway:colour": slot.colour, "slipway:version": slot.version },
        },
        // Autoscaling owns the running count after creation.
        // Tasks start only once the image can be pulled and the target group is on the listener.
        {
          parent: this,
          dependsOn: [...ruleResources, ...sgRules, executionPolicy],
          ignoreChanges: ["desiredCount"],
        },
      );
      this.ecsServiceNames[slot.colour] = svc.name;
      if (tg) this.targetGroupArnSuffixes[slot.colour] = tg.arnSuffix;
      const target = new aws.appautoscaling.Target(
        `${name}-${slot.colour}-scaling`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${platform.clusterName}/${svc.name}`,
          minCapacity: r.minCount,
          maxCapacity: r.maxCount,
          tags,
        },
        parent,
      );
      new aws.appautoscaling.Policy(
        `${name}-${slot.colour}-cpu`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: r.targetCpuPercent,
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        parent,
      );
    }

    if (args.migration !== undefined && r.migrationVersion !== undefined) {
      const { td } = taskDefinition("migrate", r.migrationVersion, true, args.migration.command);
      this.migrationTaskDefinitionFamily = td.family;
      this.migrationTaskDefinitionArn = td.arn;
    }
    this.missingImageVersions = [...missing].sort();

    this.networkConfiguration = pulumi
      .all([platform.privateSubnetIds, sg.id])
      .apply(([subnets, sg]) => ({ subnets, securityGroups: [sg] }));
    if (args.kind === "api") {
      this.url = platform.baseUrl;
      this.healthCheckUrl = pulumi.interpolate`${platform.baseUrl}${r.healthCheckPath}`;
      if (plan.twoColour && plan.idleColour)
        this.idleRoute = { header: r.idleRouteHeader, value: plan.idleColour };
    }

    this.registerOutputs({
      clusterName: this.clusterName,
      ecsServiceNames: this.ecsServiceNames,
      versions: this.versions,
      activeColour: this.activeColour,
      idleWeight: this.idleWeight,
      repositoryUrl: this.repositoryUrl,
      logGroupName: this.logGroupName,
      url: this.url,
      healthCheckUrl: this.healthCheckUrl,
      idleRoute: this.idleRoute,
      migrationTaskDefinitionFamily: this.migrationTaskDefinitionFamily,
      migrationTaskDefinitionArn: this.migrationTaskDefinitionArn,
    });
  }

  /** This service as the stack outputs contract's `ServiceOutput` (`name` is the packet's component name). */
  public toServiceOutput(name: string): pulumi.Output<ServiceOutput> {
    const colours = Object.keys(this.ecsServiceNames) as Colour[];
    return pulumi
      .all([
        this.clusterName,
        pulumi.all(colours.map((c) => this.ecsServiceNames[c]!)),
        this.url ?? pulumi.output(undefined),
        this.healthCheckUrl ?? pulumi.output(undefined),
        pulumi.all([
          this.migrationTaskDefinitionFamily ?? pulumi.output(undefined),
          this.migrationTaskDefinitionArn ?? pulumi.output(undefined),
        ]),
        this.networkConfiguration,
        this.loadBalancerArnSuffix ?? pulumi.output(undefined),
        pulumi.all(colours.map((c) => this.targetGroupArnSuffixes[c] ?? pulumi.output(undefined))),
      ])
      .apply(
        ([
          clusterName,
          serviceNames,
          url,
          healthCheckUrl,
          [migration, migrationArn],
          networkConfiguration,
          loadBalancer,
          targetGroups,
        ]) => {
          const out: ServiceOutput = {
            name,
            kind: this.kind,
            clusterName,
            ecsServices: Object.fromEntries(colours.map((c, i) => [c, serviceNames[i]])),
            versions: { ...this.versions },
            activeColour: this.activeColour,
            idleWeight: this.idleWeight,
            cpu: this.cpu,
            memory: this.memory,
            desiredCount: this.desiredCount,
            networkConfiguration,
            ...(url !== undefined ? { url } : {}),
            ...(healthCheckUrl !== undefined ? { healthCheckUrl } : {}),
            ...(this.idleRoute ? { idleRoute: { ...this.idleRoute } } : {}),
            ...(migration !== undefined ? { migrationTaskDefinition: migration } : {}),
            ...(migrationArn !== undefined ? { migrationTaskDefinitionArn: migrationArn } : {}),
            ...(loadBalancer !== undefined
              ? {
                  metricDimensions: {
                    loadBalancer,
                    targetGroups: Object.fromEntries(
                      colours.flatMap((c, i) =>
                        targetGroups[i] !== undefined ? [[c, targetGroups[i]]] : [],
                      ),
                    ),
                  },
                }
              : {}),
          };
          return out;
        },
      );
  }
}
