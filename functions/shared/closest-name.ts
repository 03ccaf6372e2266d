/**
 * The one "did you mean" helper, for every hint the project gives (configuration keys, environments, event
 * names, command-line options). Pure; no imports, so `lib/`, `functions/` and `local/` can all use it.
 */

export interface ClosestNameOptions {
  /** Count a change of case as an edit (command-line options are case-sensitive). Default: case is ignored. */
  readonly caseSensitive?: boolean;
  /**
   * Allow 2 edits however short the name (configuration keys, where the allowed keys are few and known).
   * Default: fewer edits than half the name's length, so a short name does not "mean" an unrelated one.
   */
  readonly anyLength?: boolean;
}

/**
 * The candidate a mistyped name most likely meant: the closest by edit distance (insert, delete, substitute,
 * swap two neighbours), when it is at most 2 edits away and (unless `anyLength`) fewer than half the name's
 * length; the first of equally close ones.
 */
export function closestName(
  name: string,
  candidates: readonly string[],
  options: ClosestNameOptions = {},
): string | undefined {
  const fold = (text: string) => (options.caseSensitive ? text : text.toLowerCase());
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(fold(name), fold(candidate));
    const likely = distance <= 2 && (options.anyLength || distance < name.length / 2);
    if (likely && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const previous = rows[i - 1] ?? [];
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    rows.push(current);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
