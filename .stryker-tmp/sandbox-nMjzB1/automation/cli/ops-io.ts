/**
 * Output of the operations commands (`drift`, `dr-drill`): CLI code, so it may write to the process's
 * streams; library code under `automation/ops/` only returns lines.
 */
// @ts-nocheck

import type { OpsCommandOptions } from "../ops/preflight";
import { createRedactor, secretsFromEnv } from "../../lib/redact";

/**
 * The output lines of an operations command (the injected sinks, else stdout/stderr), each line passed
 * through a redactor that knows the secrets of the environment (tokens, passphrases, AWS keys) and the
 * well-known secret shapes: an engine or AWS error quoted in a message never leaks one.
 */
export function opsIo(options: OpsCommandOptions): {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
} {
  const redact = createRedactor(secretsFromEnv(options.env ?? process.env));
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(`${t}\n`));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(`${t}\n`));
  return { out: (line) => stdout(redact(line)), err: (line) => stderr(redact(line)) };
}
