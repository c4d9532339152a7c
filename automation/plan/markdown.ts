/**
 * `deployment-plan.md`: what a reviewer reads in one screen of a pull request. It opens with the
 * summary (gates, policy result, resource changes and cost per stack) and the request path diagram;
 * everything else is folded per stack (`<details>`): the changes first, then policies, cost, warnings,
 * the resource diagram, outputs and resource counts.
 *
 * It fits one GitHub comment (`COMMENT_LIMIT` characters) by design, not by cutting: every section is
 * rendered within a budget (the stacks share what the summary leaves), tables drop whole rows past their
 * share with a line saying how many and where the rest is (`deployment-plan.json`), and a code block
 * (Mermaid, JSON) is shown whole or replaced by a note, never cut. No local absolute path is shown. Pure.
 */
import { basename, isAbsolute } from "node:path";
import type { CostItem } from "../cost/estimate";
import { groupByResource } from "../policy/format";
import type { DeploymentPlan, PlanStack } from "./types";

/** The most characters one GitHub comment holds. */
export const COMMENT_LIMIT = 65_536;

/** Characters kept free below the limit (the workflow's marker comment and a safety margin). */
const RESERVE = 1_024;

/** Escape text for a Markdown table cell. */
export function cell(text: unknown): string {
  return String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function signedUsd(n: number): string {
  return `${n >= 0 ? "+" : "-"}${usd(Math.abs(n))}`;
}

function code(text: unknown): string {
  const s = typeof text === "string" ? text : JSON.stringify(text);
  return `\`${cell(s).replace(/`/g, "'")}\``;
}

/** A path as the plan may show it: relative paths as given, absolute ones by their last part only. */
export function shownPath(path: string): string {
  return isAbsolute(path) ? `.../${basename(path)}` : path;
}

