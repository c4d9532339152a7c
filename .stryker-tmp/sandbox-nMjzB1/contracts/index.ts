/**
 * The project's JSON Schemas (draft-07) for every workflow artifact slipway reads or writes, compiled
 * with ajv + ajv-formats once per schema version: the generated validators are cached on disk
 * (`contracts/schema-cache.ts`) and kept in memory per process. Each validator returns the errors as
 * `{ path, message }` with `path` a JSON pointer to the offending value (for a missing property: to
 * where it should be).
 *
 * The schemas in this directory accept and reject exactly what the workflow's reference contracts
 * accept and reject (see `contracts/conformance.test.ts`).
 */
// @ts-nocheck

import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type Options } from "ajv";
import addFormats from "ajv-formats";
import { cachedValidator, type CachedValidator } from "./schema-cache";

/** Every contract, by name; the schema file is `contracts/<name>.schema.json`. */
export const CONTRACTS = [
  "project-config",
  "architecture-handover-packet",
  "backend-implementation-report",
  "frontend-implementation-report",
  "qa-test-report",
  "workflow-state",
  "ai-implementation-report",
  "deployment-report",
  "stage-completion-signal",
] as const;

export type ContractName = (typeof CONTRACTS)[number];

/** One schema violation. */
export interface ContractError {
  /** JSON pointer into the document, e.g. `/deployment/deployment_strategy` (`""` = the document). */
  readonly path: string;
  /** What is wrong, e.g. `must be equal to one of the allowed values: blue_green, canary, rolling, direct`. */
  readonly message: string;
}

/** A validator: an empty array means the document is valid. */
export type Validate = (doc: unknown) => ContractError[];

/** Directory that holds the schema files. */
export const CONTRACTS_DIR = __dirname;

/** Path of a contract's schema file. */
export function schemaPath(name: ContractName): string {
  return join(CONTRACTS_DIR, `${name}.schema.json`);
}

/** The parsed schema of a contract (a fresh copy: callers may not mutate the cached one). */
export function loadSchema(name: ContractName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), "utf8")) as Record<string, unknown>;
}

/** The ajv options every contract is compiled with (also the key of its cached validator). */
const AJV_OPTIONS: Options = { allErrors: true, strict: false };

/**
 * A new ajv instance configured the way every contract is validated (draft-07, all errors, the
 * `date-time`/`date`/`uri` formats). Exported so the conformance test compiles the reference schemas
 * with exactly the same engine.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS });
  addFormats(ajv);
  return ajv;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function quote(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Turn ajv errors into `{ path, message }`, pointing missing/extra properties at their own path. */
export function toContractErrors(errors: readonly ErrorObject[] | null | undefined): ContractError[] {
  if (!errors) return [];
  const out: ContractError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = e.instancePath;
    let message = e.message ?? "is invalid";
    const params = e.params as Record<string, unknown>;
    if (e.keyword === "required") {
      path = `${path}/${escapePointer(String(params.missingProperty))}`;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      path = `${path}/${escapePointer(String(params.additionalProperty))}`;
      message = "is not an allowed property";
    } else if (e.keyword === "enum" && Array.isArray(params.allowedValues)) {
      message = `must be one of: ${params.allowedValues.map(quote).join(", ")}`;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

/** Where the generated validators are cached (tests point it elsewhere). */
export interface ContractCacheOptions {
  /** Directory of the on-disk cache. @default `<os tmpdir>/slipway-schema-cache` (the schema cache's) */
  readonly cacheDir?: string;
}

let cacheOptions: ContractCacheOptions = {};
const compiled = new Map<ContractName, CachedValidator>();

/**
 * Use another on-disk cache for the contracts' validators from now on and forget the ones loaded in
 * this process (for tests; the default needs no call).
 */
export function setContractCache(options: ContractCacheOptions): void {
  cacheOptions = options;
  compiled.clear();
}

function compiledValidator(name: ContractName): CachedValidator {
  let fn = compiled.get(name);
  if (!fn) {
    fn = cachedValidator(loadSchema(name), { ajv: AJV_OPTIONS, cacheDir: cacheOptions.cacheDir });
    compiled.set(name, fn);
  }
  return fn;
}

/** Validate a document against a named contract. */
export function validateContract(name: ContractName, doc: unknown): ContractError[] {
  const fn = compiledValidator(name);
  return fn(doc) ? [] : toContractErrors(fn.errors);
}

function validator(name: ContractName): Validate {
  return (doc) => validateContract(name, doc);
}

/** `project-config.json` (release root). */
export const validateProjectConfig = validator("project-config");
/** `ARTIFACTS/system-architect/architecture-handover-packet.json`. */
export const validateArchitecturePacket = validator("architecture-handover-packet");
/** `ARTIFACTS/backend-engineer/backend-implementation-report.json`. */
export const validateBackendReport = validator("backend-implementation-report");
/** `ARTIFACTS/frontend-engineer/frontend-implementation-report.json`. */
export const validateFrontendReport = validator("frontend-implementation-report");
/** `ARTIFACTS/qa-engineer/qa-test-report.json`. */
export const validateQaReport = validator("qa-test-report");
/** `ARTIFACTS/system/workflow-state.json`. */
export const validateWorkflowState = validator("workflow-state");
/** `ARTIFACTS/ai-engineer/ai-implementation-report.json` (optional artifact). */
export const validateAiReport = validator("ai-implementation-report");
/** `ARTIFACTS/devops-engineer/deployment-report.json` (written by slipway). */
export const validateDeploymentReport = validator("deployment-report");
/** `ARTIFACTS/system/stage-completion-signal.json` (written by slipway). */
export const validateStageCompletionSignal = validator("stage-completion-signal");

/** Where each artifact lives under a release root, by contract. */
export const ARTIFACT_PATHS: Readonly<Record<ContractName, string>> = {
  "project-config": "project-config.json",
  "architecture-handover-packet": "ARTIFACTS/system-architect/architecture-handover-packet.json",
  "backend-implementation-report": "ARTIFACTS/backend-engineer/backend-implementation-report.json",
  "frontend-implementation-report": "ARTIFACTS/frontend-engineer/frontend-implementation-report.json",
  "qa-test-report": "ARTIFACTS/qa-engineer/qa-test-report.json",
  "workflow-state": "ARTIFACTS/system/workflow-state.json",
  "ai-implementation-report": "ARTIFACTS/ai-engineer/ai-implementation-report.json",
  "deployment-report": "ARTIFACTS/devops-engineer/deployment-report.json",
  "stage-completion-signal": "ARTIFACTS/system/stage-completion-signal.json",
};

/** File name of each reference contract in the workflow's `contracts/` directory. */
export const REFERENCE_FILES: Readonly<Record<ContractName, string>> = {
  "project-config": "project-config-schema.json",
  "architecture-handover-packet": "architect-output-schema.json",
  "backend-implementation-report": "backend-output-schema.json",
  "frontend-implementation-report": "frontend-output-schema.json",
  "qa-test-report": "qa-output-schema.json",
  "workflow-state": "workflow-state-schema.json",
  "ai-implementation-report": "ai-engineer-output-schema.json",
  "deployment-report": "devops-output-schema.json",
  "stage-completion-signal": "stage-completion-signal-schema.json",
};
