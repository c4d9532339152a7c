/**
 * `loadRelease(root)`: read a release root (`project-config.json` + `ARTIFACTS/...`), validate every
 * document against `contracts/`, and derive the Release model. Every problem found (missing file,
 * unreadable JSON, schema errors, semantic errors) is reported at once as `InputError`s naming the file
 * (relative to the root), the field (JSON pointer) and the fix.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { validateContract } from "../contracts";
import { InputError } from "../lib/errors";
import {
  ARTIFACT_CONTRACTS,
  type BackendDoc,
  FILES,
  type FrontendDoc,
  type Issue,
  MAX_NAME_LENGTH,
  type PacketDoc,
  type ProjectConfigDoc,
  type QaDoc,
  type WorkflowStateDoc,
  classifyEnvVars,
  containerPort,
  databaseEngine,
  deriveStrategy,
  deriveTopology,
  envVarIssues,
  environments,
  gateFacts,
  healthCheckPath,
  invalidNameReason,
  livenessPath,
  knownIssues,
  migrations,
  qaBaseline,
  slugify,
  versionIssue,
} from "./derive";
import { type AiReportDoc, deriveAi } from "./ai";
import type { AiSpec, DatabaseSpec, Release, ServiceSpec } from "./model";
import { platformIssues } from "./platform";
import { throwInputErrors } from "./program";

function toError(i: Issue): InputError {
  return new InputError(i.file, i.field, i.problem, i.fix);
}

/** Throw the collected errors (one `InputError`, or `InputErrors`); never returns. */
function fail(errors: InputError[]): never {
  throwInputErrors(errors);
  throw new Error("loadRelease: a document is missing but no problem was recorded (a slipway bug)");
}

/**
 * Read and validate one artifact. Returns undefined (and records errors) when it is missing, unreadable
 * or invalid; `optional` artifacts that are absent return undefined without an error.
 */
function readArtifact<T>(
  root: string,
  key: keyof typeof FILES,
  errors: InputError[],
  options: { optional?: boolean; why?: string } = {},
): T | undefined {
  const rel = FILES[key];
  const path = resolve(root, rel);
  const contract = ARTIFACT_CONTRACTS[key];
  if (!existsSync(path)) {
    if (options.optional) return undefined;
    errors.push(
      new InputError(
        rel,
        "",
        `file not found under the release root ${root}${options.why ? ` (${options.why})` : ""}`,
        `make sure the workflow wrote ${rel}, or point the artifacts directory (--artifacts, slipway:artifactsDir or SLIPWAY_ARTIFACTS_DIR) at the release root that contains it`,
      ),
    );
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    errors.push(
      new InputError(
        rel,
        "",
        `not readable as JSON (${err instanceof Error ? err.message : String(err)})`,
        `fix the JSON syntax so the file validates against contracts/${contract}.schema.json`,
      ),
    );
    return undefined;
  }
  const schemaErrors = validateContract(contract, doc);
  if (schemaErrors.length) {
    for (const e of schemaErrors)
      errors.push(
        new InputError(
          rel,
          e.path,
          e.message,
          `correct ${e.path || "the document"} so it validates against contracts/${contract}.schema.json`,
        ),
      );
    return undefined;
  }
  return doc as T;
}

/**
 * Load the release at `root` (absolute, or relative to the working directory).
 * @throws InputError | InputErrors for every problem in the artifacts.
 */
/** Bad input unless the release root exists (checked first by every command that reads one). */
export function checkReleaseRoot(root: string): string {
  const abs = isAbsolute(root) ? root : resolve(root);
  if (!existsSync(abs)) {
    throw new InputError(
      abs,
      "",
      "release root not found",
      "pass the directory that holds project-config.json and ARTIFACTS/ (slipway:artifactsDir, SLIPWAY_ARTIFACTS_DIR or --artifacts)",
    );
  }
  return abs;
}

