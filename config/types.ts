/**
 * The types of the validated stack configuration (what `resolveStackConfig` returns and the program
 * builds from). Pure types; the keys, their types and defaults are declared once in `schema.json`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../lib/strategy";
import type { EnvironmentType, Strategy } from "../release/model";

/** Size and count of one kind of service. */
export interface ServiceSize {
  /** Fargate CPU units (256, 512, 1024, ...). */
  readonly cpu: number;
  /** Memory in MiB, a valid Fargate combination with `cpu`. */
  readonly memory: number;
  /** Tasks at deploy time (per colour for two-colour strategies). */
  readonly desiredCount: number;
  /** Autoscaling floor. */
  readonly minCount: number;
  /** Autoscaling ceiling. */
  readonly maxCount: number;
}

/** Per-service overrides, `slipway:services.<component name>`. */
export interface ServiceOverride extends Partial<ServiceSize> {
  /** Explicit image URI (e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:...`). */
  readonly image?: string;
  /** Directory with a Dockerfile: the image is built and pushed with `awsx.ecr.Image`. */
  readonly buildContext?: string;
  /** Dockerfile path relative to `buildContext`. @default "Dockerfile" */
  readonly dockerfile?: string;
}

/** Rotation of one env var secret by a rotation Lambda, `slipway:secretRotation.<NAME>`. */
export interface SecretRotationConfig {
  /** ARN of the rotation Lambda (its resource policy must let secretsmanager.amazonaws.com invoke it). */
  readonly lambdaArn: string;
  /** Rotate every N days, 1..1000 (exactly one of this and `scheduleExpression`). */
  readonly automaticallyAfterDays?: number;
  /** `rate(...)` or `cron(...)` (exactly one of this and `automaticallyAfterDays`). */
  readonly scheduleExpression?: string;
}

/** Release state, `slipway:release` (set by the deploy automation between phases). */
export interface ReleaseStateConfig {
  /** Version on the active colour. @default project-config metadata.version */
  readonly version?: string;
  /** Colour taking the main share of traffic. @default "blue" */
  readonly activeColour: Colour;
  /** Version on the idle colour (two-colour strategies). @default version */
  readonly idleVersion?: string;
  /** Percent of traffic to the idle colour, 0..100. @default 0 */
  readonly idleWeight: number;
  /**
   * Version (image tag) the one-off migration task definition runs, so the deploy automation can register
   * the new version's migrations while the services stay on the current one.
   * @default the idle colour's version (two-colour strategies), else version
   */
  readonly migrationVersion?: string;
}

/** Where alarms notify; every value is a config secret. */
export interface AlertEndpoints {
  /** PagerDuty CloudWatch integration URL (critical topic). */
  readonly pagerDutyUrl?: pulumi.Output<string>;
  /** Slack webhook (or relay) URL (critical, warning, info topics). */
  readonly slackWebhookUrl?: pulumi.Output<string>;
  /** E-mail addresses (critical and warning topics). */
  readonly emails?: readonly pulumi.Output<string>[];
}

export interface DomainConfig {
  /** Apex or delegated domain, e.g. `app.example.com`. */
  readonly name: string;
  /** Route 53 public hosted zone id of the domain. */
  readonly hostedZoneId: string;
  /** API host name. @default `api.<domain>` (resolved by the DNS component) */
  readonly apiHostname?: string;
  /** Static site host name. @default the domain */
  readonly siteHostname?: string;
}

export interface NetworkConfig {
  /** VPC IPv4 CIDR. */
  readonly vpcCidr: string;
  /** Availability zones: 2 staging, 3 production. */
  readonly azCount: number;
  /** NAT gateways: `single` staging, `perAz` production. */
  readonly natGateways: "single" | "perAz";
  /** S3 gateway + ECR/Secrets Manager/Logs interface endpoints. Production on, staging off. */
  readonly vpcEndpoints: boolean;
  /** VPC flow log retention (days). */
  readonly flowLogRetentionDays: number;
}

export interface DatabaseConfig {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Performance Insights retention: 7 or a multiple of 31 up to 731. */
  readonly performanceInsightsRetentionDays: number;
}

/** Sizes of every cache component (ElastiCache for Valkey). */
export interface CacheConfig {
  readonly nodeType: string;
  /** Replicas besides the primary (nodes = replicas + 1). */
  readonly replicas: number;
  readonly snapshotRetentionDays: number;
}

/** Settings of every message queue component (SQS). */
export interface QueueConfig {
  readonly visibilityTimeoutSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly maxReceiveCount: number;
}

/** The typed, validated configuration of one stack. */
export interface StackConfig {
  /** Pulumi project name. */
  readonly project: string;
  /** Pulumi stack name, e.g. `staging`. */
  readonly stack: string;
  /** File the stack's config lives in, e.g. `Pulumi.staging.yaml` (for messages). */
  readonly stackFile: string;
  readonly environmentType: EnvironmentType;
  /** AWS region (`aws:region`). */
  readonly region: string;
  /** Absolute path of the release root. */
  readonly artifactsDir: string;
  /** Strategy override (`slipway:strategy`); undefined = the release's. */
  readonly strategy?: Strategy;
  readonly release: ReleaseStateConfig;
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  readonly queue: QueueConfig;
  /** Defaults for API services (`backend_api`). */
  readonly apiDefaults: ServiceSize;
  /** Defaults for worker services (every other backend type). */
  readonly workerDefaults: ServiceSize;
  /** Per-service overrides by component name. */
  readonly services: Readonly<Record<string, ServiceOverride>>;
  /**
   * Images by digest per release version and component name (`slipway:images`, set by `npm run deploy`
   * from `--image` / `--images`); they come before an override's image or build context.
   */
  readonly images: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Custom domain; undefined = served on AWS-provided names. */
  readonly domain?: DomainConfig;
  readonly alerts: AlertEndpoints;
  /** Uptime SLA target in percent, e.g. 99.9. */
  readonly uptimeSlaTarget: number;
  /** OpenTelemetry (ADOT) sidecar exporting to X-Ray. */
  readonly tracing: boolean;
  /** Service log group retention (days). */
  readonly logRetentionDays: number;
  /** ALB deletion protection (production on). */
  readonly loadBalancerDeletionProtection: boolean;
  /** Secret values of the release's env vars, by variable name (`slipway:secrets`); see release/env.ts. */
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** Command (container `command`) of the one-off migration task; undefined = the image's default. */
  readonly migrationCommand?: readonly string[];
  /** Built static site assets to upload (absolute); undefined = no upload. */
  readonly siteAssetsDir?: string;
  /** Rotation of env var secrets by variable name (`slipway:secretRotation`); others do not rotate. */
  readonly secretRotation: Readonly<Record<string, SecretRotationConfig>>;
  /** Things worth saying under `pulumi up` (e.g. alarms without subscribers). Never secret. */
  readonly warnings: readonly string[];
}

/** Defaults that depend on the environment type. */
export interface EnvironmentDefaults {
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  readonly queue: QueueConfig;
  readonly apiDefaults: ServiceSize;
  readonly workerDefaults: ServiceSize;
  readonly logRetentionDays: number;
  readonly loadBalancerDeletionProtection: boolean;
  readonly tracing: boolean;
  readonly uptimeSlaTarget: number;
}
