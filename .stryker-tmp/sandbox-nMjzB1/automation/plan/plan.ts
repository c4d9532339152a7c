/**
 * `createPlan`: the main job offline. Validates the release artifacts, evaluates the gates without
 * enforcing them, evaluates each stack of the program with the offline engine (the release root passed
 * as `slipway:artifactsDir`), runs the policy pack, estimates cost, compares with an earlier plan, and
 * writes `deployment-plan.json` (validated against `contracts/deployment-plan.schema.json` first) and
 * `deployment-plan.md` atomically. Library code: the CLI prints and exits.
 */
// @ts-nocheck

import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { evaluateGates, type GateIssue } from "../../release/gates";
import { loadRelease } from "../../release/load";
import type { EnvironmentSpec, Release } from "../../release/model";
import { PROJECT_ROOT } from "../engine/loader";
import { EvaluationAborted, evaluateProgram } from "../engine/offline";
import type { ConfigValue } from "../engine/types";
import { InputError } from "../../lib/errors";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic";
import { stagingEvidenceFromReports } from "../report/write";
import { DEFAULT_POLICY_PACK_DIR, runPack } from "../policy/check";
import { loadPolicyPack } from "../policy/pack";
import { buildPlan, buildStackPlan } from "./build";
import { planMarkdown } from "./markdown";
import { cachedValidator } from "../../contracts/schema-cache";
import type { DeploymentPlan, PlanStack } from "./types";

export const PLAN_JSON = "deployment-plan.json";
export const PLAN_MD = "deployment-plan.md";
export const PLAN_SCHEMA = join(PROJECT_ROOT, "contracts", "deployment-plan.schema.json");
/** The bundled example release. */
export const DEFAULT_ARTIFACTS_DIR = join(PROJECT_ROOT, "examples", "taskflow");
/** Stacks planned by default. */
export const DEFAULT_STACKS = ["staging", "production"] as const;

export interface PlanOptions {
  /** Release root. @default the bundled example release */
  readonly artifactsDir?: string;
  /** Stacks to plan. @default staging and production */
  readonly stacks?: readonly string[];
  /** An earlier `deployment-plan.json` to compare with. */
  readonly compare?: string;
  /** Where to write the plan. @default the release root */
  readonly outDir?: string;
  /** Write the files (false: only return the plan). @default true */
  readonly write?: boolean;
  /** Program directory. @default this project */
  readonly programDir?: string;
  /** Policy pack directory. @default this project's `policies/` */
  readonly policyPackDir?: string;
  /** Stack config overrides for every planned stack (`slipway:artifactsDir` is always the release root). */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** Clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Progress messages (one line each). */
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface PlanResult {
  readonly plan: DeploymentPlan;
  readonly markdown: string;
  /** Paths written (empty when `write` is false). */
  readonly files: readonly string[];
}

let validator: ((doc: unknown) => string[]) | undefined;

/** Validate a document against `contracts/deployment-plan.schema.json`; returns the problems. */
export function validatePlan(doc: unknown): string[] {
  if (!validator) {
    const validate = cachedValidator(JSON.parse(readFileSync(PLAN_SCHEMA, "utf8")) as object);
    validator = (d) =>
      validate(d)
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  }
  return validator(doc);
}

/** What `--compare` needs of an earlier plan (older plan versions included). */
function comparable(doc: unknown): doc is DeploymentPlan {
  const d = doc as { generatedAt?: unknown; release?: { version?: unknown }; stacks?: unknown } | null;
  if (!d || typeof d !== "object" || !Array.isArray(d.stacks)) return false;
  return d.stacks.every((s: unknown) => {
    const st = s as { stack?: unknown; resources?: unknown; cost?: { monthlyUsd?: unknown } } | null;
    return (
      !!st &&
      typeof st.stack === "string" &&
      typeof st.cost?.monthlyUsd === "number" &&
      Array.isArray(st.resources) &&
      st.resources.every((r: unknown) => {
        const x = r as { urn?: unknown; type?: unknown; name?: unknown; settings?: unknown } | null;
        return (
          !!x &&
          typeof x.urn === "string" &&
          typeof x.type === "string" &&
          typeof x.name === "string" &&
          typeof x.settings === "object" &&
          x.settings !== null
        );
      })
    );
  });
}

/**
 * Read an earlier plan for `--compare`. A plan that validates against the current schema is used as
 * is; one from an older version of slipway (the base branch of a pull request) is accepted when it has
 * what the diff needs (stacks with resources and settings), with a warning in `warnings`.
 */
export function readPlanFile(file: string, warnings: string[] = []): DeploymentPlan {
  if (!existsSync(file))
    throw new InputError(file, "", "not found", "pass an existing deployment-plan.json to --compare");
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new InputError(
      file,
      "",
      "is not valid JSON",
      "pass a deployment-plan.json written by npm run plan",
    );
  }
  const problems = validatePlan(doc);
  if (problems.length === 0) return doc as DeploymentPlan;
  if (!comparable(doc)) {
    throw new InputError(
      file,
      problems[0].split(" ")[0],
      `does not validate against contracts/deployment-plan.schema.json (${problems.slice(0, 3).join("; ")})`,
      "pass a deployment-plan.json written by npm run plan",
    );
  }
  warnings.push(
    `${file} does not validate against the current plan schema (${problems[0]}); compared on resources and settings only`,
  );
  const d = doc as DeploymentPlan;
  return {
    ...d,
    generatedAt: new Date(
      typeof d.generatedAt === "string" && !Number.isNaN(Date.parse(d.generatedAt)) ? d.generatedAt : 0,
    ).toISOString(),
    release: {
      ...d.release,
      version: typeof d.release?.version === "string" ? d.release.version : "unknown",
    },
  };
}

function generatorVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version?: string })
        .version ?? "0.0.0"
    );
  } catch {
    return "0.0.0";
  }
}

/** The environment a stack deploys: by name, else by type, else one derived from the stack name. */
export function environmentFor(release: Release, stack: string): EnvironmentSpec {
  const byName = release.environments.find((e) => e.name === stack);
  if (byName) return byName;
  const type = stack.startsWith("prod") ? "production" : stack.startsWith("stag") ? "staging" : "development";
  return (
    release.environments.find((e) => e.type === type) ?? {
      name: stack,
      type,
      autoDeploy: false,
      requiresApproval: type === "production",
    }
  );
}

/**
 * The gate issues for one environment, as a deploy would evaluate them (tooling aside: the plan is
 * offline). Staging evidence is what the deploy pipeline accepts: an earlier successful staging report
 * of this version in the release root (`automation/report`).
 */
export function planGates(release: Release, environment: EnvironmentSpec): GateIssue[] {
  return evaluateGates({
    release,
    environment,
    stagingEvidence: stagingEvidenceFromReports(
      release.root,
      release.environments.filter((e) => e.type === "staging").map((e) => e.name),
      release.version,
    ),
    pulumiCli: true,
    awsCredentials: true,
  }).filter((g) => g.gate !== "tooling");
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Build (and by default write) the deployment plan. */
export async function createPlan(options: PlanOptions = {}): Promise<PlanResult> {
  const progress = options.onProgress ?? (() => undefined);
  const root = resolve(options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR);
  const stacks = options.stacks ?? DEFAULT_STACKS;
  const compareWarnings: string[] = [];
  const compare = options.compare
    ? { against: options.compare, plan: readPlanFile(resolve(options.compare), compareWarnings) }
    : undefined;
  for (const w of compareWarnings) progress(`warning: ${w}`);

  progress(`validating the release artifacts in ${shownPath(root)}`);
  const release = loadRelease(root);
  const pack = loadPolicyPack(options.policyPackDir ?? DEFAULT_POLICY_PACK_DIR);

  const planned: PlanStack[] = [];
  for (const stack of stacks) {
    if (options.signal?.aborted) throw new EvaluationAborted();
    progress(`evaluating stack ${stack}`);
    const evaluated = await evaluateProgram({
      programDir: options.programDir ?? PROJECT_ROOT,
      stack,
      config: { ...options.config, "slipway:artifactsDir": { value: root } },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    progress(
      `checking ${evaluated.resources.length} resources of ${stack} against ${pack.policies.length} policies`,
    );
    const policy = await runPack(pack, evaluated);
    const environment = environmentFor(release, stack);
    const before = compare?.plan.stacks.find((s) => s.stack === stack);
    planned.push(
      buildStackPlan(
        {
          evaluated,
          policy,
          environment,
          gates: planGates(release, environment),
          ...(release.infrastructureServices
            ? { infrastructureServices: release.infrastructureServices }
            : {}),
        },
        before,
      ),
    );
  }

  const plan = buildPlan({
    release,
    root: shownPath(root),
    stacks: planned,
    generatedAt: (options.now ?? (() => new Date()))(),
    generatorVersion: generatorVersion(),
    ...(compare ? { compare: { against: shownPath(resolve(compare.against)), plan: compare.plan } } : {}),
  });
  const problems = validatePlan(plan);
  if (problems.length > 0) {
    throw new Error(
      `the plan does not validate against contracts/deployment-plan.schema.json: ${problems.join("; ")}`,
    );
  }
  const markdown = planMarkdown(plan);
  const files: string[] = [];
  if (options.write !== false) {
    const out = resolve(options.outDir ?? root);
    writeJsonAtomic(join(out, PLAN_JSON), plan);
    writeFileAtomic(join(out, PLAN_MD), markdown);
    files.push(join(out, PLAN_JSON), join(out, PLAN_MD));
  }
  return { plan, markdown, files };
}
