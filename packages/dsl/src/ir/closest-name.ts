// Did-you-mean, one rule for the DSL's option checks and the runtime's config, CLI and import
// messages: a name is a typo of the closest known one when few enough letters differ.

/** Edit distance, ignoring case (a typo's size). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The known name a misspelling most likely meant, if one is close enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const ranked = known.map((k) => [k, distance(name, k)] as const).sort((a, b) => a[1] - b[1]);
  const best = ranked[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}