export function loadRelease(root: string): Release {
  const abs = checkReleaseRoot(root);
  const errors: InputError[] = [];
  const warnings: string[] = [];
  const config = readArtifact<ProjectConfigDoc>(abs, "projectConfig", errors);
  const packet = readArtifact<PacketDoc>(abs, "packet", errors);
  const backend = readArtifact<BackendDoc>(abs, "backend", errors);
  const qa = readArtifact<QaDoc>(abs, "qa", errors);
  const state = readArtifact<WorkflowStateDoc>(abs, "workflowState", errors);
  const aiReport = readArtifact<AiReportDoc>(abs, "ai", errors, { optional: true });

  const issues: Issue[] = [];
  let frontendDoc: FrontendDoc | undefined;
  let topology: ReturnType<typeof deriveTopology>["topology"] | undefined;
  if (packet) {
    const t = deriveTopology(packet);
    topology = t.topology;
    issues.push(...t.issues);
    if (t.topology.frontend) {
      frontendDoc = readArtifact<FrontendDoc>(abs, "frontend", errors, {
        why: `the packet has the frontend component "${t.topology.frontend.name}"`,
      });
    } else if (existsSync(resolve(abs, FILES.frontend))) {
      warnings.push(`${FILES.frontend} is present but the packet has no frontend component; it is ignored`);
    }
  }

  let projectId = "";
  if (config) {
    const fromId = config.project_id !== undefined;
    projectId = config.project_id ?? slugify(config.project_name);
    const reason = invalidNameReason(projectId, MAX_NAME_LENGTH);
    if (reason)
      issues.push({
        file: FILES.projectConfig,
        field: fromId ? "/project_id" : "/project_name",
        problem: `project id "${projectId}"${fromId ? "" : " (derived from project_name)"} ${reason}: it prefixes AWS resource names`,
        fix: `set project_id to a short name such as "${slugify(config.project_name).slice(0, MAX_NAME_LENGTH) || "app"}"`,
      });
    const v = versionIssue(config.metadata?.version);
    if (v) issues.push(v);
    issues.push(...environments(config).issues);
  }
  if (backend) issues.push(...envVarIssues(backend.environment_variables));
  const port = backend ? containerPort(backend.environment_variables) : undefined;
  if (port) issues.push(...port.issues);

  let strategy: ReturnType<typeof deriveStrategy> | undefined;
  let database: DatabaseSpec | undefined;
  if (packet && config) issues.push(...platformIssues(packet, config));
  if (packet && config && topology) {
    strategy = deriveStrategy(
      packet,
      config,
      topology.services.some((s) => s.kind === "api"),
    );
    issues.push(...strategy.issues);
    warnings.push(...strategy.warnings);
    if (topology.databaseName) {
      const db = databaseEngine(topology.databaseName, packet, config);
      issues.push(...db.issues);
      database = db.spec;
    }
  }

  let ai: AiSpec | undefined;
  if (packet && topology && aiReport && backend) {
    const derived = deriveAi(
      aiReport,
      packet,
      database,
      (backend.environment_variables ?? []).map((v) => v.name),
    );
    ai = derived.ai;
    issues.push(...derived.issues);
    warnings.push(...derived.warnings);
  } else if (
    packet &&
    topology &&
    topology.aiComponents.length &&
    !aiReport &&
    !existsSync(resolve(abs, FILES.ai))
  ) {
    const i = packet.system_components.findIndex((c) => c.name === topology!.aiComponents[0]);
    issues.push({
      file: FILES.packet,
      field: `/system_components/${i}/type`,
      problem: `the AI component "${topology.aiComponents[0]}" has no ${FILES.ai}: slipway reads the models and their providers from it`,
      fix: `make sure the AI engineer stage wrote ${FILES.ai}, or remove the component if the release uses no models`,
    });
  }

  errors.push(...issues.map(toError));
  if (errors.length || !config || !packet || !backend || !qa || !state || !topology || !strategy || !port) {
    fail(errors);
  }

  const health = healthCheckPath(packet.api_specifications, backend.api_endpoints_implemented);
  const liveness = livenessPath(packet.api_specifications, backend.api_endpoints_implemented);
  const environment = classifyEnvVars(backend.environment_variables);
  const services: ServiceSpec[] = topology.services.map((s) => ({
    ...s,
    healthCheckPath: health,
    ...(liveness && liveness !== health ? { livenessPath: liveness } : {}),
    port: port.port,
    environment,
  }));
  const owner = config.metadata?.owner ?? config.metadata?.team ?? "unassigned";
  const team = config.metadata?.team ?? owner;
  if (!config.metadata?.owner && !config.metadata?.team)
    warnings.push(
      `${FILES.projectConfig} has no metadata.owner or metadata.team; resources are tagged owner "unassigned"`,
    );

  return {
    root: abs,
    projectId,
    projectName: config.project_name,
    workflowId: state.workflow_id,
    version: config.metadata!.version!,
    owner,
    team,
    dataClassification: config.governance?.data_classification ?? "internal",
    complianceFrameworks: [...(config.governance?.compliance_frameworks ?? [])],
    strategy: strategy.strategy,
    rollbackEnabled: config.deployment?.rollback_enabled ?? true,
    environments: environments(config).environments,
    services,
    ...(topology.frontend ? { frontend: topology.frontend } : {}),
    ...(database ? { database } : {}),
    caches: topology.caches,
    queues: topology.queues,
    buckets: topology.buckets,
    ...(ai ? { ai } : {}),
    migrations: migrations(backend),
    qaBaseline: qaBaseline(qa),
    knownIssues: knownIssues(backend, frontendDoc, qa),
    gates: gateFacts(config, qa, state),
    notificationChannels: [...(config.notifications?.channels ?? [])],
    projectType: config.project_type,
    ...(config.description !== undefined ? { description: config.description } : {}),
    ...(packet.technology_stack.infrastructure?.services
      ? { infrastructureServices: [...packet.technology_stack.infrastructure.services] }
      : {}),
    warnings,
  };
}
