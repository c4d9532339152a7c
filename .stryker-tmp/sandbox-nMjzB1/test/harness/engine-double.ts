/**
 * A recording `Engine` double: keeps per-stack config, state and history like a real backend, records
 * every call in order, derives stack outputs from the config (like the real program does), and fails
 * on demand: reject a call, return a failed result, report policy violations, or hang until cancelled.
 */
// @ts-nocheck

import type {
  ConfigValue,
  Engine,
  OperationOptions,
  PreviewResult,
  RefreshResult,
  UpdateHistoryEntry,
  UpResult,
} from "../../automation/engine/types";

export type Method = keyof Engine;

export interface Call {
  readonly method: Method;
  readonly stack: string;
  /** For setConfig: the values set; for preview: the policy packs and their config files. */
  readonly detail?: unknown;
}

export interface Failure {
  readonly method: Method;
  readonly stack?: string;
  /** Fail the n-th matching call (1-based). @default every matching call */
  readonly nth?: number;
  /** Throw this error. */
  readonly error?: Error;
  /** For up: resolve with result "failed" instead of throwing. */
  readonly failedResult?: boolean;
  /** For preview: report these mandatory violations. */
  readonly violations?: PreviewResult["policyViolations"];
  /** Wait until `cancel` is called (or the signal aborts), then reject. */
  readonly hang?: boolean;
}

export interface EngineDoubleOptions {
  /** Stack outputs for a stack's current config (undefined: the program exports nothing yet). */
  readonly outputsFor: (
    stack: string,
    config: Record<string, ConfigValue>,
  ) => Record<string, unknown> | undefined;
  /** Config and outputs each stack starts with (a previous release), keyed by stack. */
  readonly initial?: Record<string, Record<string, ConfigValue>>;
  /** Exported state for a stack's deployed config. @default a state with only the stack resource */
  readonly stateFor?: (stack: string, config: Record<string, ConfigValue> | undefined) => unknown;
  /** Called on every call, before it runs (e.g. abort a controller mid-update). */
  readonly onCall?: (call: Call) => void;
}

export class EngineDouble implements Engine {
  readonly calls: Call[] = [];
  readonly failures: Failure[] = [];
  private readonly config = new Map<string, Record<string, ConfigValue>>();
  /** Config at the last successful up (what is deployed). */
  private readonly deployed = new Map<string, Record<string, ConfigValue>>();
  private readonly histories = new Map<string, UpdateHistoryEntry[]>();
  private readonly counts = new Map<string, number>();
  private cancelWaiters: (() => void)[] = [];

  constructor(private readonly opts: EngineDoubleOptions) {
    for (const [stack, cfg] of Object.entries(opts.initial ?? {})) {
      this.config.set(stack, { ...cfg });
      this.deployed.set(stack, { ...cfg });
      this.histories.set(stack, [
        {
          version: 1,
          kind: "update",
          result: "succeeded",
          startTime: "2026-11-20T10:00:00Z",
          endTime: "2026-11-20T10:05:00Z",
          config: { ...cfg },
        },
      ]);
    }
  }

  /** Fail a call on demand. */
  fail(f: Failure): this {
    this.failures.push(f);
    return this;
  }

  /** The calls as compact strings, e.g. `up staging`, `setConfig staging slipway:release=...`. */
  get log(): string[] {
    return this.calls.map((c) => {
      if (c.method === "setConfig") {
        const values = c.detail as Record<string, ConfigValue>;
        return `setConfig ${c.stack} ${Object.entries(values)
          .map(([k, v]) => `${k}=${v.value}`)
          .join(" ")}`;
      }
      return `${c.method} ${c.stack}`;
    });
  }

  /** Calls that touched a stack (anything but reads). */
  mutatingCalls(stack: string): string[] {
    return this.calls
      .filter((c) => c.stack === stack && ["setConfig", "up", "importState", "cancel"].includes(c.method))
      .map((c) => c.method);
  }

  /** Config at the last successful up of a stack (what runs). */
  deployedConfig(stack: string): Record<string, ConfigValue> | undefined {
    return this.deployed.get(stack);
  }

  configOf(stack: string): Record<string, ConfigValue> {
    return { ...(this.config.get(stack) ?? {}) };
  }

