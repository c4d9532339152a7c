/**
 * Seams between the pipeline and Pulumi. The pipeline only talks to `Engine`; the Automation API
 * implementation drives real stacks, the offline one evaluates the program under the mock runtime,
 * and tests use a recording double.
 */
// @ts-nocheck


/** One resource the program registered, as captured by the offline engine. */
export interface CapturedResource {
  /** Type token, e.g. `aws:s3/bucket:Bucket` or `slipway:network:Network`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  readonly urn: string;
  /** URN of the parent (undefined for the stack's direct children). */
  readonly parent?: string;
  /** True for provider-managed (custom) resources, false for components. */
  readonly custom: boolean;
  /** True for remote (multi-language) components, which are opaque under mocks. */
  readonly remote?: boolean;
  /** Resolved inputs with secret envelopes unwrapped (never print them: see `secretPaths`). */
  readonly inputs: Record<string, unknown>;
  /** Mocked outputs (inputs plus computed values). */
  readonly outputs: Record<string, unknown>;
  /** Dotted paths of inputs that were secret. */
  readonly secretPaths: readonly string[];
  /** URNs this resource depends on (explicit and through inputs, where known). */
  readonly dependencies: readonly string[];
  /** URNs each input property depends on (offline engine; absent where unknown). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Provider-assigned id (mocked by the offline engine; custom resources only). */
  readonly id?: string;
  /** Provider reference, when explicit (e.g. the us-east-1 provider). */
  readonly provider?: string;
  /** Version of the resource's package the SDK sent (names the engine's default provider). */
  readonly version?: string;
}

/** The result of evaluating a program for one stack offline. */
export interface EvaluatedStack {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly resources: readonly CapturedResource[];
  /** Stack outputs with secret values replaced by `[secret]`. */
  readonly outputs: Record<string, unknown>;
}

export type ConfigValue = { readonly value: string; readonly secret?: boolean };

export interface OperationOptions {
  readonly signal?: AbortSignal;
  /** Progress lines from the engine (already redacted by the caller's sink). */
  readonly onOutput?: (line: string) => void;
  /** Policy pack directories to enforce. */
  readonly policyPacks?: readonly string[];
  /** Policy pack config files, matched by index to `policyPacks`. */
  readonly policyPackConfigs?: readonly string[];
}

export interface ChangeSummary {
  readonly [op: string]: number;
}

export interface PreviewResult {
  readonly changeSummary: ChangeSummary;
  readonly stdout: string;
  /** Mandatory policy violations reported by the preview. */
  readonly policyViolations: readonly { policy: string; message: string; urn?: string }[];
}

export interface UpResult {
  readonly result: "succeeded" | "failed" | "cancelled";
  readonly changeSummary: ChangeSummary;
  readonly outputs: Record<string, unknown>;
  readonly stdout: string;
}

/** One resource whose cloud state differs from the stack state (found by a refresh). */
export interface ResourceChange {
  readonly urn: string;
  /** Type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  readonly type: string;
  /** Engine step op: `update` (changed outside Pulumi), `delete` (gone from the cloud), ... */
  readonly op: string;
  /** Top-level property names that differ, when the engine reports them. */
  readonly diffs?: readonly string[];
}

export interface RefreshResult {
  readonly changeSummary: ChangeSummary;
  /** True when the refresh found differences between state and the cloud. */
  readonly drifted: boolean;
  readonly stdout: string;
  /** The resources that differ, when the engine reports per-resource events. */
  readonly changes?: readonly ResourceChange[];
}

export interface UpdateHistoryEntry {
  readonly version: number;
  readonly kind: string;
  readonly result: string;
  readonly startTime: string;
  readonly endTime?: string;
  /** Stack config at that update (for redeploying a previous version). */
  readonly config: Record<string, ConfigValue>;
}

/** The Pulumi operations the pipeline needs. */
export interface Engine {
  /** Select the stack, creating it when missing. */
  selectStack(stack: string): Promise<void>;
  getConfig(stack: string): Promise<Record<string, ConfigValue>>;
  setConfig(stack: string, values: Record<string, ConfigValue>): Promise<void>;
  preview(stack: string, opts?: OperationOptions): Promise<PreviewResult>;
  up(stack: string, opts?: OperationOptions): Promise<UpResult>;
  refresh(
    stack: string,
    opts?: OperationOptions & { readonly previewOnly?: boolean },
  ): Promise<RefreshResult>;
  history(stack: string, limit?: number): Promise<UpdateHistoryEntry[]>;
  exportState(stack: string): Promise<unknown>;
  importState(stack: string, state: unknown): Promise<void>;
  /** Cancel the update running on the stack (used on SIGINT/SIGTERM). */
  cancel(stack: string): Promise<void>;
  outputs(stack: string): Promise<Record<string, unknown>>;
}

/**
 * The stack is locked by another update (another deploy, a CI run, a crashed update). Never
 * forced: the operator decides whether to wait or run `pulumi cancel`.
 */
export class ConcurrentUpdateError extends Error {
  constructor(
    readonly stackName: string,
    message = `stack ${stackName} is locked by another update; wait for it to finish (or, if it crashed, run \`pulumi cancel --stack ${stackName}\` after checking nobody is deploying)`,
  ) {
    super(message);
    this.name = "ConcurrentUpdateError";
  }
}

/** The Pulumi CLI is not installed (or not on PATH): a gate failure, nothing was run. */
export class PulumiCliNotFoundError extends Error {
  constructor(readonly searched: readonly string[]) {
    // One readable line: the places searched stay on the error (`searched`), not in the message.
    super(
      `the pulumi CLI was not found on PATH, in $PULUMI_HOME/bin or ~/.pulumi/bin (${searched.length} places searched). ` +
        "Fix: install it (https://www.pulumi.com/docs/install/) and check that `pulumi version` runs",
    );
    this.name = "PulumiCliNotFoundError";
  }
}
