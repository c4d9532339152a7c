/**
 * The offline implementation of the `Engine` seam: the operations the deploy pipeline needs, answered by
 * evaluating the program in-process (`evaluateProgram`) and keeping each stack's config, "deployed"
 * resources, outputs and history in memory. Nothing reaches AWS or a Pulumi backend: `up` records what
 * the program would deploy, `preview` compares it with the last `up` and runs the policy packs offline,
 * `refresh` never finds drift (there is no cloud to compare with). For dry runs and tests of the pipeline
 * against the real program.
 */
// @ts-nocheck

import { readFileSync } from "node:fs";
import type { PolicyPackConfig } from "@pulumi/policy";
import { InputError } from "../../lib/errors";
import { diffSettings } from "../plan/diff";
import { resourceSettings } from "../plan/settings";
import { runPack } from "../policy/check";
import { loadPolicyPack } from "../policy/pack";
import { PROJECT_ROOT } from "./loader";
import { evaluateProgram, type OfflineStack } from "./offline";
import { loadProgramProject, loadStackConfig } from "./stack-config";
import type {
  CapturedResource,
  ChangeSummary,
  ConfigValue,
  Engine,
  OperationOptions,
  PreviewResult,
  RefreshResult,
  UpdateHistoryEntry,
  UpResult,
} from "./types";

export interface OfflineEngineOptions {
  /** Program directory. @default this project */
  readonly programDir?: string;
  /** Clock for history entries. @default () => new Date() */
  readonly now?: () => Date;
}

/** The state `exportState` returns and `importState` accepts. */
export interface OfflineState {
  readonly offline: true;
  readonly stack: string;
  readonly resources: readonly CapturedResource[];
  readonly outputs: Record<string, unknown>;
  readonly config: Record<string, ConfigValue>;
}

interface StackState {
  config: Record<string, ConfigValue>;
  deployed?: {
    resources: readonly CapturedResource[];
    outputs: Record<string, unknown>;
    config: Record<string, ConfigValue>;
  };
  history: UpdateHistoryEntry[];
}

/** Operations per resource between what is deployed and what the program registers now. */
export function changeSummary(
  before: readonly CapturedResource[] | undefined,
  after: readonly CapturedResource[],
): ChangeSummary {
  const old = new Map((before ?? []).map((r) => [r.urn, r]));
  const now = new Set(after.map((r) => r.urn));
  const out = { create: 0, update: 0, delete: 0, same: 0 };
  for (const r of after) {
    const o = old.get(r.urn);
    if (!o) out.create++;
    else if (diffSettings(resourceSettings(o), resourceSettings(r)).length > 0) out.update++;
    else out.same++;
  }
  for (const urn of old.keys()) if (!now.has(urn)) out.delete++;
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n > 0));
}

function readPackConfig(file: string | undefined): PolicyPackConfig | undefined {
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PolicyPackConfig;
  } catch {
    throw new InputError(
      file,
      "",
      "is not a readable JSON policy pack config",
      "pass the JSON file written for --policy-pack-config",
    );
  }
}

class OfflineEngine implements Engine {
  private readonly stacks = new Map<string, StackState>();
  private readonly programDir: string;
  private readonly now: () => Date;

  constructor(options: OfflineEngineOptions) {
    this.programDir = options.programDir ?? PROJECT_ROOT;
    this.now = options.now ?? (() => new Date());
  }

  private state(stack: string): StackState {
    let s = this.stacks.get(stack);
    if (!s) {
      // The stack's own config (its Pulumi.<stack>.yaml), as `pulumi config` shows it; project defaults
      // apply underneath at evaluation.
      const project = loadProgramProject(this.programDir);
      const config = loadStackConfig({ project: { ...project, defaults: {} }, stack });
      s = { config: { ...config.values }, history: [] };
      this.stacks.set(stack, s);
    }
    return s;
  }

  private async evaluate(stack: string, signal?: AbortSignal): Promise<OfflineStack> {
    return evaluateProgram({
      programDir: this.programDir,
      stack,
      config: this.state(stack).config,
      ...(signal ? { signal } : {}),
    });
  }

