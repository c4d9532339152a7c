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
export type { EnvironmentOutcome, StageSignal, DeploymentReport } from "./report/types";
export { evaluateGates, blockingIssues } from "../release/gates";
export type { GateIssue, GateInput } from "../release/gates";
export { ExitCode, InputError, InputErrors } from "./errors";
