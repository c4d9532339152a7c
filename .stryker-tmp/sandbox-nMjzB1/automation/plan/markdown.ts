/**
 * `deployment-plan.md`: the summary a reviewer reads in a pull request. Blocking gates and mandatory
 * violations first, then per stack the architecture diagram, policy results, cost, changes against the
 * compared plan, outputs and a resource count. Pure.
 */
// @ts-nocheck

import type { CostItem } from "../cost/estimate";
import { groupByResource } from "../policy/format";
import type { DeploymentPlan, PlanStack } from "./types";

/** Escape text for a Markdown table cell. */
export function cell(text: unknown): string {
  return String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function code(text: unknown): string {
  const s = typeof text === "string" ? text : JSON.stringify(text);
  return `\`${cell(s).replace(/`/g, "'")}\``;
}

/** The most expensive resources listed one by one; the rest are grouped by type. */
const TOP_COST_ITEMS = 10;

function costSection(s: PlanStack, lines: string[]): void {
  const c = s.cost;
  lines.push(`### Estimated cost`);
  lines.push("");
  if (!c.regionPriced) {
    lines.push(
      `> The price table has no prices for ${c.region}: fixed-price resources are listed as unpriced.`,
    );
    lines.push("");
  }
  lines.push(
    `**${usd(c.monthlyUsd)} per month** in fixed prices (${c.region}, on-demand list prices as of ${c.priceTableDate}, ` +
      `730 h/month), plus usage: ${c.counts.fixed} fixed-price, ${c.counts.usage_priced} usage-priced, ` +
      `${c.counts.unpriced} unpriced, ${c.counts.free} free resources.`,
  );
  lines.push("");
  const fixed = c.items
    .filter((i) => i.pricing === "fixed")
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd || (a.urn < b.urn ? -1 : 1));
  if (fixed.length > 0) {
    lines.push("| Resource | Type | Monthly | Basis |");
    lines.push("| --- | --- | ---: | --- |");
    for (const i of fixed.slice(0, TOP_COST_ITEMS)) {
      lines.push(`| ${cell(i.name)} | ${code(i.type)} | ${usd(i.monthlyUsd)} | ${cell(i.basis)} |`);
    }
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
      lines.push(`| ${who} | ${code(type)} | ${usd(total)} | ${cell(basis)} |`);
    }
    lines.push("");
  }
  const listByBasis = (items: CostItem[], title: string) => {
    if (items.length === 0) return;
    const byType = new Map<string, { count: number; basis: string }>();
    for (const i of items) {
      const e = byType.get(i.type) ?? { count: 0, basis: i.basis };
      e.count++;
      byType.set(i.type, e);
    }
    lines.push(
      `${title}: ${[...byType.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([t, e]) => `${code(t)} x${e.count} (${e.basis})`)
        .join("; ")}.`,
    );
    lines.push("");
  };
  listByBasis(
    c.items.filter((i) => i.pricing === "usage_priced"),
    "Usage-priced (not in the figure)",
  );
  listByBasis(
    c.items.filter((i) => i.pricing === "unpriced"),
    "Unpriced (not in the table)",
  );
}

function policySection(s: PlanStack, lines: string[]): void {
  const p = s.policy;
  lines.push(`### Policies`);
  lines.push("");
  const verdict = p.mandatory > 0 ? `**FAIL: ${p.mandatory} mandatory violation(s)**` : "PASS";
  lines.push(
    `Policy pack \`${p.pack}\` (${p.policies} policies, environment ${s.environmentType}): ${verdict}, ${p.advisory} advisory.`,
  );
  lines.push("");
  if (p.violations.length === 0) return;
  lines.push("| Resource | Level | Policy | How to fix |");
  lines.push("| --- | --- | --- | --- |");
  for (const g of groupByResource(p.violations)) {
    for (const v of g.violations) {
      lines.push(
        `| ${cell(g.resource.name)} ${code(g.resource.type)} | ${v.enforcementLevel} | ${cell(v.policy)} | ${cell(v.message)} |`,
      );
    }
  }
  lines.push("");
}

