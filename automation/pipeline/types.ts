/** Options and results of the deploy and rollback pipelines (the seams are all injectable). */
import type { StackFile } from "../stacks/stack-files";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { Engine } from "../engine/types";
import type { GateIssue } from "../../release/gates";
import type { Release, Strategy } from "../../release/model";
import type { ContractValidator } from "../report/write";
import type { CostLookup, DeploymentReport, EnvironmentOutcome, StageSignal } from "../report/types";

export type LogLevel = "info" | "warn" | "error" | "detail";

/** One progress line (already redacted). `durationMs` is set when a step ends. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly stack?: string;
  readonly durationMs?: number;
  /** A progress line of long work (at least once a minute): a terminal may show it as one live line. */
  readonly progress?: boolean;
}

export type LogSink = (entry: LogEntry) => void;

/** Facts about the machine the gates decide on (the CLI finds them; tests state them). */
export interface ToolingFacts {
  readonly pulumiCli: boolean;
  readonly awsCredentials: boolean;
}

/** The CloudWatch calls the pipeline makes (DescribeAlarms, GetMetricData): an SDK v3 client or a double. */
export type CloudWatchSeam = Pick<CloudWatchClient, "send">;
/** The ECS calls (DescribeServices, RunTask, DescribeTasks): an SDK v3 client or a double. */
export type EcsSeam = Pick<ECSClient, "send">;
/** The RDS calls (CreateDBSnapshot, DescribeDBSnapshots): an SDK v3 client or a double. */
export type RdsSeam = Pick<RDSClient, "send">;

/** The AWS seams of a run; each defaults to an SDK v3 client from the default region and credentials. */
export interface AwsSeams {
  /** @default new CloudWatchClient({}) */
  readonly cloudwatch?: CloudWatchSeam;
  /** @default new ECSClient({}) */
  readonly ecs?: EcsSeam;
  /** @default new RDSClient({}) */
  readonly rds?: RdsSeam;
}

