// The whole HNSW-from-graph build: kNN graph → rank-based pruning → reverse edges → faiss
// IndexHNSWFlat with CPU-built upper levels. Runs on the GPU (device_api.h) or entirely on the
// CPU reference (the oracle, and what CI exercises); both produce the same kind of index.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "gpu/hnsw_assembly.h"
#include "gpu/ivf_assembly.h"
#include "gpu/knn_graph.h"
#include "index/base/status.h"

namespace faiss {
struct Index;
}

namespace pharos::gpu {

enum class Executor { cpu_reference, gpu };

struct GraphBuildOptions {
  uint32_t knn_degree = 0;          // 0 = 2·(2·m), at most 128 (CAGRA's intermediate degree)
  uint32_t exact_knn_max_rows = 0;  // above this the approximate graph; 0 = 262,144 on GPU, 20k on CPU
  bool tf32 = false;                // GPU: TF32 GEMM + fp32 re-rank
  std::optional<ApproximateGraphParams> approximate;  // unset = approximate_graph_params(n)
};

struct BuildReport {
  Executor executor = Executor::cpu_reference;
  bool approximate_knn = false;
  uint32_t knn_degree = 0;
  double upload_s = 0, knn_s = 0, prune_s = 0, reverse_s = 0, upper_levels_s = 0, assemble_s = 0, total_s = 0;
  AssemblyReport assembly;
};

// `rows` are stored as given (normalise cosine rows before calling; metric inner_product then).
Result<std::unique_ptr<faiss::IndexHNSWFlat>> build_hnsw_from_graph(const float* rows, uint32_t n, uint32_t d,
                                                                    const HnswShape& shape, Executor executor,
                                                                    const GraphBuildOptions& options,
                                                                    BuildReport* report = nullptr);

// IVF with GPU k-means, assignment and PQ training/encoding (CPU reference: build_ivf_cpu).
Result<std::unique_ptr<faiss::Index>> build_ivf_on_gpu(const float* rows, uint32_t n, uint32_t d,
                                                       const IvfShape& shape, BuildReport* report = nullptr);

}  // namespace pharos::gpu
