/**
 * Errors the CLI turns into clear messages and exit codes. Library code throws these; only
 * `automation/cli.ts` prints them and exits.
 */
// @ts-nocheck


/** Exit codes of every slipway command. */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** The deployment (or check) failed, or was rolled back; mandatory policy violations. */
  failed: 1,
  /** Bad input: an artifact, a config value or an argument is invalid. Nothing was deployed. */
  badInput: 2,
  /** A gate blocked the deployment (QA, human approval, staging-before-production). */
  blocked: 3,
} as const;

/**
 * Bad input: names the file, the field (a JSON pointer or dotted path) and how to fix it.
 * Never thrown after anything was deployed.
 */
export class InputError extends Error {
  constructor(
    /** File (or flag/config key source) the bad value came from. */
    readonly file: string,
    /** Field path inside the file, e.g. `/deployment/deployment_strategy` or `slipway:vpcCidr`. */
    readonly field: string,
    /** What is wrong. */
    readonly problem: string,
    /** How to fix it. */
    readonly fix: string,
  ) {
    // A flag is its own field: `--bake: "x" is not ...`, not `--bake: (document): ...`.
    const where =
      file.startsWith("--") && (field === "" || field === file) ? file : `${file}: ${field || "(document)"}`;
    super(`${where}: ${problem}. Fix: ${fix}`);
    this.name = "InputError";
  }
}

/** Several input errors found at once (all are reported, not just the first). */
export class InputErrors extends Error {
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "InputErrors";
  }
}
