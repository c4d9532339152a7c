/**
 * The real engine: Pulumi's Automation API (`LocalWorkspace` over this project directory) driving
 * the `pulumi` CLI. Every operation of the `Engine` seam maps to one Automation API call:
 *
 * | Engine            | Automation API                          | CLI                                   |
 * | ----------------- | --------------------------------------- | ------------------------------------- |
 * | selectStack       | `Stack.createOrSelect`                  | `stack select` (then `stack init`)    |
 * | getConfig         | `stack.getAllConfig`                    | `config --show-secrets --json`        |
 * | setConfig         | `stack.setAllConfig`                    | `config set-all --plaintext/--secret` |
 * | preview           | `stack.preview({ policyPacks, ... })`   | `preview --policy-pack ...`           |
 * | up                | `stack.up({ policyPacks, ... })`        | `up --yes --skip-preview ...`         |
 * | refresh (preview) | `stack.previewRefresh`                  | `refresh --preview-only`              |
 * | refresh           | `stack.refresh`                         | `refresh --skip-preview --yes`        |
 * | history           | `stack.history`                         | `stack history --json`                |
 * | exportState       | `stack.exportStack`                     | `stack export --show-secrets`         |
 * | importState       | `stack.importStack`                     | `stack import --file`                 |
 * | cancel            | `stack.cancel`                          | `cancel --yes`                        |
 * | outputs           | `stack.outputs`                         | `stack output --json`                 |
 *
 * A preview-only refresh goes through `previewRefresh`, not `refresh({ previewOnly: true })`: the
 * latter reads its change summary from the stack history, which a preview does not write, so it
 * reports the last update's counts (pulumi/pulumi#19443). `previewRefresh` reads the engine's own
 * summary event.
 *
 * Errors: a locked stack becomes `ConcurrentUpdateError` (never forced); a missing CLI becomes
 * `PulumiCliNotFoundError` before anything runs; with `createStacks: false` a missing stack is the
 * Automation API's `StackNotFoundError` (re-exported here). A failed or cancelled `up` is a result, not a throw.
 */
// @ts-nocheck

import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import {
  CommandError,
  StackNotFoundError,
  ConcurrentUpdateError as PulumiConcurrentUpdateError,
  LocalWorkspace,
  PulumiCommand,
  Stack,
  type ConfigMap,
  type EngineEvent,
  type OpMap,
  type ProjectSettings,
} from "@pulumi/pulumi/automation";
import {
  ConcurrentUpdateError,
  PulumiCliNotFoundError,
  type ChangeSummary,
  type ConfigValue,
  type Engine,
  type OperationOptions,
  type PreviewResult,
  type RefreshResult,
  type ResourceChange,
  type UpdateHistoryEntry,
  type UpResult,
} from "./types";

export { StackNotFoundError };

/** Options of {@link createPulumiEngine}. */
export interface PulumiEngineOptions {
  /** The Pulumi project directory (holds `Pulumi.yaml`). */
  readonly workDir: string;
  /** Project settings to write instead of reading `Pulumi.yaml` (tests, generated projects). */
  readonly projectSettings?: ProjectSettings;
  /**
   * The CLI to drive. Default: the `pulumi` found by {@link findPulumiCli} (on PATH, or under
   * `$PULUMI_HOME/bin` / `~/.pulumi/bin`). Tests inject a double here.
   */
  readonly pulumiCommand?: PulumiCommand;
  /** Extra environment for every CLI call (e.g. `PULUMI_BACKEND_URL`, `PULUMI_CONFIG_PASSPHRASE`). */
  readonly envVars?: Record<string, string>;
  /** Environment used to find the CLI. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Create a stack that does not exist yet (deploy). Read-only operations (drift, dr-drill) pass
   * `false`, so a mistyped stack name fails with `StackNotFoundError` instead of creating an empty
   * stack that looks clean. @default true
   */
  readonly createStacks?: boolean;
  /** Skip the CLI's minimum-version check (`PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK`). @default false */
  readonly skipVersionCheck?: boolean;
}

