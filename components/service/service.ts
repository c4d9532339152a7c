/**
 * `slipway:service:Service`: one backend service on ECS Fargate. ECR repository, log group, execution and
 * task roles, task definition(s), ECS service(s) with circuit breaker and CPU autoscaling, and for API
 * services target group(s) + listener rules on the platform's shared listener. Two-colour strategies
 * (`blue_green`, `canary`) run an API service as two colours behind a weighted rule plus a header rule
 * that reaches the idle colour for pre-traffic smoke tests.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../../outputs";
import type { Strategy } from "../../release/model";
import type { ServicePlatform } from "./cluster";

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
   * Explicit image URI used for every colour (pinned by tag or digest).
   * @example "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:..."
   */
  readonly uri?: string;
  /** Docker build context; built with `awsx.ecr.Image` and pushed to this service's repository. */
  readonly buildContext?: string;
  /** Dockerfile path (relative to the context). @default "<context>/Dockerfile" */
  readonly dockerfile?: string;
  /** Tag of the built image; colours running this version use the build. @default release.version */
  readonly buildVersion?: string;
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
  /** HTTP health check path (target group and default container health check). @default "/health" */
  readonly healthCheckPath?: string;
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
  /** Desired tasks per colour at deploy time. @default 2 */
  readonly desiredCount?: number;
  /** Autoscaling bounds and CPU target. @default { minCount: desiredCount, maxCount: max(4, desiredCount), targetCpuPercent: 60 } */
  readonly autoscaling?: {
    readonly minCount?: number;
    readonly maxCount?: number;
    readonly targetCpuPercent?: number;
  };
  /** Plain environment variables. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
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
   * Container health check command.
   * @default ["CMD-SHELL", "curl -fsS http://localhost:<port><healthCheckPath> || exit 1"]
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
  /** One-off migration task definition (same image, this command). @default undefined (none) */
  readonly migration?: { readonly command: readonly string[] };
  /** Extra IAM statements for the task role (what the application itself may do). @default [] */
  readonly taskRoleStatements?: readonly unknown[];
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

export class Service extends pulumi.ComponentResource {
  public readonly kind!: "api" | "worker";
  public readonly clusterName!: pulumi.Output<string>;
  /** ECS service names per colour (`blue` only for one-service topologies). */
  public readonly ecsServiceNames!: Partial<Record<Colour, pulumi.Output<string>>>;
  /** Image version per colour. */
  public readonly versions!: Partial<Record<Colour, string>>;
  public readonly activeColour!: Colour;
  public readonly idleWeight!: number;
  public readonly repositoryUrl!: pulumi.Output<string>;
  public readonly logGroupName!: pulumi.Output<string>;
  /** API only. */
  public readonly url?: pulumi.Output<string>;
  public readonly healthCheckUrl?: pulumi.Output<string>;
  public readonly idleRoute?: { readonly header: string; readonly value: Colour };
  public readonly cpu!: number;
  public readonly memory!: number;
  public readonly desiredCount!: number;
  public readonly migrationTaskDefinitionFamily?: pulumi.Output<string>;
  public readonly networkConfiguration!: pulumi.Output<{ subnets: string[]; securityGroups: string[] }>;
  /** Target group ARN suffixes per colour (API only), for CloudWatch alarms. */
  public readonly targetGroupArnSuffixes!: Partial<Record<Colour, pulumi.Output<string>>>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:service:Service", name, {}, opts);
    void args;
    this.registerOutputs({});
  }
}
