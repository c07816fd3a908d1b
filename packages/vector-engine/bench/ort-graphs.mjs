// Where the onnxruntime search time goes, bare graphs side by side in one run:
//   node bench/ort-graphs.mjs
// 100,000 × 256 float32 store, 100 queries, top 18 (k = 10 plus the backend's re-rank slack), 2 threads:
//  - input:       the backend's graph (`Gemm(Q, X, transB) → TopK`), the store fed as an input every run;
//  - initializer: the same graph with the store baked in as an initializer (ORT pre-packs it once, and
//                 keeps that packed copy: about the store's size again);
//  - topk:        `TopK` alone over a 100 × 100,000 score matrix.
// Each variant: best of 6 batches, 6 rounds interleaved; prints the median best and queries/s.
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { sessionOptions } from "../dist/backend/onnx.js";
import { searchGraph } from "../dist/backend/onnx-graphs.js";

const { onnx } = onnxProto;
const N = 100_000;
const DIM = 256;
const NQ = 100;
const KEEP = 18;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

const random = (length) => Float32Array.from({ length }, () => Math.random() - 0.5);
const store = random(N * DIM);
const queries = random(NQ * DIM);
const k = new ort.Tensor("int64", BigInt64Array.of(BigInt(KEEP)), [1]);

const info = (name, type, dims) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: type,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
const model = (nodes, inputs, initializer = []) =>
  onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: "", version: 17 }],
      graph: onnx.GraphProto.create({
        name: "g",
        node: nodes,
        input: inputs,
        output: [info("V", FLOAT, ["nq", "k"]), info("I", INT64, ["nq", "k"])],
        initializer,
      }),
    }),
  ).finish();
const INT = onnx.AttributeProto.AttributeType.INT;
const gemm = onnx.NodeProto.create({
  opType: "Gemm",
  input: ["Q", "X"],
  output: ["S"],
  attribute: [{ name: "transB", type: INT, i: 1 }],
});
const topK = (input) =>
  onnx.NodeProto.create({
    opType: "TopK",
    input: [input, "K"],
    output: ["V", "I"],
    attribute: [{ name: "axis", type: INT, i: 1 }],
  });
const storeInitializer = onnx.TensorProto.create({
  name: "X",
  dims: [N, DIM],
  dataType: FLOAT,
  rawData: new Uint8Array(store.buffer.slice(0)),
});

const q = new ort.Tensor("float32", queries, [NQ, DIM]);
const variants = {
  input: [searchGraph(DIM), () => ({ Q: q, X: new ort.Tensor("float32", store, [N, DIM]), K: k })],
  initializer: [
    model([gemm, topK("S")], [info("Q", FLOAT, ["nq", DIM]), info("K", INT64, [1])], [storeInitializer]),
    () => ({ Q: q, K: k }),
  ],
  topk: [
    model([topK("S")], [info("S", FLOAT, ["nq", "n"]), info("K", INT64, [1])]),
    () => ({ S: new ort.Tensor("float32", store.subarray(0, NQ * N), [NQ, N]), K: k }),
  ],
};

const sessions = {};
for (const [name, [bytes]] of Object.entries(variants))
  sessions[name] = await ort.InferenceSession.create(bytes, sessionOptions(2));
const bests = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < 6; round++) {
  for (const [name, [, feeds]] of Object.entries(variants)) {
    let best = Number.POSITIVE_INFINITY;
    for (let batch = 0; batch < 6; batch++) {
      const started = performance.now();
      await sessions[name].run(feeds());
      best = Math.min(best, performance.now() - started);
    }
    bests[name].push(best);
  }
}
console.log(`bare ORT graphs: ${N.toLocaleString("en-US")} × ${DIM}, ${NQ} queries, top ${KEEP}, 2 threads`);
for (const [name, times] of Object.entries(bests)) {
  const median = [...times].sort((a, b) => a - b)[times.length >> 1];
  console.log(
    `${name.padEnd(12)} ${median.toFixed(1)} ms per batch = ${Math.round((NQ / median) * 1000)} queries/s`,
  );
}
