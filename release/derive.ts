/**
 * Pure derivations from the (already schema-valid) workflow documents to the Release model: topology,
 * environment variables, health check path, port, QA baseline, gate facts, known issues. No I/O and
 * nothing specific to any one application: every decision is a rule over the documents.
 *
 * Functions that can find a problem return `Issue`s (file, JSON pointer, problem, fix) instead of
 * throwing, so `loadRelease` reports every problem at once.
 */
import { ARTIFACT_PATHS, type ContractName } from "../contracts";
import { didYouMean } from "../lib/suggest";
import { asksForOrdering, componentRole, unsupportedTypeMessage } from "./components";
import type {
  BucketSpec,
  CacheSpec,
  DatabaseSpec,
  EnvVarSpec,
  EnvironmentSpec,
  FrontendSpec,
  GateFacts,
  KnownIssue,
  MigrationSpec,
  QaBaseline,
  QueueSpec,
  ServiceSpec,
  Severity,
  Strategy,
} from "./model";

/** A problem in one field of one file; `loadRelease` turns these into `InputError`s. */
export interface Issue {
  /** File relative to the release root, e.g. `ARTIFACTS/qa-engineer/qa-test-report.json`. */
  readonly file: string;
  /** JSON pointer of the field. */
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** The artifacts a release root holds, by the contract each is validated against (`contracts/`). */
export const ARTIFACT_CONTRACTS = {
  projectConfig: "project-config",
  packet: "architecture-handover-packet",
  backend: "backend-implementation-report",
  frontend: "frontend-implementation-report",
  qa: "qa-test-report",
  workflowState: "workflow-state",
  ai: "ai-implementation-report",
} as const satisfies Readonly<Record<string, ContractName>>;

/** Artifact paths under a release root (the one table of paths is `contracts/`' ARTIFACT_PATHS). */
export const FILES = Object.fromEntries(
  Object.entries(ARTIFACT_CONTRACTS).map(([key, contract]) => [key, ARTIFACT_PATHS[contract]]),
) as { readonly [K in keyof typeof ARTIFACT_CONTRACTS]: string };

// ---------------------------------------------------------------------------------------------------
// Document shapes (the subset slipway reads; the schemas guarantee the types of what is present).

export interface PacketComponent {
  readonly name: string;
  readonly type: string;
  readonly purpose: string;
  readonly responsibilities?: readonly string[];
  readonly dependencies?: readonly string[];
}

export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly description?: string;
  readonly authentication_required?: boolean;
}

export interface PacketDoc {
  readonly system_components: readonly PacketComponent[];
  readonly api_specifications: readonly Endpoint[];
  readonly technology_stack: {
    readonly frontend?: { readonly framework?: string };
    readonly database?: { readonly type?: string; readonly name?: string };
    readonly infrastructure?: {
      readonly cloud_provider?: string;
      readonly services?: readonly string[];
    };
  };
  readonly architecture_overview?: { readonly architecture_style?: string };
  readonly deployment_architecture: { readonly strategy: Strategy };
}

export interface EnvVarDoc {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly default_value?: string;
}

export interface KnownIssueDoc {
  readonly description: string;
  readonly severity: Severity;
  readonly workaround?: string;
}

export interface BackendDoc {
  readonly api_endpoints_implemented: readonly Endpoint[];
  readonly database_migrations: readonly {
    readonly file_name: string;
    readonly description: string;
    readonly status: MigrationSpec["status"];
    readonly rollback_available?: boolean;
  }[];
  readonly environment_variables?: readonly EnvVarDoc[];
  readonly known_issues?: readonly KnownIssueDoc[];
}

export interface FrontendDoc {
  readonly known_issues?: readonly KnownIssueDoc[];
}

