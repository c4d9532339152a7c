/**
 * The Release model: one typed view of what the workflow handed over, built from the release root
 * (`project-config.json` + `ARTIFACTS/...`) after every document validated against `contracts/`.
 * Pure data: the Pulumi program, the planner and the deploy pipeline all read this, never the raw files.
 */

import type { Strategy } from "../lib/strategy";

export type { Strategy };
export type EnvironmentType = "development" | "staging" | "production";
export type Severity = "low" | "medium" | "high" | "critical";

/** An environment variable a backend service needs (from the backend report). */
export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  /** Plain value (non-secret with a default): goes to the task definition's `environment`. */
  readonly value?: string;
  /**
   * True when the variable is required and has no default: it carries a secret or a value the platform
   * provides, and goes to Secrets Manager and the task definition's `secrets`.
   */
  readonly secret: boolean;
}

/** One backend component of the architecture packet: becomes an ECS service. */
export interface ServiceSpec {
  /** Component name from the packet (used in resource names). */
  readonly name: string;
  /** Packet component type, e.g. `backend_api`, `backend_worker`. */
  readonly componentType: string;
  /** `api` for `backend_api` (behind the ALB), `worker` for every other backend type. */
  readonly kind: "api" | "worker";
  readonly purpose: string;
  /**
   * Names of the packet components this service uses (its packet entry's `dependencies`, each checked
   * to exist). Network paths, secrets and permissions are granted from these and nothing else.
   */
  readonly dependencies: readonly string[];
  /** Health check path for API services (from the API specifications; default `/health`). */
  readonly healthCheckPath: string;
  /**
   * Liveness path (process up, no dependency checks) when the packet or backend report lists one
   * (`/livez`, `/live`, `/liveness`, `/alive`, `/ping`): the ALB health check uses it, so a database
   * failover does not make ECS replace healthy tasks.
   */
  readonly livenessPath?: string;
  /** Container port (from a `PORT` default in the backend report; default 8080). */
  readonly port: number;
  /** Environment variables from the backend report (all backend services share the report). */
  readonly environment: readonly EnvVarSpec[];
}

export interface FrontendSpec {
  readonly name: string;
  readonly framework?: string;
}

/** A cache component: an ElastiCache for Valkey replication group. */
export interface CacheSpec {
  readonly name: string;
}

/** A message queue component: an SQS queue with its dead-letter queue. */
export interface QueueSpec {
  readonly name: string;
  /** FIFO when the packet asks for ordering (its purpose or responsibilities say ordered/FIFO/exactly once). */
  readonly fifo: boolean;
}

/** An object storage component: a private S3 bucket for application data. */
export interface BucketSpec {
  readonly name: string;
}

/** A Bedrock model the AI report names (`provider` AWS Bedrock). */
export interface BedrockModelSpec {
  /** The ID as the services invoke it (a foundation model or a cross-Region inference profile ID). */
  readonly id: string;
  readonly kind: "foundation-model" | "inference-profile";
  readonly useCase: string;
  /** Where the report names it (JSON pointer), for messages. */
  readonly field: string;
}

/** An external model provider (OpenAI, Anthropic, ...): reached over HTTPS with an API key. */
export interface ExternalProviderSpec {
  /** The provider as the report names it. */
  readonly provider: string;
  /** Environment variable carrying the API key (a Secrets Manager secret, never generated). */
  readonly keyVar: string;
  /** The API host the services call (egress: HTTPS through the NAT gateway). */
  readonly host: string;
  /** The models the report uses from it. */
  readonly models: readonly string[];
}

/**
 * The AI components of `ARTIFACTS/ai-engineer/ai-implementation-report.json`: the models, who calls
 * them, the provider keys and the vector store.
 */
