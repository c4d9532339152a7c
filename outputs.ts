/**
 * The stack outputs contract: what `index.ts` exports and what the automation (smoke tests, report,
 * rollback) reads back from a stack. One source of truth for "where it runs".
 *
 * Secrets never appear here: no passwords, no secret values, only names and ARNs.
 */

import type { Colour } from "./lib/strategy";

export type { Colour };

/** How a pre-traffic request reaches the idle colour (header-routed listener rule). */
export interface IdleRoute {
  /** HTTP header name, e.g. `x-slipway-colour`. */
  readonly header: string;
  /** Header value that selects the idle colour. */
  readonly value: string;
}

/** One backend service as deployed. */
export interface ServiceOutput {
  /** Component name from the architecture packet. */
  readonly name: string;
  /** `api` services are behind the ALB; `worker` (and other backend types) are not reachable. */
  readonly kind: "api" | "worker";
  /** ECS cluster name. */
  readonly clusterName: string;
  /** ECS service names per colour (one entry, `blue`, for rolling/direct). */
  readonly ecsServices: Partial<Record<Colour, string>>;
  /** Image version per colour. */
  readonly versions: Partial<Record<Colour, string>>;
  /** The colour that takes the main share of traffic. */
  readonly activeColour: Colour;
  /** Percent of traffic sent to the idle colour (0 = none; canary steps use 10, 50). */
  readonly idleWeight: number;
  /** Public base URL of the service (API only). */
  readonly url?: string;
  /** Health check URL (API only). */
  readonly healthCheckUrl?: string;
  /** Header route that reaches the idle colour for pre-traffic smoke tests (two-colour strategies only). */
  readonly idleRoute?: IdleRoute;
  /** CPU units and memory (MiB) of one task. */
  readonly cpu: number;
  readonly memory: number;
  /** Desired task count per colour at deploy time. */
  readonly desiredCount: number;
  /** Name of the one-off migration task definition family, when the release has migrations. */
  readonly migrationTaskDefinition?: string;
  /**
   * ARN of the migration task definition revision this update registered (`family:revision`): the
   * pipeline runs exactly this revision, never whatever is latest in the family.
   */
  readonly migrationTaskDefinitionArn?: string;
  /**
   * CloudWatch dimensions of the API's load balancer and per-colour target groups (the ARN suffixes,
   * `app/<name>/<id>` and `targetgroup/<name>/<id>`), for canary analysis of one colour. API only.
   */
  readonly metricDimensions?: {
    readonly loadBalancer: string;
    readonly targetGroups: Partial<Record<Colour, string>>;
  };
  /** Subnets and security group for one-off tasks (migrations) in the private subnets. */
  readonly networkConfiguration?: { readonly subnets: string[]; readonly securityGroups: string[] };
}

/** The static site, when the packet has a frontend. */
export interface FrontendOutput {
  readonly name: string;
  readonly url: string;
  readonly bucketName: string;
  readonly distributionId: string;
}

/** The database, when the packet has one. Never a password: only where the managed secret lives. */
export interface DatabaseOutput {
  readonly name: string;
  readonly instanceIdentifier: string;
  readonly endpoint: string;
  readonly port: number;
  readonly engineVersion: string;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  /** ARN of the RDS-managed master user secret. */
  readonly masterSecretArn: string;
}

/** One CloudWatch alarm as configured. */
export interface AlarmOutput {
  readonly name: string;
  readonly severity: "critical" | "warning" | "info";
  /** Human-readable condition, e.g. `5xx error rate > 5 % for 3 of 5 minutes`. */
  readonly condition: string;
  /** Where it notifies, e.g. `sns:slipway-production-critical (pagerduty, slack)`. */
  readonly channel: string;
}

/** Everything `index.ts` exports. */
export interface StackOutputs {
  readonly project: string;
  readonly environment: string;
  readonly environmentType: "staging" | "production" | "development";
  readonly region: string;
  readonly version: string;
  readonly strategy: "blue_green" | "canary" | "rolling" | "direct";
  readonly services: ServiceOutput[];
  readonly frontend?: FrontendOutput;
  readonly database?: DatabaseOutput;
  readonly alarms: AlarmOutput[];
  readonly dashboardUrl: string;
  /** Log group retention in days (all service log groups share it). */
  readonly logRetentionDays: number;
  /** Whether traffic is served over HTTPS with a managed certificate (a domain is configured). */
  readonly tls: { readonly enabled: boolean; readonly domain?: string; readonly certificateArn?: string };
  /** Counts of resources by type token, for the report's resource summary. */
  readonly resourceSummary: Record<string, number>;
}