export interface QaDoc {
  readonly recommendation: GateFacts["qaRecommendation"];
  readonly deployment_blockers?: readonly string[];
  readonly non_functional_tests: {
    readonly performance?: {
      readonly status: string;
      readonly metrics?: {
        readonly p50_response_time_ms?: number;
        readonly p95_response_time_ms?: number;
        readonly p99_response_time_ms?: number;
        readonly requests_per_second?: number;
        readonly error_rate_percentage?: number;
      };
    };
  };
  readonly bugs_found: readonly {
    readonly bug_id: string;
    readonly severity: Severity;
    readonly description: string;
    readonly status: string;
  }[];
}

export interface WorkflowStateDoc {
  readonly workflow_id: string;
  readonly stages: Record<string, { readonly status: string; readonly human_approval_received?: boolean }>;
  readonly human_interactions?: readonly {
    readonly timestamp: string;
    readonly stage: string;
    readonly interaction_type: string;
    readonly details?: string;
  }[];
}

export interface ProjectConfigDoc {
  readonly project_name: string;
  readonly project_id?: string;
  readonly project_type: string;
  readonly description?: string;
  readonly technology_stack?: { readonly database?: { readonly primary?: string } };
  readonly governance?: {
    readonly data_classification?: "public" | "internal" | "confidential" | "restricted";
    readonly compliance_frameworks?: readonly string[];
  };
  readonly human_gates?: { readonly deployment_approval?: boolean; readonly qa_override_allowed?: boolean };
  readonly deployment?: {
    readonly environments?: readonly {
      readonly name: string;
      readonly type: EnvironmentSpec["type"];
      readonly auto_deploy?: boolean;
      readonly requires_approval?: boolean;
    }[];
    readonly deployment_strategy?: Strategy;
    readonly rollback_enabled?: boolean;
  };
  readonly notifications?: { readonly channels?: readonly string[] };
  readonly metadata?: { readonly version?: string; readonly owner?: string; readonly team?: string };
}

// ---------------------------------------------------------------------------------------------------
// Names

/** Longest component name: it goes into ECS service, target group (32 chars) and log group names. */
export const MAX_NAME_LENGTH = 20;
const NAME_RE = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** Why `name` is not usable in AWS resource names, or undefined when it is. */
export function invalidNameReason(name: string, max = MAX_NAME_LENGTH): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > max) return `is ${name.length} characters long (at most ${max})`;
  if (!NAME_RE.test(name))
    return "must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen";
  if (name.includes("--")) return "must not contain consecutive hyphens";
  return undefined;
}

/** A resource-name slug: `"Acme Shop Web"` -> `"acme-shop-web"`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^[^a-z]+/, "");
}

// ---------------------------------------------------------------------------------------------------
// Topology

export interface Topology {
  readonly services: readonly Omit<ServiceSpec, "healthCheckPath" | "port" | "environment">[];
  readonly frontend?: FrontendSpec;
  /** Database component name (engine and version come from `databaseEngine`). */
  readonly databaseName?: string;
  readonly caches: readonly CacheSpec[];
  readonly queues: readonly QueueSpec[];
  readonly buckets: readonly BucketSpec[];
  /** AI components (`type` ai, ai_service, llm, ...): they stand for the AI report's models. */
  readonly aiComponents: readonly string[];
}

