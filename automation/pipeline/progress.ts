/**
 * Progress of long work (bake, canary steps, migrations, snapshots, `pulumi up`, the DR restore): a line at
 * least once a minute through the pipeline's log seam, so a user never watches an hour of silence. Pure
 * helpers over an injected clock; the CLI decides how a line is shown (a live line on a terminal, plain
 * lines in CI).
 */

/** Longest silence allowed during long work. */
export const PROGRESS_INTERVAL_MS = 60_000;

/** `3 min 20 s`, `45 s`, `2 h 5 min`: a duration for a progress line (whole seconds, never negative). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/** `12 min of 60 min (20 %)`: elapsed of a known total. */
export function elapsedOf(elapsedMs: number, totalMs: number): string {
  const pct = totalMs > 0 ? Math.min(100, Math.floor((Math.max(0, elapsedMs) / totalMs) * 100)) : 100;
  return `${formatDuration(elapsedMs)} of ${formatDuration(totalMs)} (${pct} %)`;
}

/**
 * A reporter that passes a line on when at least `intervalMs` passed since the last one it passed on (or
 * since it was made): call it on every poll, it speaks once a minute. `force` passes the line on anyway.
 */
export function throttledProgress(
  now: () => number,
  emit: (message: string) => void,
  intervalMs: number = PROGRESS_INTERVAL_MS,
): (message: () => string, force?: boolean) => void {
  let last = now();
  return (message, force = false) => {
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    emit(message());
  };
}