  private async violations(
    evaluated: OfflineStack,
    opts?: OperationOptions,
  ): Promise<PreviewResult["policyViolations"]> {
    const out: { policy: string; message: string; urn?: string }[] = [];
    for (const [i, dir] of (opts?.policyPacks ?? []).entries()) {
      const report = await runPack(
        loadPolicyPack(dir),
        evaluated,
        readPackConfig(opts?.policyPackConfigs?.[i]),
      );
      for (const v of report.violations.filter((x) => x.enforcementLevel === "mandatory")) {
        out.push({ policy: v.policy, message: v.message, urn: v.resource.urn });
      }
    }
    return out;
  }

  async selectStack(stack: string): Promise<void> {
    this.state(stack);
  }

  async getConfig(stack: string): Promise<Record<string, ConfigValue>> {
    return { ...this.state(stack).config };
  }

  async setConfig(stack: string, values: Record<string, ConfigValue>): Promise<void> {
    const s = this.state(stack);
    s.config = { ...s.config, ...values };
  }

  async preview(stack: string, opts?: OperationOptions): Promise<PreviewResult> {
    const evaluated = await this.evaluate(stack, opts?.signal);
    const summary = changeSummary(this.state(stack).deployed?.resources, evaluated.resources);
    const policyViolations = await this.violations(evaluated, opts);
    const stdout = `offline preview of ${stack}: ${JSON.stringify(summary)}, ${policyViolations.length} mandatory policy violation(s)`;
    opts?.onOutput?.(stdout);
    return { changeSummary: summary, stdout, policyViolations };
  }

  async up(stack: string, opts?: OperationOptions): Promise<UpResult> {
    const startTime = this.now().toISOString();
    const s = this.state(stack);
    const evaluated = await this.evaluate(stack, opts?.signal);
    const summary = changeSummary(s.deployed?.resources, evaluated.resources);
    const violations = await this.violations(evaluated, opts);
    const failed = violations.length > 0;
    const stdout = failed
      ? `offline update of ${stack} failed: ${violations.map((v) => `${v.policy}: ${v.message}`).join("; ")}`
      : `offline update of ${stack}: ${JSON.stringify(summary)}`;
    opts?.onOutput?.(stdout);
    if (!failed)
      s.deployed = { resources: evaluated.resources, outputs: evaluated.outputs, config: { ...s.config } };
    s.history.push({
      version: s.history.length + 1,
      kind: "update",
      result: failed ? "failed" : "succeeded",
      startTime,
      endTime: this.now().toISOString(),
      config: { ...s.config },
    });
    return {
      result: failed ? "failed" : "succeeded",
      changeSummary: summary,
      outputs: failed ? (s.deployed?.outputs ?? {}) : evaluated.outputs,
      stdout,
    };
  }

  async refresh(stack: string): Promise<RefreshResult> {
    const n = this.state(stack).deployed?.resources.length ?? 0;
    return {
      changeSummary: n > 0 ? { same: n } : {},
      drifted: false,
      stdout: `offline refresh of ${stack}: no cloud to compare with`,
    };
  }

  async history(stack: string, limit?: number): Promise<UpdateHistoryEntry[]> {
    const entries = [...this.state(stack).history].reverse();
    return limit === undefined ? entries : entries.slice(0, limit);
  }

  async exportState(stack: string): Promise<unknown> {
    const s = this.state(stack);
    const state: OfflineState = {
      offline: true,
      stack,
      resources: s.deployed?.resources ?? [],
      outputs: s.deployed?.outputs ?? {},
      config: s.deployed?.config ?? {},
    };
    return structuredClone(state);
  }

  async importState(stack: string, state: unknown): Promise<void> {
    const st = state as Partial<OfflineState> | null;
    if (!st || st.offline !== true || !Array.isArray(st.resources)) {
      throw new InputError(
        `state of ${stack}`,
        "",
        "is not an offline engine state",
        "import a state exported by the offline engine",
      );
    }
    this.state(stack).deployed = {
      resources: structuredClone(st.resources),
      outputs: structuredClone(st.outputs ?? {}),
      config: structuredClone(st.config ?? {}),
    };
  }

  async cancel(): Promise<void> {
    // Evaluations are in-process and short; an operation's AbortSignal stops waiting for one.
  }

  async outputs(stack: string): Promise<Record<string, unknown>> {
    return structuredClone(this.state(stack).deployed?.outputs ?? {});
  }
}

/** An `Engine` that evaluates the program offline and keeps stacks in memory. */
export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  return new OfflineEngine(options);
}