/** Services, frontend and database from the packet's `system_components`, with every problem found. */
export function deriveTopology(packet: PacketDoc): { topology: Topology; issues: Issue[] } {
  const issues: Issue[] = [];
  const file = FILES.packet;
  const services: Omit<ServiceSpec, "healthCheckPath" | "port" | "environment">[] = [];
  const frontends: FrontendSpec[] = [];
  const databases: string[] = [];
  const caches: CacheSpec[] = [];
  const queues: QueueSpec[] = [];
  const buckets: BucketSpec[] = [];
  const aiComponents: string[] = [];
  const seen = new Map<string, number>();

  packet.system_components.forEach((c, i) => {
    const field = `/system_components/${i}`;
    const reason = invalidNameReason(c.name);
    if (reason) {
      issues.push({
        file,
        field: `${field}/name`,
        problem: `component name "${c.name}" ${reason}: it is used in AWS resource names`,
        fix: `rename the component, e.g. "${slugify(c.name).slice(0, MAX_NAME_LENGTH) || "app"}"`,
      });
    }
    const key = c.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        file,
        field: `${field}/name`,
        problem: `component name "${c.name}" duplicates /system_components/${first}/name`,
        fix: "give every component a unique name",
      });
    } else {
      seen.set(key, i);
    }
    const role = componentRole(c.type);
    switch (role) {
      case "api":
      case "worker":
        services.push({
          name: c.name,
          componentType: c.type,
          kind: role,
          purpose: c.purpose,
          dependencies: [...new Set(c.dependencies ?? [])],
        });
        break;
      case "frontend":
        frontends.push({ name: c.name, framework: packet.technology_stack.frontend?.framework });
        if (frontends.length > 1)
          issues.push({
            file,
            field: `${field}/type`,
            problem: `a second frontend component ("${c.name}"); slipway deploys one static site per stack`,
            fix: "merge the frontends into one component or deploy the second one from its own project",
          });
        break;
      case "database":
        databases.push(c.name);
        if (databases.length > 1)
          issues.push({
            file,
            field: `${field}/type`,
            problem: `a second database component ("${c.name}"); slipway provisions one RDS instance per stack`,
            fix: "use one database component (separate schemas inside it) or provision the other database outside slipway",
          });
        break;
      case "cache":
        caches.push({ name: c.name });
        break;
      case "queue":
        queues.push({ name: c.name, fifo: asksForOrdering(c) });
        break;
      case "bucket":
        buckets.push({ name: c.name });
        break;
      case "ai":
        aiComponents.push(c.name);
        break;
      default:
        issues.push({ file, field: `${field}/type`, ...unsupportedTypeMessage(c.type) });
    }
  });
  issues.push(...dependencyIssues(packet));

  if (!services.length) {
    issues.push({
      file,
      field: "/system_components",
      problem: "no backend component (type backend_api, backend_worker or another backend_* type)",
      fix: "add the backend component(s) the release runs; slipway deploys backend services on ECS",
    });
  }
  return {
    topology: {
      services,
      frontend: frontends[0],
      databaseName: databases[0],
      caches,
      queues,
      buckets,
      aiComponents,
    },
    issues,
  };
}

/**
 * Every `dependencies` entry must name another component of the packet: slipway grants network paths,
 * secrets and permissions from them, so a typo would silently leave a service without what it needs.
 */
export function dependencyIssues(packet: Pick<PacketDoc, "system_components">): Issue[] {
  const names = packet.system_components.map((c) => c.name);
  const issues: Issue[] = [];
  packet.system_components.forEach((c, i) =>
    (c.dependencies ?? []).forEach((d, j) => {
      const field = `/system_components/${i}/dependencies/${j}`;
      if (d === c.name)
        issues.push({
          file: FILES.packet,
          field,
          problem: `component "${c.name}" depends on itself`,
          fix: "remove the entry; dependencies name the other components it uses",
        });
      else if (!names.includes(d))
        issues.push({
          file: FILES.packet,
          field,
          problem: `component "${c.name}" depends on "${d}", which is not a component of the packet${didYouMean(d, names)}`,
          fix: `name one of ${names.filter((n) => n !== c.name).join(", ")}, or add the "${d}" component to system_components`,
        });
    }),
  );
  return issues;
}

/** PostgreSQL major versions slipway provisions (the database component runs RDS PostgreSQL 16). */
export const SUPPORTED_POSTGRES_MAJORS = ["16"] as const;
export const DEFAULT_POSTGRES_MAJOR = "16";

/**
 * Engine and major version of the database component, from the packet's `technology_stack.database.name`
 * (e.g. `postgresql 16`) or project-config `technology_stack.database.primary`.
 */
