/**
 * SARIF 2.1.0 for GitHub code scanning (`npm run policy -- --format sarif`): one run of the pack, a rule
 * per policy (description, fix, level, GitHub's `security-severity`), a result per violation with the
 * resource's URN as its logical location and the stack's config file as the physical location GitHub
 * needs to show it. Pure.
 */
import type { Policies } from "@pulumi/policy";
import type { PolicyReport } from "./check";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's security-severity scale for the policies' severities. */
const SECURITY_SEVERITY: Readonly<Record<string, string>> = {
  low: "3.0",
  medium: "5.5",
  high: "8.0",
  critical: "9.5",
};

export interface SarifOptions {
  /** Repository-relative path of the stack's config file (the physical location of every result). */
  readonly stackFile: string;
  /** Pack version. @default "0.1.0" */
  readonly version?: string;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: "2.1.0";
  readonly runs: readonly {
    readonly tool: {
      readonly driver: {
        readonly name: string;
        readonly version: string;
        readonly rules: readonly Record<string, unknown>[];
      };
    };
    readonly automationDetails: { readonly id: string };
    readonly results: readonly Record<string, unknown>[];
  }[];
}

const level = (l: string | undefined) => (l === "mandatory" || l === "remediate" ? "error" : "warning");

export function policyReportSarif(report: PolicyReport, policies: Policies, options: SarifOptions): SarifLog {
  const rules = policies.map((p) => ({
    id: p.name,
    name: p.name,
    shortDescription: { text: p.description },
    fullDescription: { text: p.description },
    help: { text: p.remediationSteps ?? p.description },
    defaultConfiguration: { level: level(p.enforcementLevel) },
    properties: {
      tags: ["security", "pulumi-policy", ...(p.tags ?? [])],
      ...(p.severity && SECURITY_SEVERITY[p.severity]
        ? { "security-severity": SECURITY_SEVERITY[p.severity] }
        : {}),
    },
  }));
  const index = new Map(policies.map((p, i) => [p.name, i]));
  const results = report.violations.map((v) => ({
    ruleId: v.policy,
    ...(index.has(v.policy) ? { ruleIndex: index.get(v.policy) } : {}),
    level: level(v.enforcementLevel),
    message: { text: `${v.resource.name} (${v.resource.type}): ${v.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: options.stackFile }, region: { startLine: 1 } },
        logicalLocations: [{ name: v.resource.name, fullyQualifiedName: v.resource.urn, kind: "resource" }],
      },
    ],
    partialFingerprints: { "slipwayPolicy/v1": `${v.policy}|${v.resource.urn}` },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.pack.name, version: options.version ?? "0.1.0", rules } },
        automationDetails: { id: `slipway-policy/${report.stack}/` },
        results,
      },
    ],
  };
}
