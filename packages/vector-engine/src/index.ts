export {
  ACCURACY_DEFINITION,
  type ClusterToneStats,
  evaluateRecommendations,
  type RecommendationAccuracy,
  recommendTones,
  wilson,
} from "./accuracy.js";
export {
  createOnnxBackend,
  type OnnxBackendOptions,
  type OrtModule,
  runModelBytes,
  sessionOptions,
} from "./backend/onnx.js";
export { assignGraph, projectionGraph, searchGraph } from "./backend/onnx-graphs.js";
export {
  createPureBackend,
  type PureBackendOptions,
  pureAssign,
  pureProject,
  pureTopK,
  simdTopK,
} from "./backend/pure.js";
export {
  type BackendPreference,
  type CreateBackendOptions,
  createBackend,
  type SelectedBackend,
} from "./backend/select.js";
export type { Assignment, ComputeBackend, Projection, TopK } from "./backend/types.js";
export {
  createVectorsUpdateCommand,
  type VectorCommandDefaults,
  vectorCommands,
  vectorsSimilarCommand,
  vectorsUpdateCommand,
} from "./commands.js";
export {
  type BehaviourData,
  type CopilotEventInput,
  type DealerInfo,
  INPUT_FILES,
  type KpiDay,
  readBehaviourData,
} from "./demo-input.js";
export { extractFeatures, FEATURE_NAMES, FEATURES, type FeatureWindow, MOODS, TONES } from "./features.js";
export { hungarian, stableClusterIds } from "./hungarian.js";
export { exactInertia, type KMeansOptions, type KMeansResult, kmeans, kmeansFrom } from "./kmeans.js";
export {
  type EmbeddingModel,
  type EmbeddingModelMetadata,
  exportEmbeddingModel,
  loadEmbeddingModel,
  MODEL_METADATA_FILE,
} from "./model.js";
export { fitPca, jacobiEigen, type PcaFit } from "./pca.js";
export {
  DEALER_VECTORS_FILE,
  type DealerVectorsFile,
  type UpdateVectorsOptions,
  updateDealerVectors,
} from "./pipeline.js";
export { RUN_LOG_FILE, type RunLogEntry } from "./run-log.js";
export { type ChooseKResult, chooseK, silhouette } from "./silhouette.js";
export {
  dealerStore,
  readDealerVectors,
  type SimilarDealer,
  type SimilarOptions,
  similarDealers,
} from "./similar.js";
export {
  type Filter,
  type Hit,
  type Metadata,
  type Metric,
  type SearchOptions,
  VectorStore,
  type VectorStoreOptions,
} from "./store.js";
export { loadStore, saveStore } from "./store-file.js";
export { TWINS_FILE, type TwinSlotResult, writeTwinEmbeddings } from "./twin-slot.js";
export { checkMatrix, checkVector } from "./validate.js";