export function databaseEngine(
  name: string,
  packet: PacketDoc,
  projectConfig: ProjectConfigDoc,
): { spec?: DatabaseSpec; issues: Issue[] } {
  const fromPacket = packet.technology_stack.database?.name;
  const fromConfig = projectConfig.technology_stack?.database?.primary;
  const text = (fromPacket ?? fromConfig ?? "postgresql").toLowerCase();
  const file = fromPacket !== undefined ? FILES.packet : FILES.projectConfig;
  const field =
    fromPacket !== undefined ? "/technology_stack/database/name" : "/technology_stack/database/primary";
  if (!/postgres/.test(text)) {
    return {
      issues: [
        {
          file,
          field,
          problem: `database "${fromPacket ?? fromConfig}" is not PostgreSQL; slipway provisions RDS PostgreSQL`,
          fix: 'use PostgreSQL (e.g. "postgresql 16") or provision this database outside slipway',
        },
      ],
    };
  }
  const version = /(\d+)(?:\.\d+)*/.exec(text)?.[1] ?? DEFAULT_POSTGRES_MAJOR;
  if (!(SUPPORTED_POSTGRES_MAJORS as readonly string[]).includes(version)) {
    return {
      issues: [
        {
          file,
          field,
          problem: `PostgreSQL ${version} is not a supported RDS major version`,
          fix: `use one of ${SUPPORTED_POSTGRES_MAJORS.join(", ")}`,
        },
      ],
    };
  }
  return { spec: { name, engine: "postgresql", majorVersion: version }, issues: [] };
}

// ---------------------------------------------------------------------------------------------------
// Strategy

/**
 * The strategy: the packet's `deployment_architecture.strategy` (the architect's decision), else
 * project-config `deployment.deployment_strategy`, else `rolling`. Two-colour strategies (blue_green,
 * canary) shift traffic at the load balancer, so they need an API service.
 */
export function deriveStrategy(
  packet: PacketDoc,
  projectConfig: ProjectConfigDoc,
  hasApi: boolean,
): { strategy: Strategy; warnings: string[]; issues: Issue[] } {
  const fromPacket = packet.deployment_architecture.strategy;
  const fromConfig = projectConfig.deployment?.deployment_strategy;
  const strategy = fromPacket ?? fromConfig ?? "rolling";
  const warnings: string[] = [];
  const issues: Issue[] = [];
  if (fromConfig !== undefined && fromConfig !== fromPacket) {
    warnings.push(
      `project-config.json deployment.deployment_strategy is "${fromConfig}" but the architecture packet says "${fromPacket}"; using the packet's`,
    );
  }
  if ((strategy === "blue_green" || strategy === "canary") && !hasApi) {
    issues.push({
      file: FILES.packet,
      field: "/deployment_architecture/strategy",
      problem: `strategy "${strategy}" shifts traffic at the load balancer, but the packet has no backend_api component`,
      fix: 'use "rolling" or "direct" for a release without an API, or add the backend_api component',
    });
  }
  return { strategy, warnings, issues };
}

// ---------------------------------------------------------------------------------------------------
// Services: environment, health check, port

/**
 * Classify the backend report's environment variables:
 * - a default value -> plain `value` (the task definition's `environment`), `secret: false`;
 * - required without a default -> `secret: true` (Secrets Manager + the task's `secrets`);
 * - optional without a default -> listed, `secret: false`, no value (left unset).
 */
export function classifyEnvVars(vars: readonly EnvVarDoc[] | undefined): EnvVarSpec[] {
  return (vars ?? []).map((v) => {
    if (v.default_value !== undefined)
      return { name: v.name, description: v.description, value: v.default_value, secret: false };
    return { name: v.name, description: v.description, secret: v.required };
  });
}

/** Environment variable names must be POSIX-ish shell names to be set on a container. */
export function envVarIssues(vars: readonly EnvVarDoc[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  (vars ?? []).forEach((v, i) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name))
      issues.push({
        file: FILES.backend,
        field: `/environment_variables/${i}/name`,
        problem: `"${v.name}" is not a valid environment variable name`,
        fix: "use letters, digits and underscores, not starting with a digit",
      });
    if (seen.has(v.name))
      issues.push({
        file: FILES.backend,
        field: `/environment_variables/${i}/name`,
        problem: `"${v.name}" is listed twice`,
        fix: "list every environment variable once",
      });
    seen.add(v.name);
  });
  return issues;
}

