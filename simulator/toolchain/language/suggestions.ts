// "Did you mean ...?": the nearest candidate by edit distance (insertions, deletions,
// substitutions and adjacent transpositions), used by E002, E103 and E105.

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const distance: number[][] = [];
  for (let i = 0; i < rows; i++) {
    distance.push(new Array<number>(columns).fill(0));
    distance[i][0] = i;
  }
  for (let j = 0; j < columns; j++) distance[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, distance[i - 2][j - 2] + 1);
      distance[i][j] = best;
    }
  }
  return distance[a.length][b.length];
}

/**
 * The candidate nearest to `name`. With `always`, the nearest whatever the distance (E105 always
 * has a suggestion); otherwise only one close enough to be a plausible typo.
 */
export function nearest(name: string, candidates: Iterable<string>, always = false): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowered = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name || candidate === '') continue;
    const distance = candidate.toLowerCase() === lowered ? 0.5 : editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  if (always) return best;
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}