const size = (lines: readonly string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/**
 * A table within `budget` characters: the header, then whole rows while they fit, then one line
 * saying how many rows were left out. Never cuts a row.
 */
export function budgetedTable(
  header: readonly string[],
  rows: readonly string[],
  budget: number,
  rest = "deployment-plan.json",
): string[] {
  const out = [...header];
  let used = size(out);
  const note = (n: number) => `\n_${n} more row(s) not shown to fit one comment: see ${rest}._`;
  for (const [i, row] of rows.entries()) {
    const left = rows.length - i - 1;
    if (used + row.length + 1 + (left > 0 ? note(left).length : 0) > budget) {
      out.push(note(rows.length - i).trimStart());
      return out;
    }
    out.push(row);
    used += row.length + 1;
  }
  return out;
}

/** A fenced code block whole, or a note when it does not fit `budget` (never a cut block). */
function codeBlock(lang: string, text: string, budget: number, what: string): string[] {
  const block = ["```" + lang, text.trimEnd(), "```"];
  return size(block) <= budget
    ? block
    : [`_${what} (${text.length} characters) is not shown to fit one comment: see deployment-plan.json._`];
}

/** A folded section: `<details>` with a one-line summary. */
function folded(summary: string, body: readonly string[]): string[] {
  return [`<details><summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
}

/** The overhead of `folded` around a body. */
const FOLD_OVERHEAD = 64;

/** The sections of one stack, most important first, each within what is left of `budget`. */
function stackSections(plan: DeploymentPlan, s: PlanStack, budget: number): string[] {
  const out: string[] = [];
  const left = () => budget - size(out);
  const policyVerdict = s.policy.mandatory > 0 ? `**FAIL: ${s.policy.mandatory} mandatory**` : "PASS";
  out.push(`### ${s.stack} (${s.environmentType}, ${s.region})`, "");
  const blocking = s.gates.filter((g) => g.blocking);
  if (blocking.length > 0) {
    for (const g of blocking)
      out.push(`- **Blocked** (${g.gate}): ${cell(g.description)}. Fix: ${cell(g.fix)}`);
    out.push("");
  }

  // 1. Changes against the compared plan.
  if (s.diff) {
    const d = s.diff;
    const rows = [
      ...d.added.map((r) => `| added | ${cell(r.name)} | ${code(r.type)} | |`),
      ...d.removed.map((r) => `| removed | ${cell(r.name)} | ${code(r.type)} | |`),
      ...d.changed.map((r) => {
        const shown = r.changes
          .slice(0, 12)
          .map(
            (c) =>
              `${code(c.path)}: ${"before" in c ? code(c.before) : "(unset)"} -> ${"after" in c ? code(c.after) : "(unset)"}`,
          );
        if (r.changes.length > 12) shown.push(`... and ${r.changes.length - 12} more`);
        return `| changed | ${cell(r.name)} | ${code(r.type)} | ${shown.join("<br>")} |`;
      }),
    ];
    const head = [
      `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged; ` +
        `fixed monthly cost ${usd(d.monthlyUsdBefore)} -> ${usd(d.monthlyUsdAfter)} (${signedUsd(d.monthlyUsdAfter - d.monthlyUsdBefore)}).`,
      "",
    ];
    const body =
      rows.length === 0
        ? head
        : [
            ...head,
            ...budgetedTable(
              ["| Change | Resource | Type | Settings |", "| --- | --- | --- | --- |"],
              rows,
              Math.floor(left() * 0.4) - size(head) - FOLD_OVERHEAD,
            ),
          ];
    out.push(
      ...folded(
        `Changes against ${code(shownPath(plan.compare?.against ?? ""))}: +${d.added.length} -${d.removed.length} ~${d.changed.length}`,
        body,
      ),
    );
  }

  // 2. Policies.
  const p = s.policy;
  const violationRows = groupByResource(p.violations).flatMap((g) =>
    g.violations.map(
      (v) =>
        `| ${cell(g.resource.name)} ${code(g.resource.type)} | ${v.enforcementLevel} | ${cell(v.policy)} | ${cell(v.message)} |`,
    ),
  );
  const policyHead = [
    `Policy pack \`${p.pack}\` (${p.policies} policies, environment ${s.environmentType}): ${policyVerdict}, ${p.advisory} advisory.`,
    "",
  ];
  const policyBody =
    violationRows.length === 0
      ? policyHead
      : [
          ...policyHead,
          ...budgetedTable(
            ["| Resource | Level | Policy | How to fix |", "| --- | --- | --- | --- |"],
            violationRows,
            Math.floor(left() * 0.4) - size(policyHead) - FOLD_OVERHEAD,
          ),
        ];
  out.push(...folded(`Policies: ${policyVerdict}, ${p.advisory} advisory`, policyBody));

  // 3. Cost.
  out.push(
    ...folded(
      `Estimated cost: ${usd(s.cost.monthlyUsd)} per month fixed`,
      costBody(s, Math.floor(left() * 0.4)),
    ),
  );

  // 4. Notes: packet differences and program warnings.
  const notes = [
    ...(s.architectureDifferences ?? []).map((d) => `| architecture packet | ${cell(d)} |`),
    ...s.warnings.map((w) => `| program | ${cell(w)} |`),
  ];
  if (notes.length > 0) {
    out.push(
      ...folded(
        `Warnings (${notes.length})`,
        budgetedTable(
          ["| From | Warning |", "| --- | --- |"],
          notes,
          Math.floor(left() * 0.5) - FOLD_OVERHEAD,
        ),
      ),
    );
  }

  // 5. Detail: the resource diagram, outputs, counts by type (whole or a note each).
  out.push(
    ...folded(`Resource diagram (${s.resourceCount} resources)`, [
      "Components are boxes; an arrow A --> B means A depends on B.",
      "",
      ...codeBlock("mermaid", s.diagram, Math.floor(left() * 0.6) - FOLD_OVERHEAD, "The resource diagram"),
    ]),
  );
  out.push(
    ...folded(
      "Outputs (secrets redacted)",
      codeBlock(
        "json",
        JSON.stringify(s.outputs, null, 2),
        Math.floor(left() * 0.5) - FOLD_OVERHEAD,
        "The outputs",
      ),
    ),
  );
  out.push(
    ...folded(
      `${s.resourceCount} resources by type`,
      budgetedTable(
        ["| Type | Count |", "| --- | ---: |"],
        Object.entries(s.resourceSummary).map(([t, n]) => `| ${code(t)} | ${n} |`),
        left() - FOLD_OVERHEAD,
      ),
    ),
  );
  return out;
}

const TOP_COST_ITEMS = 10;

function costBody(s: PlanStack, budget: number): string[] {
  const c = s.cost;
  const lines: string[] = [];
  if (!c.regionPriced)
    lines.push(
      `> The price table has no prices for ${c.region}: fixed-price resources are listed as unpriced.`,
      "",
    );
  lines.push(
    `**${usd(c.monthlyUsd)} per month** in fixed prices (${c.region}, on-demand list prices as of ${c.priceTableDate}, ` +
      `730 h/month), plus usage: ${c.counts.fixed} fixed-price, ${c.counts.usage_priced} usage-priced, ` +
      `${c.counts.unpriced} unpriced, ${c.counts.free} free resources.`,
    "",
  );
  const fixed = c.items
    .filter((i) => i.pricing === "fixed")
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || (a.urn < b.urn ? -1 : 1));
  const rows = fixed
    .slice(0, TOP_COST_ITEMS)
    .map((i) => `| ${cell(i.name)} | ${code(i.type)} | ${usd(i.monthlyUsd)} | ${cell(i.basis)} |`);
  const rest = new Map<string, CostItem[]>();
  for (const i of fixed.slice(TOP_COST_ITEMS)) rest.set(i.type, [...(rest.get(i.type) ?? []), i]);
  const groups = [...rest.entries()].map(([type, items]) => ({
    type,
    items,
    total: items.reduce((n, i) => n + i.monthlyUsd, 0),
  }));
  for (const { type, items, total } of groups.sort(
    (a, b) => b.total - a.total || (a.type < b.type ? -1 : 1),
  )) {
    const basis = items.length === 1 ? items[0].basis : `e.g. ${items[0].basis}`;
    const who = items.length === 1 ? cell(items[0].name) : `${items.length} more`;
    rows.push(`| ${who} | ${code(type)} | ${usd(total)} | ${cell(basis)} |`);
  }
  const byBasis = (items: CostItem[], title: string): string[] => {
    if (items.length === 0) return [];
    const byType = new Map<string, { count: number; basis: string }>();
    for (const i of items) {
      const e = byType.get(i.type) ?? { count: 0, basis: i.basis };
      e.count++;
      byType.set(i.type, e);
    }
    return [
      `${title}: ${[...byType.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([t, e]) => `${code(t)} x${e.count} (${e.basis})`)
        .join("; ")}.`,
      "",
    ];
  };
  const tail = [
    ...byBasis(
      c.items.filter((i) => i.pricing === "usage_priced"),
      "Usage-priced (not in the figure)",
    ),
    ...byBasis(
      c.items.filter((i) => i.pricing === "unpriced"),
      "Unpriced (not in the table)",
    ),
  ];
  if (rows.length > 0) {
    lines.push(
      ...budgetedTable(
        ["| Resource | Type | Monthly | Basis |", "| --- | --- | ---: | --- |"],
        rows,
        budget - size(lines) - size(tail) - FOLD_OVERHEAD,
      ),
      "",
    );
  }
  return size([...lines, ...tail]) <= budget ? [...lines, ...tail] : lines;
}

export interface MarkdownOptions {
  /** Characters the whole document may take. @default COMMENT_LIMIT */
  readonly limit?: number;
}

/** Render the plan as Markdown that fits `limit` characters (see the module comment). */
export function planMarkdown(plan: DeploymentPlan, options: MarkdownOptions = {}): string {
  const limit = (options.limit ?? COMMENT_LIMIT) - RESERVE;
  const lines: string[] = [];
  const r = plan.release;
  lines.push(`# Deployment plan: ${r.projectName} ${r.version}`, "");
  const blocking = plan.gates.filter((g) => g.blocking);
  if (blocking.length > 0) {
    lines.push(`> [!CAUTION]`);
    lines.push(`> **A deployment would be blocked by ${blocking.length} gate(s):**`);
    for (const g of blocking)
      lines.push(`> - **${g.environment}** (${g.gate}): ${cell(g.description)}. Fix: ${cell(g.fix)}`);
    lines.push("");
  }
  if (plan.summary.mandatoryViolations > 0) {
    lines.push(`> [!WARNING]`);
    lines.push(
      `> **${plan.summary.mandatoryViolations} mandatory policy violation(s)**: see Policies under each stack.`,
    );
    lines.push("");
  }
  const gates =
    blocking.length > 0
      ? `**BLOCKED** (${blocking.length})`
      : plan.gates.length > 0
        ? `pass (${plan.gates.length} warning(s))`
        : "all pass (QA recommendation, human approval, staging before production)";
  const policy =
    plan.summary.mandatoryViolations > 0
      ? `**FAIL** (${plan.summary.mandatoryViolations} mandatory, ${plan.summary.advisoryViolations} advisory)`
      : `PASS (${plan.summary.advisoryViolations} advisory)`;
  const total = plan.stacks.reduce((n, s) => n + s.cost.monthlyUsd, 0);
  const delta = plan.stacks.some((s) => s.diff)
    ? ` (${signedUsd(plan.stacks.reduce((n, s) => n + (s.diff ? s.diff.monthlyUsdAfter - s.diff.monthlyUsdBefore : 0), 0))} against the compared plan)`
    : "";
  lines.push(
    `**Gates:** ${gates}. **Policies:** ${policy}. **Cost:** ${usd(total)} per month fixed${delta}.`,
    "",
  );
  lines.push(
    "| Stack | Type | Region | Resources | Changes | Mandatory | Advisory | Fixed cost / month | Cost delta |",
    "| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |",
  );
  for (const s of plan.stacks) {
    const changes = s.diff
      ? `+${s.diff.added.length} -${s.diff.removed.length} ~${s.diff.changed.length}`
      : plan.compare
        ? "not in the compared plan"
        : "(no --compare)";
    const costDelta = s.diff ? signedUsd(s.diff.monthlyUsdAfter - s.diff.monthlyUsdBefore) : "";
    lines.push(
      `| ${s.stack} | ${s.environmentType} | ${s.region} | ${s.resourceCount} | ${changes} | ${s.policy.mandatory} | ${s.policy.advisory} | ${usd(s.cost.monthlyUsd)} | ${costDelta} |`,
    );
  }
  lines.push("");
  lines.push(
    `Offline plan of release \`${shownPath(r.root)}\` (${r.projectId}, strategy ${r.strategy}), generated ${plan.generatedAt} by slipway ${plan.generator.version}. ` +
      "Nothing was deployed; gates are evaluated, not enforced. Full detail: `deployment-plan.json`.",
    "",
  );

  // The request path of the most production-like stack, at a glance.
  const shown =
    plan.stacks.find((s) => s.environmentType === "production") ?? plan.stacks[plan.stacks.length - 1];
  if (shown?.requestPath) {
    lines.push(`## Request path (${shown.stack})`, "");
    lines.push(
      ...codeBlock("mermaid", shown.requestPath, Math.floor((limit - size(lines)) / 4), "The request path"),
    );
    lines.push("");
  }
  if (plan.gates.length > 0) {
    const rows = plan.gates.map(
      (g) =>
        `| ${g.environment} | ${g.gate} | ${g.blocking ? "**yes**" : "no"} | ${g.severity} | ${cell(g.description)} | ${cell(g.fix)} |`,
    );
    lines.push(
      ...folded(
        `Gates (${plan.gates.length})`,
        budgetedTable(
          [
            "| Environment | Gate | Blocking | Severity | Issue | Fix |",
            "| --- | --- | --- | --- | --- | --- |",
          ],
          rows,
          Math.floor((limit - size(lines)) / 8),
        ),
      ),
    );
  }

  lines.push("## Stacks", "");
  for (const [i, s] of plan.stacks.entries()) {
    const share = Math.floor((limit - size(lines)) / (plan.stacks.length - i));
    lines.push(...stackSections(plan, s, share));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