export const DEFAULT_HEALTH_CHECK_PATH = "/health";
const HEALTH_RE = /(^|\/)(health|healthz|healthcheck|health-check|ready|readyz|livez|ping|status)$/i;

/**
 * The health check path: the first unauthenticated GET endpoint that looks like a health check in the
 * packet's API specifications, else in the backend report's implemented endpoints, else `/health`.
 */
export function healthCheckPath(apiSpecs: readonly Endpoint[], implemented: readonly Endpoint[]): string {
  for (const list of [apiSpecs, implemented]) {
    const hit = list.find(
      (e) => e.method === "GET" && e.authentication_required !== true && HEALTH_RE.test(e.path),
    );
    if (hit) return hit.path;
  }
  return DEFAULT_HEALTH_CHECK_PATH;
}

const LIVENESS_RE = /(^|\/)(livez|live|liveness|alive|ping)$/i;

/**
 * A liveness path (the process is up, no dependency checks) when the packet's API specifications or the
 * backend report list one: the first unauthenticated GET endpoint named like `/livez`, `/live`,
 * `/liveness`, `/alive` or `/ping`. Undefined when there is none (the health check path is used).
 */
export function livenessPath(
  apiSpecs: readonly Endpoint[],
  implemented: readonly Endpoint[],
): string | undefined {
  for (const list of [apiSpecs, implemented]) {
    const hit = list.find(
      (e) => e.method === "GET" && e.authentication_required !== true && LIVENESS_RE.test(e.path),
    );
    if (hit) return hit.path;
  }
  return undefined;
}

export const DEFAULT_PORT = 8080;

/** The container port from a `PORT` variable's default, else 8080. */
export function containerPort(vars: readonly EnvVarDoc[] | undefined): { port: number; issues: Issue[] } {
  const i = (vars ?? []).findIndex((v) => v.name === "PORT");
  if (i < 0 || vars![i].default_value === undefined) return { port: DEFAULT_PORT, issues: [] };
  const raw = vars![i].default_value!;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535)
    return {
      port: DEFAULT_PORT,
      issues: [
        {
          file: FILES.backend,
          field: `/environment_variables/${i}/default_value`,
          problem: `PORT default "${raw}" is not a TCP port`,
          fix: "set it to a number between 1 and 65535 (e.g. 8080)",
        },
      ],
    };
  return { port, issues: [] };
}

// ---------------------------------------------------------------------------------------------------
// QA, migrations, known issues, gates, environments

/** The QA performance baseline (only when the performance tests ran and have metrics). */
export function qaBaseline(qa: QaDoc): QaBaseline {
  const perf = qa.non_functional_tests.performance;
  const m = perf?.metrics;
  if (!perf || perf.status === "not_run" || !m) return {};
  const out: { -readonly [K in keyof QaBaseline]: QaBaseline[K] } = {};
  if (m.p50_response_time_ms !== undefined) out.p50Ms = m.p50_response_time_ms;
  if (m.p95_response_time_ms !== undefined) out.p95Ms = m.p95_response_time_ms;
  if (m.p99_response_time_ms !== undefined) out.p99Ms = m.p99_response_time_ms;
  if (m.requests_per_second !== undefined) out.requestsPerSecond = m.requests_per_second;
  if (m.error_rate_percentage !== undefined) out.errorRatePercent = m.error_rate_percentage;
  return out;
}

export function migrations(backend: BackendDoc): MigrationSpec[] {
  return backend.database_migrations.map((m) => ({
    file: m.file_name,
    description: m.description,
    status: m.status,
    rollbackAvailable: m.rollback_available ?? false,
  }));
}

const OPEN_BUG = new Set(["open", "in_progress"]);

/**
 * Known issues carried into the deployment report: the backend's and frontend's `known_issues` and
 * QA's bugs that are still open or in progress.
 */
