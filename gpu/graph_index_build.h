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

// The kNN graph's degree (CAGRA's intermediate degree) for a level-0 degree of 2·m: 4·degree, at
// most 128 (the warp top-k's limit). Pruning from more candidates keeps edges that reach further:
// an HNSW built by insertion has ~30% of its level-0 edges beyond a row's true 64 nearest, and on
// synthetic 1M (m 16) R@10 at ef 64 went from 0.86 (k = 2·degree, CAGRA's usual ratio) to 0.90,
// the CPU builder's (bench/gpu_build/README.md, "kNN degree and reverse edges").
inline uint32_t default_knn_degree(uint32_t degree) { return degree * 4 < 128 ? degree * 4 : 128; }

struct GraphBuildOptions {
  uint32_t knn_degree = 0;          // 0 = default_knn_degree(2·m)
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
