/**
 * The slipway library: what an orchestrator calls in-process. Every function takes its seams as options
 * and never prints or exits (the CLI in `automation/cli.ts` does that). Keep this an explicit list.
 */
export { deploy } from "./pipeline/deploy";
export { rollback } from "./pipeline/rollback";
export type {
  DeployOptions,
  DeployResult,
  LogEntry,
  LogLevel,
  LogSink,
  PipelineSeams,
  RollbackOptions,
  RunStatus,
  ToolingFacts,
} from "./pipeline/types";
export type { AwsSeams, CloudWatchSeam, EcsSeam, RdsSeam } from "./pipeline/types";
export type { EnvironmentOutcome, StageSignal, DeploymentReport } from "./report/types";
/**
 * The engine seam: the Pulumi operations deploy and rollback need. Pass your own (`engine` option) to
 * drive another backend or a test double; the default is the Automation API over this project.
 */
export type {
  ChangeSummary,
  ConfigValue,
  Engine,
  OperationOptions,
  PreviewResult,
  RefreshResult,
  ResourceChange,
  UpdateHistoryEntry,
  UpResult,
} from "./engine/types";
export { ConcurrentUpdateError } from "./engine/types";
/** The stack outputs every deployed stack exports (what `deploy` reads back after each update). */
export type {
  AlarmOutput,
  Colour,
  DatabaseOutput,
  FrontendOutput,
  IdleRoute,
  ServiceOutput,
  StackOutputs,
} from "../outputs";
/** Secret redaction, for an orchestrator that logs or stores what the library hands back. */
export { createRedactor, REDACTED } from "../lib/redact";
export type { Redactor, SecretMasker } from "../lib/redact";
export { evaluateGates, blockingIssues } from "../release/gates";
export type { GateIssue, GateInput } from "../release/gates";
export { ExitCode, InputError, InputErrors } from "../lib/errors";
export { evaluateProgram, ProgramError, EvaluationAborted } from "./engine/offline";
export type { EvaluateOptions, OfflineStack } from "./engine/offline";
export { createOfflineEngine } from "./engine/offline-engine";
export { checkPolicies } from "./policy/check";
export type { CheckPoliciesOptions, PolicyReport, PolicyViolation } from "./policy/check";
/** `plan(options)` is the issue's name for the plan; `createPlan` stays for existing callers. */
export { createPlan, createPlan as plan } from "./plan/plan";
export type { PlanOptions, PlanResult } from "./plan/plan";
export type { DeploymentPlan } from "./plan/types";
export { estimateCost } from "./cost/estimate";
export { mermaidDiagram } from "./diagram/mermaid";
