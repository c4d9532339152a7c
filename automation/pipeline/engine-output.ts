/**
 * The end of the engine's output, for the failure message of a step: what a CI log, the report and the
 * step summary show when `pulumi preview` or `pulumi up` fails (the full output is logged at `detail`,
 * which CI does not print). Pure; the caller redacts (stepRunner does).
 */

/** Lines of engine output kept in a failure message. */
export const ENGINE_TAIL_LINES = 25;
/** Characters kept at most (the newest). */
export const ENGINE_TAIL_CHARS = 4000;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The last non-blank lines of `output`, without terminal colours, at most `maxChars` (newest kept). */
export function engineTail(
  output: string | undefined,
  lines: number = ENGINE_TAIL_LINES,
  maxChars: number = ENGINE_TAIL_CHARS,
): string {
  if (!output) return "";
  const kept = output
    .replace(ANSI, "")
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(-lines)
    .join("\n");
  return kept.length > maxChars ? `...${kept.slice(kept.length - maxChars)}` : kept;
}

/** The stdout + stderr the Automation API keeps on a failed CLI call (`CommandError.commandResult`). */
export function commandOutputOf(err: unknown): string | undefined {
  const result = (err as { commandResult?: { stdout?: string; stderr?: string } } | undefined)?.commandResult;
  if (!result) return undefined;
  return [result.stdout, result.stderr].filter((s) => s && s.length > 0).join("\n");
}

/** `what` followed by the engine's last lines, when there are any. */
export function withEngineTail(what: string, output: string | undefined): string {
  const tail = engineTail(output);
  return tail ? `${what}; the engine's last output:\n${tail}` : what;
}