export function knownIssues(backend: BackendDoc, frontend: FrontendDoc | undefined, qa: QaDoc): KnownIssue[] {
  const out: KnownIssue[] = [];
  for (const [source, list] of [
    ["backend", backend.known_issues],
    ["frontend", frontend?.known_issues],
  ] as const)
    for (const k of list ?? [])
      out.push({ description: k.description, severity: k.severity, workaround: k.workaround, source });
  for (const b of qa.bugs_found)
    if (OPEN_BUG.has(b.status))
      out.push({
        description: `${b.bug_id}: ${b.description} (${b.status})`,
        severity: b.severity,
        source: "qa",
      });
  return out;
}

/**
 * Facts for the gates. Approval: the latest `approval`/`rejection` interaction for the deployment stage
 * decides when there is one; otherwise `stages.deployment.human_approval_received`. The QA override
 * reason is the latest `decision` interaction for `qa_testing` or `deployment` that has details.
 */
export function gateFacts(projectConfig: ProjectConfigDoc, qa: QaDoc, state: WorkflowStateDoc): GateFacts {
  const interactions = [...(state.human_interactions ?? [])].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  const verdicts = interactions.filter(
    (h) =>
      h.stage === "deployment" && (h.interaction_type === "approval" || h.interaction_type === "rejection"),
  );
  const latest = verdicts[verdicts.length - 1];
  const approvalReceived = latest
    ? latest.interaction_type === "approval"
    : state.stages.deployment?.human_approval_received === true;
  const decisions = interactions.filter(
    (h) =>
      (h.stage === "qa_testing" || h.stage === "deployment") &&
      h.interaction_type === "decision" &&
      (h.details ?? "").trim() !== "",
  );
  const override = decisions[decisions.length - 1]?.details?.trim();
  return {
    qaRecommendation: qa.recommendation,
    qaBlockers: [...(qa.deployment_blockers ?? [])],
    qaOverrideAllowed: projectConfig.human_gates?.qa_override_allowed ?? false,
    deploymentApprovalRequired: projectConfig.human_gates?.deployment_approval ?? true,
    deploymentApprovalReceived: approvalReceived,
    ...(override ? { qaOverrideReason: override } : {}),
  };
}

/** Environments from project-config, default staging (auto) + production (approval). */
export function environments(projectConfig: ProjectConfigDoc): {
  environments: EnvironmentSpec[];
  issues: Issue[];
} {
  const list = projectConfig.deployment?.environments;
  if (!list || list.length === 0)
    return {
      environments: [
        { name: "staging", type: "staging", autoDeploy: true, requiresApproval: false },
        { name: "production", type: "production", autoDeploy: false, requiresApproval: true },
      ],
      issues: [],
    };
  const issues: Issue[] = [];
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const reason = invalidNameReason(e.name);
    if (reason)
      issues.push({
        file: FILES.projectConfig,
        field: `/deployment/environments/${i}/name`,
        problem: `environment name "${e.name}" ${reason}: it names the Pulumi stack and AWS resources`,
        fix: `rename it, e.g. "${slugify(e.name) || e.type}"`,
      });
    if (seen.has(e.name))
      issues.push({
        file: FILES.projectConfig,
        field: `/deployment/environments/${i}/name`,
        problem: `environment "${e.name}" is listed twice`,
        fix: "list every environment once",
      });
    seen.add(e.name);
  });
  return {
    environments: list.map((e) => ({
      name: e.name,
      type: e.type,
      autoDeploy: e.auto_deploy ?? false,
      requiresApproval: e.requires_approval ?? e.type === "production",
    })),
    issues,
  };
}

/** Docker image tags: what a release version must look like to tag images with it. */
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function versionIssue(version: string | undefined, field = "/metadata/version"): Issue | undefined {
  if (version === undefined)
    return {
      file: FILES.projectConfig,
      field,
      problem: "the release version is missing; slipway tags images and reports with it",
      fix: 'set metadata.version (e.g. "1.4.0")',
    };
  if (!TAG_RE.test(version))
    return {
      file: FILES.projectConfig,
      field,
      problem: `version "${version}" is not usable as a container image tag`,
      fix: "use letters, digits, '.', '_' and '-' (at most 128 characters), e.g. 1.4.0",
    };
  return undefined;
}
