/**
 * Rendering a policy report: the JSON document of `npm run policy -- --format json` and the text a
 * reviewer reads in a pull request (violations grouped by resource). Pure.
 */
// @ts-nocheck

import type { PolicyReport, PolicyViolation } from "./check";

/**
 * The JSON document, exactly the documented shape: `{ stack, violations: [{ policy, enforcementLevel,
 * message, resource: { type, name, urn } }] }` (nothing else, so consumers can rely on it).
 */
export function policyReportJson(report: PolicyReport): {
  stack: string;
  violations: PolicyViolation[];
} {
  return {
    stack: report.stack,
    violations: report.violations.map((v) => ({
      policy: v.policy,
      enforcementLevel: v.enforcementLevel,
      message: v.message,
      resource: { type: v.resource.type, name: v.resource.name, urn: v.resource.urn },
    })),
  };
}

/** Group violations by blamed resource, keeping the report's order. */
export function groupByResource(
  violations: readonly PolicyViolation[],
): { resource: PolicyViolation["resource"]; violations: PolicyViolation[] }[] {
  const groups = new Map<string, { resource: PolicyViolation["resource"]; violations: PolicyViolation[] }>();
  for (const v of violations) {
    const g = groups.get(v.resource.urn) ?? { resource: v.resource, violations: [] };
    g.violations.push(v);
    groups.set(v.resource.urn, g);
  }
  return [...groups.values()];
}

/** Text for a terminal or a pull request comment. */
export function policyReportText(report: PolicyReport): string {
  const lines: string[] = [];
  const verdict =
    report.mandatory > 0
      ? `FAIL: ${report.mandatory} mandatory violation(s)`
      : report.advisory > 0
        ? "PASS with advisories"
        : "PASS";
  lines.push(
    `Policy pack ${report.pack.name} (${report.pack.policies} policies) on stack ${report.stack} ` +
      `(${report.environmentType}, ${report.resources} resources): ${verdict}` +
      (report.advisory > 0 ? `, ${report.advisory} advisory` : ""),
  );
  for (const group of groupByResource(report.violations)) {
    lines.push("");
    lines.push(`${group.resource.name} (${group.resource.type})`);
    lines.push(`  ${group.resource.urn}`);
    for (const v of group.violations) {
      const [first, ...rest] = v.message.trim().split("\n");
      lines.push(`  - [${v.enforcementLevel}] ${v.policy}: ${first}`);
      for (const line of rest) lines.push(`      ${line}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
