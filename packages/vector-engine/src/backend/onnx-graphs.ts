import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const INT = onnx.AttributeProto.AttributeType.INT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const FLOATATTR = onnx.AttributeProto.AttributeType.FLOAT;

/** Opset 17 is supported by every onnxruntime since 1.13 and has TopK with a tensor K. */
export const OPSET = 17;

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: readonly Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

type Attribute = { name: string; i?: number; f?: number; ints?: number[] };

function node(opType: string, input: string[], output: string[], attributes: Attribute[] = []) {
  return onnx.NodeProto.create({
    opType,
    input,
    output,
    attribute: attributes.map((a) =>
      a.ints !== undefined
        ? { name: a.name, type: INTS, ints: a.ints }
        : a.f !== undefined
          ? { name: a.name, type: FLOATATTR, f: a.f }
          : { name: a.name, type: INT, i: a.i ?? 0 },
    ),
  });
}

function floatInitializer(name: string, dims: number[], data: Float32Array) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  });
}

function encode(
  name: string,
  nodes: ReturnType<typeof node>[],
  inputs: ReturnType<typeof valueInfo>[],
  outputs: ReturnType<typeof valueInfo>[],
  initializer: ReturnType<typeof floatInitializer>[] = [],
  metadata: Record<string, string> = {},
): Uint8Array {
  const graph = onnx.GraphProto.create({ name, node: nodes, input: inputs, output: outputs, initializer });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "@dai/vector-engine",
    producerVersion: "0.1.0",
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Similarity search: `Gemm(Q, X, transB=1)` then `TopK(K)` over the rows. Feeding the store's
 * row-major buffer with `transB` avoids materialising `Xᵀ`; K is an input so one session serves any k.
 */
export function searchGraph(dim: number): Uint8Array {
  return encode(
    "inner_product_topk",
    [
      node("Gemm", ["Q", "X"], ["S"], [{ name: "transB", i: 1 }]),
      node("TopK", ["S", "K"], ["V", "I"], [{ name: "axis", i: 1 }]),
    ],
    [valueInfo("Q", FLOAT, ["nq", dim]), valueInfo("X", FLOAT, ["n", dim]), valueInfo("K", INT64, [1])],
    [valueInfo("V", FLOAT, ["nq", "k"]), valueInfo("I", INT64, ["nq", "k"])],
  );
}

/** `op` along each row (axis 1), dropping that axis: `ReduceMin`, `ReduceSumSquare`, `ArgMin`. */
function perRow(op: string, input: string, output: string) {
  const axis = op.startsWith("Arg") ? { name: "axis", i: 1 } : { name: "axes", ints: [1] };
  return node(op, [input], [output], [axis, { name: "keepdims", i: 0 }]);
}

/**
 * The nearest centroid of each row, `L = ArgMin(S)` with `S = ‖c‖² − 2 X·Cᵀ` (‖x‖² is constant per
 * row, so the argmin skips it); both k-means graphs start with it.
 */
const nearestCentroid = () => [
  perRow("ReduceSumSquare", "C", "CN"),
  node(
    "Gemm",
    ["X", "C", "CN"],
    ["S"],
    [
      { name: "transB", i: 1 },
      { name: "alpha", f: -2 },
    ],
  ),
  perRow("ArgMin", "S", "L"),
];

/**
 * The k-means distance step: the nearest centroid and the distance `min S + ‖x‖²`. The distance is
 * float32 and only steers empty-cluster repair; the reported inertia is recomputed in float64.
 */
export function assignGraph(dim: number): Uint8Array {
  return encode(
    "kmeans_assign",
    [
      ...nearestCentroid(),
      perRow("ReduceMin", "S", "M"),
      perRow("ReduceSumSquare", "X", "XN"),
      node("Add", ["M", "XN"], ["D"]),
    ],
    [valueInfo("X", FLOAT, ["n", dim]), valueInfo("C", FLOAT, ["k", dim])],
    [valueInfo("L", INT64, ["n"]), valueInfo("D", FLOAT, ["n"])],
  );
}

/** The distance step reduced to what a Lloyd iteration needs: the nearest centroid of each row. */
export function labelsGraph(dim: number): Uint8Array {
  return encode(
    "kmeans_labels",
    nearestCentroid(),
    [valueInfo("X", FLOAT, ["n", dim]), valueInfo("C", FLOAT, ["k", dim])],
    [valueInfo("L", INT64, ["n"])],
  );
}

/**
 * The embedding model: `Y = ((X − mean) / scale) · W` with the learned weights as initializers, so the
 * file alone reproduces the embedding. `metadata` lands in the model's metadata_props.
 */
export function projectionGraph(
  inputDim: number,
  outputDim: number,
  mean: Float32Array,
  scale: Float32Array,
  components: Float32Array,
  metadata: Record<string, string> = {},
): Uint8Array {
  return encode(
    "behaviour_embedding",
    [
      node("Sub", ["features", "mean"], ["centered"]),
      node("Div", ["centered", "scale"], ["standardized"]),
      node("MatMul", ["standardized", "components"], ["embedding"]),
    ],
    [valueInfo("features", FLOAT, ["n", inputDim])],
    [valueInfo("embedding", FLOAT, ["n", outputDim])],
    [
      floatInitializer("mean", [inputDim], mean),
      floatInitializer("scale", [inputDim], scale),
      floatInitializer("components", [inputDim, outputDim], components),
    ],
    metadata,
  );
}