export interface AiSpec {
  /**
   * The backend services that call the models (see `release/ai.ts`): the dependents of the packet's AI
   * components when it has some; else the services whose purpose says they use AI; else every backend.
   */
  readonly users: readonly string[];
  /** How `users` was decided (shown in the plan). */
  readonly usersFrom: "dependencies" | "purpose" | "all-backends";
  readonly bedrockModels: readonly BedrockModelSpec[];
  readonly providers: readonly ExternalProviderSpec[];
  /** Self-hosted models: they run inside the services' containers; nothing is provisioned for them. */
  readonly inProcessModels: readonly string[];
  /** `context_strategy.vector_database` when slipway provides it: pgvector on the release's database. */
  readonly vectorStore?: { readonly provider: "pgvector"; readonly database: string };
  /** The report's p95 latency (`evaluation_results.evaluation_metrics.latency_p95_ms`), for the alarms. */
  readonly latencyP95Ms?: number;
}

export interface DatabaseSpec {
  readonly name: string;
  /** Engine from the packet/project config, e.g. `postgresql`. */
  readonly engine: string;
  /** Major version, e.g. `16` (from "postgresql 16"; default 16). */
  readonly majorVersion: string;
}

export interface MigrationSpec {
  readonly file: string;
  readonly description: string;
  readonly status: "pending" | "applied" | "failed";
  readonly rollbackAvailable: boolean;
}

export interface EnvironmentSpec {
  readonly name: string;
  readonly type: EnvironmentType;
  readonly autoDeploy: boolean;
  readonly requiresApproval: boolean;
}

/** Performance baseline from the QA report (all optional: the report may not have run performance tests). */
export interface QaBaseline {
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly p99Ms?: number;
  readonly requestsPerSecond?: number;
  readonly errorRatePercent?: number;
}

export interface KnownIssue {
  readonly description: string;
  readonly severity: Severity;
  readonly workaround?: string;
  /** Which report it came from: `backend`, `frontend`, `qa`. */
  readonly source: string;
}

/** Facts the gates decide on (the decision itself is a pure function elsewhere). */
export interface GateFacts {
  readonly qaRecommendation: "approve_for_deployment" | "needs_fixes" | "major_issues";
  readonly qaBlockers: readonly string[];
  readonly qaOverrideAllowed: boolean;
  /** `human_gates.deployment_approval` from project-config (default true). */
  readonly deploymentApprovalRequired: boolean;
  /** `stages.deployment.human_approval_received` in workflow-state, or an `approval` interaction for `deployment`. */
  readonly deploymentApprovalReceived: boolean;
  /** A recorded QA override reason (a workflow-state `decision` interaction for qa_testing/deployment), if any. */
  readonly qaOverrideReason?: string;
}

export interface Release {
  /** Absolute path of the release root. */
  readonly root: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly workflowId?: string;
  /** Release version (project-config `metadata.version`). */
  readonly version: string;
  readonly owner: string;
  readonly team: string;
  readonly dataClassification: "public" | "internal" | "confidential" | "restricted";
  readonly complianceFrameworks: readonly string[];
  readonly strategy: Strategy;
  readonly rollbackEnabled: boolean;
  readonly environments: readonly EnvironmentSpec[];
  readonly services: readonly ServiceSpec[];
  readonly frontend?: FrontendSpec;
  readonly database?: DatabaseSpec;
  /** Cache components (`type: cache`). */
  readonly caches: readonly CacheSpec[];
  /** Message queue components (`type: message_queue`). */
  readonly queues: readonly QueueSpec[];
  /** Object storage components (`type: storage`, `object_storage`, `file_storage`). */
  readonly buckets: readonly BucketSpec[];
  /** AI components, when the release has an AI report. */
  readonly ai?: AiSpec;
  readonly migrations: readonly MigrationSpec[];
  readonly qaBaseline: QaBaseline;
  readonly knownIssues: readonly KnownIssue[];
  readonly gates: GateFacts;
  readonly notificationChannels: readonly string[];
  /** project-config `project_type`, e.g. `full_stack_web_app`, `api_only_backend`. */
  readonly projectType?: string;
  /** project-config `description`. */
  readonly description?: string;
  /** The packet's `technology_stack.infrastructure.services` (compared with what each stack provisions). */
  readonly infrastructureServices?: readonly string[];
  /** Non-blocking observations made while loading (e.g. packet and project-config disagree on strategy). */
  readonly warnings?: readonly string[];
}
