/**
 * Minimum-cost assignment (Hungarian method, Jonker–Volgenant style potentials) for a rows × cols
 * cost matrix with rows ≤ cols. Returns, for each row, its column. O(rows² · cols).
 *
 * @example hungarian([[4, 1], [2, 3]]) // [1, 0]
 */
export function hungarian(cost: readonly (readonly number[])[]): number[] {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : (cost[0] as readonly number[]).length;
  if (rows > cols) throw new Error("hungarian: needs rows ≤ cols (transpose the matrix)");
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const match = new Int32Array(cols + 1); // column → row (1-based), 0 = free
  const way = new Int32Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(cols + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(cols + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const current = (cost[i0 - 1]?.[j - 1] as number) - (u[i0] as number) - (v[j] as number);
        if (current < (minv[j] as number)) {
          minv[j] = current;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[match[j] as number] = (u[match[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      match[j0] = match[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if ((match[j] as number) > 0) result[(match[j] as number) - 1] = j - 1;
  return result;
}

/**
 * Stable cluster ids across runs: new clusters are matched to the previous run's ids by how many
 * members they share (Hungarian assignment maximising the overlap), so a re-fit that only permutes
 * labels keeps every dealer's id. Membership is used rather than centroids because the embedding
 * space itself is re-fitted each day. A new cluster with no overlap gets the smallest unused id.
 *
 * @example stableClusterIds(["a", "b"], Int32Array.of(1, 0), new Map([["a", 7], ["b", 3]])) // [3, 7]
 */
export function stableClusterIds(
  members: readonly string[],
  labels: Int32Array,
  k: number,
  previous: ReadonlyMap<string, number>,
): number[] {
  const oldIds = [...new Set(previous.values())].sort((a, b) => a - b);
  const mapping = new Array<number>(k).fill(-1);
  if (oldIds.length > 0) {
    const column = new Map(oldIds.map((id, index) => [id, index]));
    const overlap = Array.from({ length: k }, () => new Array<number>(oldIds.length).fill(0));
    members.forEach((member, i) => {
      const old = previous.get(member);
      if (old === undefined) return;
      const row = overlap[labels[i] as number] as number[];
      const col = column.get(old) as number;
      row[col] = (row[col] as number) + 1;
    });
    const transpose = k > oldIds.length;
    const cost = transpose
      ? oldIds.map((_, c) => overlap.map((row) => -(row[c] as number)))
      : overlap.map((row) => row.map((value) => -value));
    const assigned = hungarian(cost);
    assigned.forEach((col, row) => {
      const [cluster, oldIndex] = transpose ? [col, row] : [row, col];
      if ((overlap[cluster]?.[oldIndex] ?? 0) > 0) mapping[cluster] = oldIds[oldIndex] as number;
    });
  }
  const taken = new Set(mapping.filter((id) => id >= 0));
  let nextId = 0;
  for (let c = 0; c < k; c++) {
    if (mapping[c] !== -1) continue;
    while (taken.has(nextId)) nextId++;
    mapping[c] = nextId;
    taken.add(nextId);
  }
  return mapping;
}
