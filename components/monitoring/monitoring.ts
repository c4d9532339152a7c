/**
 * Monitoring: SNS topics per severity (KMS-encrypted), CloudWatch alarms with the role document's
 * thresholds, informational EventBridge events, a dashboard and uptime canaries.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AlarmOutput, Colour } from "../../outputs";

/** One colour (target group + ECS service) of an API service behind the ALB. */
export interface MonitoredApiTarget {
  /** Colour of this deployment (`blue` only for rolling/direct). */
  readonly colour: Colour;
  /**
   * ARN suffix of the colour's target group (`targetgroup/<name>/<id>`), the CloudWatch `TargetGroup`
   * dimension (`aws.lb.TargetGroup.arnSuffix`).
   * @example "targetgroup/orders-blue/73e2d6bc24d8a067"
   */
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /** ECS service name of this colour (`ServiceName` dimension). */
  readonly serviceName: pulumi.Input<string>;
}

/** An API service (`backend_api`): reachable through the ALB. */
export interface MonitoredApi {
  /** Component name from the architecture packet (used in alarm names). @example "api" */
  readonly name: string;
  /**
   * ARN suffix of the ALB (`app/<name>/<id>`), the CloudWatch `LoadBalancer` dimension
   * (`aws.lb.LoadBalancer.arnSuffix`).
   */
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  /** ECS cluster name (`ClusterName` dimension). */
  readonly clusterName: pulumi.Input<string>;
  /** One entry per colour: one (`blue`) for rolling/direct, two for blue_green/canary. */
  readonly targets: readonly MonitoredApiTarget[];
  /**
   * The colour that takes the main share of traffic; the "zero healthy hosts" alarm watches it.
   * @default "blue"
   */
  readonly activeColour?: Colour;
}

/** A backend service that is not behind the ALB (`backend_worker` and other backend types). */
export interface MonitoredWorker {
  /** Component name from the architecture packet. @example "worker" */
  readonly name: string;
  /** ECS cluster name (needs Container Insights for the running-task alarm). */
  readonly clusterName: pulumi.Input<string>;
  /** ECS service name. */
  readonly serviceName: pulumi.Input<string>;
}

/** The RDS instance. */
export interface MonitoredDatabase {
  /** Component name from the architecture packet. @example "db" */
  readonly name: string;
  /** RDS instance identifier (`DBInstanceIdentifier` dimension). */
  readonly instanceIdentifier: pulumi.Input<string>;
  /**
   * Allocated storage in GiB: the free-storage alarm fires below 10 % of it (raise it with storage
   * autoscaling's maximum in mind).
   * @example 20
   */
  readonly allocatedStorageGiB: number;
  /**
   * CloudWatch log group that receives the instance's exported `postgresql` log; the connection-failure
   * metric filter is created on it. Pass the database component's log group so it exists first.
   * @default "/aws/rds/instance/<instanceIdentifier>/postgresql"
   */
  readonly logGroupName?: pulumi.Input<string>;
}

/** An ACM certificate in the stack's region (the ALB certificate). */
export interface MonitoredCertificate {
  /** Short name used in the alarm name. @example "api" */
  readonly name: string;
  /** Certificate ARN (`CertificateArn` dimension of `AWS/CertificateManager DaysToExpiry`). */
  readonly arn: pulumi.Input<string>;
}

/** A public endpoint checked by an uptime canary. */
export interface UptimeEndpoint {
  /** Short name (lowercase letters, digits, `-`; used in the canary name). @example "site" */
  readonly name: string;
  /** Absolute HTTPS (or HTTP when no domain is configured) URL that must answer 2xx. */
  readonly url: pulumi.Input<string>;
}

/**
 * Where alerts go. Values are secrets (webhook URLs and addresses): they are only ever used as SNS
 * subscription endpoints and never exported or logged.
 */
export interface NotificationEndpoints {
  /** PagerDuty CloudWatch integration URL (HTTPS). Subscribed to the critical topic (pages). */
  readonly pagerDutyUrl?: pulumi.Input<string>;
  /** Slack webhook / relay URL (HTTPS). Subscribed to the critical, warning and info topics. */
  readonly slackWebhookUrl?: pulumi.Input<string>;
  /** E-mail addresses. Subscribed to the critical and warning topics. */
  readonly emails?: readonly pulumi.Input<string>[];
}

