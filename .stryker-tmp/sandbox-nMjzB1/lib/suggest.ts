/**
 * Did-you-mean for names typed by people (component types, dependency names): the closest candidate by
 * edit distance after folding case and separators. Pure; imports nothing of the project.
 */
// @ts-nocheck


/** Case and separators folded: `Backend-API` and `backend api` both read `backend_api`. */
export function foldName(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, "_");
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `typed` (separators and case folded), when it is close enough to be a typo:
 * an equal folded form, or an edit distance of at most a third of the longer name (at least 1).
 */
export function closestName(typed: string, candidates: readonly string[]): string | undefined {
  const folded = foldName(typed);
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(folded, foldName(c));
    if (!best || d < best.distance) best = { name: c, distance: d };
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(folded.length, best.name.length) / 3));
  return best.distance <= limit ? best.name : undefined;
}

/** `" (did you mean "x"?)"`, or `""` when nothing is close. */
export function didYouMean(typed: string, candidates: readonly string[]): string {
  const hit = closestName(typed, candidates);
  return hit !== undefined && hit !== typed ? ` (did you mean "${hit}"?)` : "";
}
