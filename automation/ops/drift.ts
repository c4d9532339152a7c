/**
 * Drift check: a preview-only refresh of a deployed stack through the engine. Compares the stack
 * state with what is actually in AWS (nothing is written) and says which resources differ.
 * Library code: no console, no exit; the CLI (`npm run drift`) prints and sets the exit code.
 */
import { InputError } from "../../lib/errors";
import { checkStackName } from "../../lib/stack-name";
import type { ChangeSummary, Engine, ResourceChange } from "../engine/types";

export interface DriftOptions {
  readonly engine: Engine;
  /** Stack to check, e.g. `production`. */
  readonly stack: string;
  readonly signal?: AbortSignal;
  /** Engine progress lines. */
  readonly onOutput?: (line: string) => void;
  /** Clock for the report timestamp. @default () => new Date() */
  readonly now?: () => Date;
}

export interface DriftReport {
  readonly stack: string;
  readonly checkedAt: string;
  /** True when any resource in AWS differs from the stack state. */
  readonly drifted: boolean;
  /** Counts by engine op (`same`, `update`, `delete`, ...). */
  readonly changeSummary: ChangeSummary;
  /** The resources that differ (empty when clean or when the engine gave no per-resource events). */
  readonly changes: readonly ResourceChange[];
  /** Number of resources the refresh looked at. */
  readonly resourcesChecked: number;
}

/** Throw `InputError` for a stack name Pulumi would reject (`lib/stack-name.ts`; org/project/stack too). */
export function validateStackName(stack: string, source = "--stack"): void {
  checkStackName(stack, { source, qualified: true });
}

/**
 * Run a preview-only refresh of `stack` and report drift. A stack that was never deployed (no
 * update in its history) is bad input: there is nothing to compare against.
 */
export async function checkDrift(options: DriftOptions): Promise<DriftReport> {
  const { engine, stack } = options;
  validateStackName(stack);
  const history = await engine.history(stack, 1);
  if (history.length === 0) {
    throw new InputError(
      "--stack",
      "stack",
      `stack ${stack} has no deployment history`,
      "deploy it first (npm run deploy -- --stack " + stack + ") or check the stack name",
    );
  }
  const result = await engine.refresh(stack, {
    previewOnly: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  const resourcesChecked = Object.values(result.changeSummary).reduce((a, b) => a + b, 0);
  return {
    stack,
    checkedAt: (options.now ?? (() => new Date()))().toISOString(),
    drifted: result.drifted,
    changeSummary: { ...result.changeSummary },
    changes: [...(result.changes ?? [])],
    resourcesChecked,
  };
}

const OP_LABEL: Record<string, string> = {
  update: "changed outside Pulumi",
  delete: "missing in AWS",
  create: "unexpected (not in state)",
  replace: "would be replaced",
};

/** `urn:pulumi:stack::project::type::name` -> `name`. */
function resourceName(urn: string): string {
  const parts = urn.split("::");
  return parts[parts.length - 1] ?? urn;
}

/** A readable summary (Markdown-friendly plain text) for the terminal and the drift issue. */
export function formatDriftSummary(report: DriftReport): string {
  const counts = Object.entries(report.changeSummary)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(", ");
  const lines: string[] = [];
  if (!report.drifted) {
    lines.push(
      `No drift on stack ${report.stack}: ${report.resourcesChecked} resources match AWS (${report.checkedAt}).`,
    );
    return lines.join("\n");
  }
  lines.push(
    `Drift detected on stack ${report.stack} at ${report.checkedAt} (${counts || "no counts reported"}).`,
  );
  if (report.changes.length > 0) {
    lines.push("");
    lines.push("| Resource | Type | Drift | Properties |");
    lines.push("| --- | --- | --- | --- |");
    for (const c of report.changes) {
      const label = OP_LABEL[c.op] ?? c.op;
      lines.push(
        `| ${resourceName(c.urn)} | \`${c.type}\` | ${label} | ${(c.diffs ?? []).join(", ") || "-"} |`,
      );
    }
  }
  lines.push("");
  lines.push(
    "Next: decide per resource whether the change in AWS is wanted (then put it in code and deploy)",
  );
  lines.push("or not (then `npm run deploy` restores the declared state). See docs/runbooks/drift.md.");
  return lines.join("\n");
}