/** Uptime canary settings. */
export interface UptimeSettings {
  /**
   * Availability target in percent: the uptime alarm fires when the canary's `SuccessPercent` over
   * `windowMinutes` falls below it.
   * @default 99.9
   */
  readonly slaPercent?: number;
  /** Window the availability is computed over, in minutes (a multiple of 1, at most 1440). @default 60 */
  readonly windowMinutes?: number;
  /** How often each canary runs, in minutes. @default 1 */
  readonly scheduleMinutes?: number;
  /** Synthetics runtime. @default "syn-nodejs-puppeteer-9.1" */
  readonly runtimeVersion?: string;
  /** Days to keep canary artifacts (screenshots, HAR, logs) in the private bucket. @default 30 */
  readonly artifactRetentionDays?: number;
}

export interface MonitoringArgs {
  /**
   * Prefix of every alarm, topic, dashboard and canary name: `<project>-<environment>`.
   * Lowercase letters, digits and `-`.
   * @example "taskflow-production"
   */
  readonly namePrefix: string;
  /** AWS region of the stack (dashboard widgets and console URL). @example "eu-west-1" */
  readonly region: string;
  /** API services behind the ALB. @default [] */
  readonly apis?: readonly MonitoredApi[];
  /** Worker services (not behind the ALB). @default [] */
  readonly workers?: readonly MonitoredWorker[];
  /** The database, when the release has one. @default undefined (no database alarms) */
  readonly database?: MonitoredDatabase;
  /** Regional ACM certificates to watch for expiry. @default [] */
  readonly certificates?: readonly MonitoredCertificate[];
  /**
   * p95 latency baseline in milliseconds, from the QA report's performance metrics. Critical above 2x,
   * warning above 1.5x.
   * @default 500 (when the QA report has no p95: critical 1 s, warning 0.75 s)
   * @example 180
   */
  readonly latencyBaselineP95Ms?: number;
  /** Public endpoints (site URL, API health URL) checked by uptime canaries. @default [] */
  readonly endpoints?: readonly UptimeEndpoint[];
  /** Uptime canary and SLA settings. @default {} (99.9 % over 60 minutes, runs every minute) */
  readonly uptime?: UptimeSettings;
  /** Alert endpoints (secrets). @default {} (topics without subscriptions) */
  readonly notifications?: NotificationEndpoints;
  /**
   * Connection failures (PostgreSQL FATAL connection/authentication errors) in 5 minutes above which
   * the database alarm pages.
   * @default 5
   */
  readonly databaseConnectionFailureThreshold?: number;
  /** Tags on taggable resources (on top of the provider's default tags). @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The monitoring stack of one environment.
 *
 * @example
 * new Monitoring("monitoring", {
 *   namePrefix: "taskflow-staging",
 *   region: "eu-west-1",
 *   apis: [{ name: "api", loadBalancerArnSuffix: alb.arnSuffix, clusterName: cluster.name,
 *            targets: [{ colour: "blue", targetGroupArnSuffix: tg.arnSuffix, serviceName: svc.name }] }],
 *   latencyBaselineP95Ms: release.qaBaseline.p95Ms,
 *   endpoints: [{ name: "site", url: siteUrl }],
 *   notifications: { pagerDutyUrl: cfg.requireSecret("pagerDutyUrl") },
 * });
 */
export class Monitoring extends pulumi.ComponentResource {
  /** Every alarm as `{ name, severity, condition, channel }` (the stack outputs' `alarms`). */
  public readonly alarms!: pulumi.Output<AlarmOutput[]>;
  /** SNS topic ARNs per severity. */
  public readonly topicArns!: pulumi.Output<Record<"critical" | "warning" | "info", string>>;
  /** CloudWatch dashboard name. */
  public readonly dashboardName!: pulumi.Output<string>;
  /** CloudWatch console URL of the dashboard. */
  public readonly dashboardUrl!: pulumi.Output<string>;
  /** Names of the uptime canaries, one per endpoint. */
  public readonly canaryNames!: pulumi.Output<string[]>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:monitoring:Monitoring", name, {}, opts);
    void args;
    throw new Error("Monitoring: not implemented yet");
  }
}
