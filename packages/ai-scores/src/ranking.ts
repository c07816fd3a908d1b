import { round } from "./model.js";
import type { PeerRank } from "./types.js";

/**
 * Rank and percentile of every score within its group. Rank is competition ranking (ties share the
 * better rank); percentile is the share of the *other* members scoring lower, ties counting half,
 * so the best of a group is 100, the worst 0, and a group of one is 100.
 *
 * @example peerRanks([70, 50, 70], ["a", "a", "a"])[1] // { rank: 3, of: 3, percentile: 0 }
 */
export function peerRanks(scores: readonly number[], groups: readonly string[]): PeerRank[] {
  const members = new Map<string, number[]>();
  scores.forEach((_, index) => {
    const group = groups[index] as string;
    const list = members.get(group);
    if (list) list.push(index);
    else members.set(group, [index]);
  });
  const result: PeerRank[] = new Array(scores.length);
  for (const indexes of members.values()) {
    const sorted = indexes.map((index) => scores[index] as number).sort((a, b) => a - b);
    const n = sorted.length;
    for (const index of indexes) {
      const score = scores[index] as number;
      const below = lowerBound(sorted, score);
      const equal = upperBound(sorted, score) - below;
      const above = n - below - equal;
      const percentile = n === 1 ? 100 : round((100 * (below + 0.5 * (equal - 1))) / (n - 1), 1);
      result[index] = { rank: above + 1, of: n, percentile };
    }
  }
  return result;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
