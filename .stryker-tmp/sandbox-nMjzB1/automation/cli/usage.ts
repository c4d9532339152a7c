/**
 * Commander usage errors as bad input, shared by every command (kept out of `deploy.ts` so the offline
 * commands do not depend on the deploy module).
 */
// @ts-nocheck

import type { Command } from "commander";
import { ExitCode } from "../../lib/errors";

/**
 * Usage errors commander finds (a value outside `--strategy`'s choices, a missing or unknown option) are
 * bad input: exit 2 after commander's message, like every other bad flag. Help and version exit 0.
 */
export function exitOnUsageError(command: Command, exit: (code: number) => never = process.exit): Command {
  return command.exitOverride((err) => exit(err.exitCode === 0 ? ExitCode.ok : ExitCode.badInput));
}
