/**
 * A fake `pulumi` CLI for the Automation API path: an injected `PulumiCommand` that keeps per-stack
 * config, deployed config, history and state like a backend, and answers the CLI invocations the real
 * `LocalWorkspace`/`Stack` make (stack select, config set-all / --json, preview, up, stack output,
 * stack history, stack export, cancel), writing engine events to `--event-log` as the CLI does.
 */
// @ts-nocheck

import { appendFileSync } from "node:fs";
import * as automationCmd from "@pulumi/pulumi/automation/cmd";
import * as automationErrors from "@pulumi/pulumi/automation/errors";

interface CommandResultLike {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

// The SDK's own result class and error classifier, so the double fails exactly like the real `exec`.
const { CommandResult } = automationCmd as unknown as {
  CommandResult: new (stdout: string, stderr: string, code: number) => CommandResultLike;
};
const { createCommandError } = automationErrors as unknown as {
  createCommandError(result: CommandResultLike): Error;
};

type Config = Record<string, { value: string; secret: boolean }>;

export interface CliDoubleOptions {
  /** Outputs the program exports for a deployed config (undefined: none). */
  readonly outputsFor: (
    stack: string,
    config: Record<string, { value: string }>,
  ) => Record<string, unknown> | undefined;
  readonly stateFor?: (stack: string, config: Record<string, { value: string }> | undefined) => unknown;
  /** Config each stack starts with (already deployed once). */
  readonly initial?: Record<string, Record<string, string>>;
}

export class PulumiCliDouble {
  readonly command = "pulumi";
  // Below 3.205 the Automation API tails the `--event-log` file instead of a gRPC server.
  readonly version = { toString: () => "3.200.0" };
  readonly calls: string[][] = [];
  /** Answer `up` on these stacks as the CLI does when another update holds the lock. */
  readonly lockedStacks = new Set<string>();
  private readonly config = new Map<string, Config>();
  private readonly deployed = new Map<string, Config>();
  private readonly history = new Map<string, Record<string, unknown>[]>();

  constructor(private readonly opts: CliDoubleOptions) {
    for (const [stack, cfg] of Object.entries(opts.initial ?? {})) {
      const c: Config = Object.fromEntries(
        Object.entries(cfg).map(([k, v]) => [k, { value: v, secret: false }]),
      );
      this.config.set(stack, { ...c });
      this.deployed.set(stack, { ...c });
      this.history.set(stack, [this.entry(1, "succeeded", c)]);
    }
  }

  /** The invocations without the workspace's own `stack select`, as `word word`. */
  ops(): string[] {
    return this.calls
      .filter((c) => !(c[0] === "stack" && c[1] === "select"))
      .map((c) => (c[0] === "stack" || c[0] === "config" ? `${c[0]} ${c[1]}` : c[0]));
  }

  async run(
    args: string[],
    _cwd: string,
    _env: Record<string, string>,
    onOutput?: (data: string) => void,
  ): Promise<CommandResultLike> {
    this.calls.push([...args]);
    const stack = args[args.indexOf("--stack") + 1];
    const { stdout = "", stderr = "", code = 0, events = [] } = this.answer(args, stack);
    const log = args.indexOf("--event-log");
    if (log >= 0 && events.length > 0) {
      appendFileSync(
        args[log + 1],
        events.map((e, i) => `${JSON.stringify({ sequence: i, timestamp: 0, ...e })}\n`).join(""),
      );
    }
    const result = new CommandResult(stdout, stderr, code);
    if (stdout && onOutput) onOutput(stdout);
    if (code !== 0) throw createCommandError(result);
    return result;
  }

  private entry(version: number, result: string, cfg: Config): Record<string, unknown> {
    return {
      version,
      kind: "update",
      result,
      startTime: "2026-11-28T04:00:00.000Z",
      endTime: "2026-11-28T04:01:00.000Z",
      message: "",
      environment: {},
      config: cfg,
      resourceChanges: { update: 1, same: 40 },
    };
  }

  private plain(c: Config | undefined): Record<string, { value: string }> {
    return Object.fromEntries(Object.entries(c ?? {}).map(([k, v]) => [k, { value: v.value }]));
  }

  private answer(
    args: string[],
    stack: string,
  ): { stdout?: string; stderr?: string; code?: number; events?: Record<string, unknown>[] } {
    const summary = (resourceChanges: Record<string, number>) => [
      { summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges, policyPacks: {} } },
    ];
    const [a, b] = args;
    if (a === "stack" && b === "select") return {};
    if (a === "stack" && b === "init") return {};
    if (a === "config" && b === "set-all") {
      const cfg = { ...(this.config.get(stack) ?? {}) };
      for (let i = 0; i < args.length; i++) {
        if (args[i] === "--plaintext" || args[i] === "--secret") {
          const pair = args[i + 1];
          const eq = pair.indexOf("=");
          cfg[pair.slice(0, eq)] = { value: pair.slice(eq + 1), secret: args[i] === "--secret" };
        }
      }
      this.config.set(stack, cfg);
      return {};
    }
    if (a === "config") return { stdout: JSON.stringify(this.config.get(stack) ?? {}) };
    if (a === "preview")
      return { stdout: `Previewing update (${stack})\n`, events: summary({ update: 1, same: 40 }) };
    if (a === "up" && this.lockedStacks.has(stack)) {
      return {
        code: 255,
        stderr: `error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n  file:///state/.pulumi/locks/organization/taskflow/${stack}/0b1c.json: created by ci@runner (pid 4242) at 2026-11-28T04:00:00Z`,
      };
    }
    if (a === "up") {
      const cfg = { ...(this.config.get(stack) ?? {}) };
      this.deployed.set(stack, cfg);
      const h = this.history.get(stack) ?? [];
      this.history.set(stack, [...h, this.entry(h.length + 1, "succeeded", cfg)]);
      return { stdout: `Updating (${stack})\n`, events: summary({ update: 1, same: 40 }) };
    }
    if (a === "stack" && b === "output") {
      const d = this.deployed.get(stack);
      return { stdout: JSON.stringify((d && this.opts.outputsFor(stack, this.plain(d))) ?? {}) };
    }
    if (a === "stack" && b === "history")
      return { stdout: JSON.stringify([...(this.history.get(stack) ?? [])].reverse()) };
    if (a === "stack" && b === "export") {
      return {
        stdout: JSON.stringify(
          this.opts.stateFor?.(
            stack,
            this.deployed.has(stack) ? this.plain(this.deployed.get(stack)) : undefined,
          ) ?? { version: 3, deployment: {} },
        ),
      };
    }
    if (a === "cancel") return {};
    return { code: 255, stderr: `error: the CLI double does not know \`pulumi ${args.join(" ")}\`` };
  }
}
