/**
 * What the operations commands (`npm run drift`, `npm run dr-drill`) share: the pre-flight checks that
 * run before anything touches a backend or AWS (a `pulumi` CLI, resolvable AWS credentials), and the
 * mapping of their errors to one message line and an exit code. Library code: it returns the line; the
 * CLI prints it.
 */
// @ts-nocheck

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { InputError, ExitCode } from "../../lib/errors";
import { createPulumiEngine, findPulumiCli, StackNotFoundError } from "../engine/pulumi";
import { ConcurrentUpdateError, PulumiCliNotFoundError, type Engine } from "../engine/types";
import { hasAwsCredentials } from "../pipeline/defaults";

/** No AWS credentials resolve from the default chain: a gate failure, nothing was run. */
export class AwsCredentialsMissingError extends Error {
  constructor() {
    super(
      "no AWS credentials found (environment, profile, SSO or role). Fix: `aws sso login`, " +
        "`export AWS_PROFILE=<profile>` or run from the CI workflow (OIDC); check with `aws sts get-caller-identity`",
    );
    this.name = "AwsCredentialsMissingError";
  }
}

/** The options every operations command takes (its seams and its output). */
export interface OpsCommandOptions {
  /** Stack to operate on, e.g. `staging` or `production`. */
  readonly stack: string;
  /** Pulumi project directory. @default process.cwd() */
  readonly workDir?: string;
  /** Engine to use. @default the Automation API engine over `workDir`, never creating stacks */
  readonly engine?: Engine;
  /**
   * Whether AWS credentials resolve. @default the SDK's default chain whenever a real AWS-facing seam
   * (the engine, an AWS client) is used; not checked when they are all injected
   */
  readonly awsCredentials?: () => Promise<boolean>;
  /** Environment used to find the Pulumi CLI. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Output sinks (the CLI passes stdout/stderr; see `automation/cli/ops-io.ts`). */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly signal?: AbortSignal;
}

export interface OpsPreflightOptions {
  /** Check that a `pulumi` binary is installed (false when an engine is injected). */
  readonly pulumiCli: boolean;
  /** Check that AWS credentials resolve (false when every AWS-facing seam is injected). */
  readonly aws: boolean;
  /** Region of the default credentials check. */
  readonly region: string;
  /**
   * Whether AWS credentials resolve. @default the SDK's default chain (bounded, never hangs on
   * instance metadata)
   */
  readonly awsCredentials?: () => Promise<boolean>;
  /** Environment used to find the CLI. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Throw `PulumiCliNotFoundError` or `AwsCredentialsMissingError` before any engine or AWS call, in
 * that order (the CLI check is free, the credentials check may take a few seconds).
 */
export async function opsPreflight(options: OpsPreflightOptions): Promise<void> {
  if (options.pulumiCli) {
    const found = findPulumiCli(options.env ?? process.env);
    if (!found.path) throw new PulumiCliNotFoundError(found.searched);
  }
  if (!options.aws) return;
  const resolves =
    options.awsCredentials ?? (() => hasAwsCredentials(new CloudWatchClient({ region: options.region })));
  if (!(await resolves())) throw new AwsCredentialsMissingError();
}

/**
 * Pre-flight, then the engine of an operations command: the injected one, or the Automation API engine
 * over `workDir` that never creates stacks (a mistyped name is an error, not an empty clean stack).
 * `otherAwsSeam` says whether the command also uses a real AWS client besides the engine.
 */
export async function opsEngine(
  options: OpsCommandOptions,
  region: string,
  otherAwsSeam = false,
): Promise<Engine> {
  await opsPreflight({
    pulumiCli: !options.engine,
    aws: !options.engine || otherAwsSeam || options.awsCredentials !== undefined,
    region,
    ...(options.awsCredentials ? { awsCredentials: options.awsCredentials } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return (
    options.engine ??
    createPulumiEngine({
      workDir: options.workDir ?? process.cwd(),
      createStacks: false,
      ...(options.env ? { env: options.env } : {}),
    })
  );
}

/**
 * The exit code and the one line to print for an error of an operations command `command` on `stack`:
 * 2 for bad input or an unknown stack, 3 when blocked (no Pulumi CLI, no AWS credentials), 1 otherwise
 * (a locked stack, or the `activity` itself failed).
 */
export function opsFailure(
  command: string,
  stack: string,
  e: unknown,
  /** What failed, in the generic message. @default "check" */
  activity = "check",
): { code: number; message: string } {
  if (e instanceof InputError) return { code: ExitCode.badInput, message: `${command}: ${e.message}` };
  if (e instanceof StackNotFoundError) {
    return {
      code: ExitCode.badInput,
      message: `${command}: stack ${stack} does not exist in this backend. Fix: check --stack and PULUMI_BACKEND_URL`,
    };
  }
  if (e instanceof PulumiCliNotFoundError || e instanceof AwsCredentialsMissingError) {
    return { code: ExitCode.blocked, message: `${command}: ${e.message}` };
  }
  if (e instanceof ConcurrentUpdateError)
    return { code: ExitCode.failed, message: `${command}: ${e.message}` };
  return {
    code: ExitCode.failed,
    message: `${command}: the ${activity} failed: ${e instanceof Error ? e.message : String(e)}`,
  };
}