  private async enter(
    method: Method,
    stack: string,
    detail?: unknown,
    signal?: AbortSignal,
  ): Promise<Failure | undefined> {
    const call = { method, stack, detail };
    this.calls.push(call);
    this.opts.onCall?.(call);
    const key = `${method}:${stack}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    const f = this.failures.find(
      (x) =>
        x.method === method &&
        (x.stack === undefined || x.stack === stack) &&
        (x.nth === undefined || x.nth === n),
    );
    if (!f) return undefined;
    if (f.hang) {
      await new Promise<void>((resolve) => {
        this.cancelWaiters.push(resolve);
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
      throw new Error(`${method} on ${stack} was cancelled`);
    }
    if (f.error) throw f.error;
    return f;
  }

  async selectStack(stack: string): Promise<void> {
    await this.enter("selectStack", stack);
    if (!this.config.has(stack)) this.config.set(stack, {});
  }

  async getConfig(stack: string): Promise<Record<string, ConfigValue>> {
    await this.enter("getConfig", stack);
    return this.configOf(stack);
  }

  async setConfig(stack: string, values: Record<string, ConfigValue>): Promise<void> {
    await this.enter("setConfig", stack, values);
    this.config.set(stack, { ...(this.config.get(stack) ?? {}), ...values });
  }

  async preview(stack: string, opts?: OperationOptions): Promise<PreviewResult> {
    const f = await this.enter(
      "preview",
      stack,
      { policyPacks: opts?.policyPacks, policyPackConfigs: opts?.policyPackConfigs },
      opts?.signal,
    );
    opts?.onOutput?.(`Previewing update (${stack})`);
    return {
      changeSummary: { update: 2, same: 40 },
      stdout: "preview ok",
      policyViolations: f?.violations ?? [],
    };
  }

  async up(stack: string, opts?: OperationOptions): Promise<UpResult> {
    const f = await this.enter("up", stack, undefined, opts?.signal);
    opts?.onOutput?.(`Updating (${stack})`);
    const history = this.histories.get(stack) ?? [];
    const entry = {
      version: history.length + 1,
      kind: "update",
      startTime: new Date(0).toISOString(),
      config: this.configOf(stack),
    };
    if (f?.failedResult) {
      this.histories.set(stack, [...history, { ...entry, result: "failed" }]);
      return {
        result: "failed",
        changeSummary: { update: 1 },
        outputs: this.currentOutputs(stack),
        stdout: "error: update failed",
      };
    }
    this.deployed.set(stack, this.configOf(stack));
    this.histories.set(stack, [...history, { ...entry, result: "succeeded" }]);
    return {
      result: "succeeded",
      changeSummary: { update: 2, same: 40 },
      outputs: this.currentOutputs(stack),
      stdout: "update ok",
    };
  }

  async refresh(
    stack: string,
    opts?: OperationOptions & { readonly previewOnly?: boolean },
  ): Promise<RefreshResult> {
    await this.enter("refresh", stack, undefined, opts?.signal);
    return { changeSummary: { same: 42 }, drifted: false, stdout: "" };
  }

  async history(stack: string, limit?: number): Promise<UpdateHistoryEntry[]> {
    await this.enter("history", stack);
    const h = [...(this.histories.get(stack) ?? [])].reverse();
    return limit ? h.slice(0, limit) : h;
  }

  async exportState(stack: string): Promise<unknown> {
    await this.enter("exportState", stack);
    if (this.opts.stateFor) return this.opts.stateFor(stack, this.deployed.get(stack));
    return {
      version: 3,
      deployment: {
        manifest: { time: "2026-11-28T04:00:00Z" },
        resources: [
          {
            urn: `urn:pulumi:${stack}::taskflow::pulumi:pulumi:Stack::taskflow-${stack}`,
            type: "pulumi:pulumi:Stack",
            custom: false,
          },
        ],
      },
    };
  }

  async importState(stack: string, _state: unknown): Promise<void> {
    await this.enter("importState", stack);
  }

  async cancel(stack: string): Promise<void> {
    await this.enter("cancel", stack);
    const waiters = this.cancelWaiters;
    this.cancelWaiters = [];
    for (const w of waiters) w();
  }

  async outputs(stack: string): Promise<Record<string, unknown>> {
    await this.enter("outputs", stack);
    return this.currentOutputs(stack);
  }

  private currentOutputs(stack: string): Record<string, unknown> {
    const cfg = this.deployed.get(stack);
    return (cfg && this.opts.outputsFor(stack, cfg)) ?? {};
  }
}