function diffSection(s: PlanStack, lines: string[], against: string): void {
  const d = s.diff;
  if (!d) return;
  lines.push(`### Changes against ${code(against)}`);
  lines.push("");
  const delta = d.monthlyUsdAfter - d.monthlyUsdBefore;
  lines.push(
    `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged; ` +
      `fixed monthly cost ${usd(d.monthlyUsdBefore)} -> ${usd(d.monthlyUsdAfter)} (${delta >= 0 ? "+" : "-"}${usd(Math.abs(delta))}).`,
  );
  lines.push("");
  if (d.added.length + d.removed.length + d.changed.length === 0) return;
  lines.push("| Change | Resource | Type | Settings |");
  lines.push("| --- | --- | --- | --- |");
  for (const r of d.added) lines.push(`| added | ${cell(r.name)} | ${code(r.type)} | |`);
  for (const r of d.removed) lines.push(`| removed | ${cell(r.name)} | ${code(r.type)} | |`);
  for (const r of d.changed) {
    const shown = r.changes
      .slice(0, 12)
      .map(
        (c) =>
          `${code(c.path)}: ${"before" in c ? code(c.before) : "(unset)"} -> ${"after" in c ? code(c.after) : "(unset)"}`,
      );
    if (r.changes.length > 12) shown.push(`... and ${r.changes.length - 12} more`);
    lines.push(`| changed | ${cell(r.name)} | ${code(r.type)} | ${shown.join("<br>")} |`);
  }
  lines.push("");
}

/** Render the plan as Markdown. */
export function planMarkdown(plan: DeploymentPlan): string {
  const lines: string[] = [];
  const r = plan.release;
  lines.push(`# Deployment plan: ${r.projectName} ${r.version}`);
  lines.push("");
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
      `> **${plan.summary.mandatoryViolations} mandatory policy violation(s)**: see the Policies section of each stack.`,
    );
    lines.push("");
  }
  lines.push(
    `Offline plan of release \`${r.root}\` (${r.projectId}, strategy ${r.strategy}), generated ${plan.generatedAt} by slipway ${plan.generator.version}. ` +
      `Nothing was deployed; gates are evaluated, not enforced.`,
  );
  lines.push("");
  lines.push(
    "| Stack | Region | Resources | Mandatory | Advisory | Blocking gates | Fixed monthly cost |" +
      (plan.compare ? " Changes |" : ""),
  );
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: |" + (plan.compare ? " --- |" : ""));
  for (const s of plan.stacks) {
    const changes = s.diff
      ? ` +${s.diff.added.length} -${s.diff.removed.length} ~${s.diff.changed.length} |`
      : plan.compare
        ? " (not in the compared plan) |"
        : "";
    lines.push(
      `| ${s.stack} | ${s.region} | ${s.resourceCount} | ${s.policy.mandatory} | ${s.policy.advisory} | ${s.gates.filter((g) => g.blocking).length} | ${usd(s.cost.monthlyUsd)} |${changes}`,
    );
  }
  lines.push("");
  if (plan.gates.length > 0) {
    lines.push("## Gates");
    lines.push("");
    lines.push("| Environment | Gate | Blocking | Severity | Issue | Fix |");
    lines.push("| --- | --- | --- | --- | --- | --- |");
    for (const g of plan.gates) {
      lines.push(
        `| ${g.environment} | ${g.gate} | ${g.blocking ? "**yes**" : "no"} | ${g.severity} | ${cell(g.description)} | ${cell(g.fix)} |`,
      );
    }
    lines.push("");
  } else {
    lines.push("All gates pass (QA recommendation, human approval, staging before production).");
    lines.push("");
  }
  for (const s of plan.stacks) {
    lines.push(`## ${s.stack} (${s.environmentType}, ${s.region})`);
    lines.push("");
    lines.push("### Architecture");
    lines.push("");
    lines.push("Components are boxes; an arrow A --> B means A depends on B.");
    lines.push("");
    lines.push("```mermaid");
    lines.push(s.diagram.trimEnd());
    lines.push("```");
    lines.push("");
    policySection(s, lines);
    costSection(s, lines);
    if (plan.compare) diffSection(s, lines, plan.compare.against);
    if (s.architectureDifferences?.length) {
      lines.push("### Differences from the architecture packet");
      lines.push("");
      for (const d of s.architectureDifferences) lines.push(`- ${cell(d)}`);
      lines.push("");
    }
    if (s.warnings.length > 0) {
      lines.push("### Program warnings");
      lines.push("");
      for (const w of s.warnings) lines.push(`- ${cell(w)}`);
      lines.push("");
    }
    lines.push("<details><summary>Outputs (secrets redacted)</summary>");
    lines.push("");
    lines.push("```json");
    lines.push(JSON.stringify(s.outputs, null, 2));
    lines.push("```");
    lines.push("");
    lines.push("</details>");
    lines.push("");
    lines.push(`<details><summary>${s.resourceCount} resources by type</summary>`);
    lines.push("");
    lines.push("| Type | Count |");
    lines.push("| --- | ---: |");
    for (const [t, n] of Object.entries(s.resourceSummary)) lines.push(`| ${code(t)} | ${n} |`);
    lines.push("");
    lines.push("</details>");
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