/**
 * Where the `pulumi` binary is: the first executable `pulumi` on PATH, else
 * `$PULUMI_HOME/bin/pulumi`, else `~/.pulumi/bin/pulumi`. Runs nothing; returns `undefined` with
 * the list of places searched when there is none.
 */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): {
  readonly path?: string;
  /** Installation root for `PulumiCommand.get({ root })`, when found outside PATH. */
  readonly root?: string;
  readonly searched: readonly string[];
} {
  const searched: string[] = [];
  const exe = process.platform === "win32" ? "pulumi.exe" : "pulumi";
  for (const dir of (env.PATH ?? "").split(delimiter).filter((d) => d.length > 0)) {
    const candidate = join(dir, exe);
    if (searched.includes(candidate)) continue;
    searched.push(candidate);
    if (isExecutable(candidate)) return { path: candidate, searched };
  }
  const roots = [env.PULUMI_HOME, env.HOME ? join(env.HOME, ".pulumi") : join(homedir(), ".pulumi")];
  for (const root of roots) {
    if (!root) continue;
    const candidate = join(root, "bin", exe);
    searched.push(candidate);
    if (isExecutable(candidate)) return { path: candidate, root, searched };
  }
  return { searched };
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Collects what the engine events say during one operation. */
class EventCollector {
  summary?: OpMap;
  readonly policyViolations: { policy: string; message: string; urn?: string }[] = [];
  private readonly changes = new Map<string, ResourceChange>();

  readonly onEvent = (event: EngineEvent): void => {
    if (event.summaryEvent) this.summary = event.summaryEvent.resourceChanges;
    const policy = event.policyEvent;
    if (policy && policy.enforcementLevel === "mandatory") {
      this.policyViolations.push({
        policy: `${policy.policyPackName}/${policy.policyName}`,
        message: policy.message.trim(),
        ...(policy.resourceUrn ? { urn: policy.resourceUrn } : {}),
      });
    }
    const meta = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    if (meta && isChange(meta.op, meta.diffs)) {
      const prev = this.changes.get(meta.urn);
      const diffs = meta.diffs ?? (meta.detailedDiff ? Object.keys(meta.detailedDiff) : undefined);
      this.changes.set(meta.urn, {
        urn: meta.urn,
        type: meta.type,
        op: meta.op === "refresh" ? "update" : meta.op,
        ...(diffs && diffs.length > 0 ? { diffs } : prev?.diffs ? { diffs: prev.diffs } : {}),
      });
    }
  };

  resourceChanges(): ResourceChange[] {
    return [...this.changes.values()].sort((a, b) => a.urn.localeCompare(b.urn));
  }
}

/** Ops that mean "the cloud differs from the state" in a refresh (or "will change" in a preview). */
function isChange(op: string, diffs: readonly string[] | undefined): boolean {
  if (op === "same" || op === "read" || op === "discard") return false;
  if (op === "refresh") return (diffs ?? []).length > 0;
  return true;
}

function toChangeSummary(map: OpMap | undefined): ChangeSummary {
  const out: Record<string, number> = {};
  for (const [op, count] of Object.entries(map ?? {})) {
    if (typeof count === "number") out[op] = count;
  }
  return out;
}

/** True when a change summary has any op other than `same`. */
export function hasChanges(summary: ChangeSummary): boolean {
  return Object.entries(summary).some(([op, n]) => op !== "same" && n > 0);
}

/** stdout + stderr of a failed CLI call (the Automation API keeps it on the error). */
function commandOutput(err: unknown): string {
  const result = (err as { commandResult?: { stdout?: string; stderr?: string } }).commandResult;
  if (!result) return err instanceof Error ? err.message : String(err);
  return [result.stdout, result.stderr].filter((s) => s && s.length > 0).join("\n");
}

/** Turn a locked-stack CLI error into the engine's `ConcurrentUpdateError`; pass others through. */
function mapError(stack: string, err: unknown): unknown {
  if (err instanceof PulumiConcurrentUpdateError) {
    const e = new ConcurrentUpdateError(stack);
    (e as { cause?: unknown }).cause = err;
    return e;
  }
  return err;
}

function unwrapOutputs(outputs: Record<string, { value: unknown; secret: boolean }>) {
  const out: Record<string, unknown> = {};
  for (const [key, { value, secret }] of Object.entries(outputs)) {
    out[key] = secret ? "[secret]" : value;
  }
  return out;
}

/**
 * Create the Automation API engine. Nothing runs until the first operation; then the CLI is
 * located (or the injected `pulumiCommand` used) and one `LocalWorkspace` is created and reused.
 *
 * @throws PulumiCliNotFoundError (from the first operation) when no CLI is installed.
 */
export function createPulumiEngine(options: PulumiEngineOptions): Engine {
  let workspace: Promise<LocalWorkspace> | undefined;
  const stacks = new Map<string, Promise<Stack>>();

  const getWorkspace = (): Promise<LocalWorkspace> => {
    workspace ??= (async () => {
      let pulumiCommand = options.pulumiCommand;
      if (!pulumiCommand) {
        const found = findPulumiCli(options.env ?? process.env);
        if (!found.path) throw new PulumiCliNotFoundError(found.searched);
        pulumiCommand = await PulumiCommand.get({
          ...(found.root ? { root: found.root } : {}),
          ...(options.skipVersionCheck ? { skipVersionCheck: true } : {}),
        });
      }
      return LocalWorkspace.create({
        workDir: options.workDir,
        pulumiCommand,
        ...(options.projectSettings ? { projectSettings: options.projectSettings } : {}),
        ...(options.envVars ? { envVars: { ...options.envVars } } : {}),
      });
    })();
    // A failed creation (no CLI) is retried next time rather than cached forever.
    workspace.catch(() => (workspace = undefined));
    return workspace;
  };

  const getStack = (name: string): Promise<Stack> => {
    let stack = stacks.get(name);
    if (!stack) {
      stack = getWorkspace().then((ws) =>
        options.createStacks === false ? Stack.select(name, ws) : Stack.createOrSelect(name, ws),
      );
      stacks.set(name, stack);
      stack.catch(() => stacks.delete(name));
    }
    return stack;
  };

  const run = async <T>(name: string, op: (stack: Stack) => Promise<T>): Promise<T> => {
    const stack = await getStack(name).catch((err: unknown) => {
      throw mapError(name, err);
    });
    try {
      return await op(stack);
    } catch (err) {
      throw mapError(name, err);
    }
  };

  const policyArgs = (opts?: OperationOptions) => ({
    ...(opts?.policyPacks && opts.policyPacks.length > 0 ? { policyPacks: [...opts.policyPacks] } : {}),
    ...(opts?.policyPackConfigs && opts.policyPackConfigs.length > 0
      ? { policyPackConfigs: [...opts.policyPackConfigs] }
      : {}),
  });
  const ioArgs = (opts?: OperationOptions) => ({
    ...(opts?.onOutput ? { onOutput: opts.onOutput } : {}),
    ...(opts?.signal ? { signal: opts.signal } : {}),
  });

  return {
    async selectStack(name) {
      await run(name, async () => undefined);
    },

    async getConfig(name) {
      return run(name, async (stack) => {
        const config: ConfigMap = await stack.getAllConfig();
        const out: Record<string, ConfigValue> = {};
        for (const [key, v] of Object.entries(config)) {
          out[key] = v.secret ? { value: v.value, secret: true } : { value: v.value };
        }
        return out;
      });
    },

    async setConfig(name, values) {
      if (Object.keys(values).length === 0) return;
      await run(name, (stack) => {
        const config: ConfigMap = {};
        for (const [key, v] of Object.entries(values)) config[key] = { value: v.value, secret: !!v.secret };
        return stack.setAllConfig(config);
      });
    },

    async preview(name, opts): Promise<PreviewResult> {
      return run(name, async (stack) => {
        const events = new EventCollector();
        try {
          const result = await stack.preview({
            ...policyArgs(opts),
            ...ioArgs(opts),
            onEvent: events.onEvent,
          });
          return {
            changeSummary: toChangeSummary(result.changeSummary),
            stdout: result.stdout,
            policyViolations: events.policyViolations,
          };
        } catch (err) {
          // A mandatory policy violation fails the CLI; the violations are the answer, not a crash.
          if (err instanceof CommandError && events.policyViolations.length > 0) {
            return {
              changeSummary: toChangeSummary(events.summary),
              stdout: commandOutput(err),
              policyViolations: events.policyViolations,
            };
          }
          throw err;
        }
      });
    },

    async up(name, opts): Promise<UpResult> {
      return run(name, async (stack) => {
        const events = new EventCollector();
        try {
          const result = await stack.up({
            ...policyArgs(opts),
            ...ioArgs(opts),
            onEvent: events.onEvent,
          });
          return {
            // The CLI exited 0; only a recorded failure in the history overrides that.
            result: result.summary?.result === "failed" ? "failed" : "succeeded",
            changeSummary: toChangeSummary(result.summary?.resourceChanges ?? events.summary),
            outputs: unwrapOutputs(result.outputs),
            stdout: result.stdout,
          };
        } catch (err) {
          if (err instanceof PulumiConcurrentUpdateError || !(err instanceof CommandError)) throw err;
          return {
            result: opts?.signal?.aborted ? "cancelled" : "failed",
            changeSummary: toChangeSummary(events.summary),
            outputs: {},
            stdout: commandOutput(err),
          };
        }
      });
    },

    async refresh(name, opts): Promise<RefreshResult> {
      return run(name, async (stack) => {
        const events = new EventCollector();
        const args = { ...ioArgs(opts), onEvent: events.onEvent };
        // Preview-only: the engine's own summary (see the header); a real refresh: its events, else
        // the summary the CLI recorded in the history.
        const { stdout, summary } = opts?.previewOnly
          ? await stack.previewRefresh(args).then((r) => ({ stdout: r.stdout, summary: r.changeSummary }))
          : await stack
              .refresh(args)
              .then((r) => ({ stdout: r.stdout, summary: events.summary ?? r.summary?.resourceChanges }));
        const changeSummary = toChangeSummary(summary);
        const changes = events.resourceChanges();
        return { changeSummary, drifted: hasChanges(changeSummary) || changes.length > 0, stdout, changes };
      });
    },

    async history(name, limit): Promise<UpdateHistoryEntry[]> {
      return run(name, async (stack) => {
        const entries = await stack.history(limit, undefined, false);
        return entries.map((e) => {
          const config: Record<string, ConfigValue> = {};
          for (const [key, v] of Object.entries(e.config ?? {})) {
            config[key] = v.secret ? { value: v.value, secret: true } : { value: v.value };
          }
          return {
            version: e.version,
            kind: e.kind,
            result: e.result,
            startTime: new Date(e.startTime).toISOString(),
            ...(e.endTime ? { endTime: new Date(e.endTime).toISOString() } : {}),
            config,
          };
        });
      });
    },

    async exportState(name) {
      return run(name, (stack) => stack.exportStack());
    },

    async importState(name, state) {
      await run(name, (stack) => stack.importStack(state as Parameters<Stack["importStack"]>[0]));
    },

    async cancel(name) {
      await run(name, (stack) => stack.cancel());
    },

    async outputs(name) {
      return run(name, async (stack) => unwrapOutputs(await stack.outputs()));
    },
  };
}
