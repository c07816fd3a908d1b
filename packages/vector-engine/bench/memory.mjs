// Measures what a VectorStore really costs, in a fresh process so nothing else is on the heap.
// usage: node --expose-gc bench/memory.mjs <n> <dim>; prints one JSON line.
import { VectorStore } from "../dist/index.js";

const n = Number(process.argv[2] ?? 100_000);
const dim = Number(process.argv[3] ?? 256);
const gc = () => {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
};
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const row = new Float32Array(dim);
gc();
const before = used();
const store = new VectorStore({ dim, metric: "cosine" });
for (let i = 0; i < n; i++) {
  for (let j = 0; j < dim; j++) row[j] = Math.sin(i * 7 + j);
  store.add(`v${i}`, row);
}
gc();
const grown = used() - before;
store.compact();
gc();
const compacted = used() - before;
console.log(
  JSON.stringify({
    n,
    dim,
    raw: n * dim * 4,
    grown,
    compacted,
    estimate: store.memoryBytes(),
    exactGc: Boolean(globalThis.gc),
  }),
);