/** Seams shared by deploy and rollback. */
export interface PipelineSeams extends AwsSeams {
  /**
   * The engine, or a factory called only after the gates passed (the Automation API needs the CLI).
   * @default the Automation API engine (LocalWorkspace) over this project directory
   */
  readonly engine?: Engine | (() => Engine | Promise<Engine>);
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a timer that honours `signal` */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Calls `tick` every `ms` until the returned function is called: the heartbeat of engine operations
   * (`pulumi up`, preview) that print nothing for minutes. @default setInterval (unref'd) / clearInterval
   */
  readonly every?: (ms: number, tick: () => void) => () => void;
  /** @default discard */
  readonly log?: LogSink;
  readonly signal?: AbortSignal;
  /** Environment for CI facts (`GITHUB_*`) and secrets to redact. @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra secret values to redact from every line and file. */
  readonly secrets?: readonly string[];
  /** Release loader (validates every artifact against `contracts/`). @default loadRelease from release/ */
  readonly loadRelease?: (root: string) => Release | Promise<Release>;
  /** @default detected on this machine (`pulumi` found, AWS credentials resolve) */
  readonly facts?: ToolingFacts;
  /** Contract validator for the written documents. @default the project's contracts/ */
  readonly validate?: ContractValidator;
  /** Monthly cost per resource, when a cost estimator exists. @default none (costs omitted) */
  readonly costs?: CostLookup;
  /** Smoke test tuning. @default 5 attempts, 2 s backoff, 5 s timeout */
  readonly smoke?: {
    readonly attempts?: number;
    readonly retryDelayMs?: number;
    readonly timeoutMs?: number;
  };
}

export interface DeployOptions extends PipelineSeams {
  /** Release root (project-config.json + ARTIFACTS/). */
  readonly artifactsDir: string;
  /**
   * Directory of the stack files (`Pulumi.<stack>.yaml`) checked for secrets written in plaintext before
   * anything runs, when `stacks` does not name them. @default this project's directory
   */
  readonly programDir?: string;
  /** One stack to deploy. @default every stack of `stacks` (else every environment), in type order */
  readonly stack?: string;
  /**
   * The stacks that have stack files, with their environment types (`automation/stacks`). Without it
   * the stacks are project-config's environments by name (library callers, tests).
   */
  readonly stacks?: readonly StackFile[];
  /** Overrides the packet's / project-config's strategy. */
  readonly strategy?: Strategy;
  /**
   * Images by digest of this release's backend services, by component name (`--image` / `--images`),
   * stored with each stack (`slipway:images` under the release version). A service with neither one nor a
   * `slipway:services.<name>.image` / `buildContext` in its stack file stops the deploy before any
   * update (bad input, exit 2). @default {}
   */
  readonly images?: Readonly<Record<string, string>>;
  /** Bake window in minutes. @default 60 in production, 10 elsewhere */
  readonly bakeMinutes?: number;
  /** Bake poll interval (each poll reports progress; at most a minute). @default 60000 */
  readonly bakeIntervalMs?: number;
  /** Canary traffic steps in percent. @default [10, 50, 100] */
  readonly canarySteps?: readonly number[];
  /** How long traffic runs at each canary step before it is judged. @default 5 */
  readonly canaryWindowMinutes?: number;
  /**
   * Fewest requests the canary colour must serve in a step's window; fewer fails the step (an error rate
   * over a handful of requests proves nothing). @default 50
   */
  readonly canaryMinRequests?: number;
  /**
   * Wait after each canary window before its ALB metrics are read (CloudWatch receives them minutes
   * late). @default 120000
   */
  readonly canaryMetricDelayMs?: number;
  /** Policy pack directories enforced at preview. @default [<project>/policies] */
  readonly policyPacks?: readonly string[];
  /**
   * Policy pack config (`--policy-pack-config`) for an environment type, written next to the state
   * backups and passed with the packs. @default `packConfigFor` of policies/all.ts
   */
  readonly policyPackConfigFor?: (environmentType: "staging" | "production" | "development") => unknown;
  /**
   * Where state backups (and the policy pack config) go.
   * @default `<artifactsDir>/.slipway/state-backups` (beside the release, never inside slipway's package)
   */
  readonly backupDir?: string;
  /** ECS/RDS wait tuning. @default 10 s interval, 30 min timeout */
  readonly poll?: { readonly intervalMs?: number; readonly timeoutMs?: number };
  /**
   * Pre-migration RDS snapshots (tagged `slipway:purpose=pre-migration`) kept per database instance: after
   * each new one, older ones beyond the newest N are deleted. Automated backups and snapshots taken by hand
   * are never touched. @default 5
   */
  readonly snapshotsToKeep?: number;
  /**
   * Asked once, after the gates passed and before any engine call, when a production environment is a
   * target; `false` stops the run as blocked. @default none (no confirmation, as with `--yes`)
   */
  readonly confirm?: (question: string) => Promise<boolean>;
  /**
   * Stop after the preview (with the policy packs) of the rollout's first update, computed from the release
   * state the stack's outputs show: what `deploy` would do, nothing applied, no backup, no report or signal.
   * Only the tooling gates apply (a pull request preview has no QA approval yet). @default false
   */
  readonly previewOnly?: boolean;
}

export type RunStatus = "success" | "failed" | "rolled_back" | "blocked";

export interface DeployResult {
  readonly status: RunStatus;
  /** 0 success, 1 failed or rolled back, 3 blocked by a gate (bad input throws InputError: 2). */
  readonly exitCode: 0 | 1 | 3;
  readonly environments: readonly EnvironmentOutcome[];
  readonly gateIssues: readonly GateIssue[];
  readonly report?: DeploymentReport;
  readonly reportPath?: string;
  /** Contract errors of the report (it is not written when there are any). */
  readonly reportErrors: readonly string[];
  /**
   * The stage-completion signal that was written, and where. Absent only when a rollback was blocked
   * before it started: it changed nothing, so it writes nothing and the stage's last signal (often the
   * completed deployment it was asked to undo) stays as it was. A blocked deploy writes a `blocked` signal.
   */
  readonly signal?: StageSignal;
  readonly signalPath?: string;
  /**
   * The role document's handoff message to the product manager, when the release is complete (production
   * reached, every service healthy, monitoring active); not after a staging-only run.
   */
  readonly handoff?: string;
}

export interface RollbackOptions extends PipelineSeams {
  readonly artifactsDir: string;
  /** The environment (stack) to roll back. */
  readonly stack: string;
  /** The stacks that have stack files (see `DeployOptions.stacks`). */
  readonly stacks?: readonly StackFile[];
  /** Version to go back to. @default the idle colour's version, else the last good different version in history */
  readonly toVersion?: string;
  /**
   * An immediate switch first previews its update and stops when it would change anything but the traffic
   * routing (listener rules and the stack's outputs): the checkout then differs from what is deployed. This
   * explicitly named flag lets it go ahead anyway. @default false
   */
  readonly allowNonRoutingChanges?: boolean;
  /** Policy pack directories enforced on the rollback's update. @default [<project>/policies] */
  readonly policyPacks?: readonly string[];
  /**
   * How long to wait, trying again every 30 s, while another update holds the stack's lock (the deploy the
   * rollback workflow just cancelled may still be writing its state). Never forced. @default 600000 (10 min)
   */
  readonly lockWaitMs?: number;
  /** Where the policy pack config is written. @default <project>/.out/state-backups */
  readonly backupDir?: string;
  readonly poll?: { readonly intervalMs?: number; readonly timeoutMs?: number };
}
