// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { asArray } from "../lib/props";
import { rdsKind, what } from "./rds";

/** Log types FSBP RDS.9 expects per engine family. */
export const DEFAULT_LOG_TYPES: Record<string, string[]> = {
  postgres: ["postgresql", "upgrade"],
  "aurora-postgresql": ["postgresql"],
  mysql: ["audit", "error", "general", "slowquery"],
  mariadb: ["audit", "error", "general", "slowquery"],
  "aurora-mysql": ["audit", "error", "general", "slowquery"],
  oracle: ["alert", "audit", "trace", "listener"],
  sqlserver: ["error", "agent"],
};

function family(engine: string): string | undefined {
  if (engine in DEFAULT_LOG_TYPES) return engine;
  if (engine.startsWith("oracle")) return "oracle";
  if (engine.startsWith("sqlserver")) return "sqlserver";
  if (engine === "aurora") return "aurora-mysql";
  return undefined;
}

/** FSBP RDS.9: `enabledCloudwatchLogsExports` covers the engine's log types (instances; clusters for Aurora). */
export const rdsExportLogs: ResourceValidationPolicy = {
  name: "rds-export-logs",
  description: "RDS databases publish their engine logs to CloudWatch Logs.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Set enabledCloudwatchLogsExports to the engine's log types (postgres: postgresql, upgrade).",
  ...fsbp("RDS.9"),
  configSchema: {
    properties: {
      logTypes: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "string" } },
        default: DEFAULT_LOG_TYPES,
        description: "Required log types per engine family.",
      },
    },
  },
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    const engine = String(args.props.engine ?? "");
    // Aurora instances publish through their cluster; the cluster is checked.
    if (kind === "instance" && engine.startsWith("aurora")) return;
    const f = family(engine);
    if (f === undefined) return;
    const { logTypes } = configOf<{ logTypes: Record<string, string[]> }>(args, rdsExportLogs);
    const required = logTypes[f] ?? [];
    const exported = asArray(args.props.enabledCloudwatchLogsExports).map(String);
    const missing = required.filter((t) => !exported.includes(t));
    if (missing.length > 0) {
      report(
        `${what(args)} (${engine}) does not export ${missing.join(", ")} to CloudWatch Logs. ` +
          `Set enabledCloudwatchLogsExports to include ${required.join(", ")}.`,
      );
    }
  },
};
