// The CUDA side of the builder as plain C++ (no CUDA types), so host code and tests include it
// whether or not the project was built with nvcc. Without CUDA (device_compiled_out.cpp) every call
// reports `unsupported` and device_count() is 0. Every function is thread-compatible: the builder
// serialises its device work with one mutex.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gpu/graph_optimize.h"
#include "gpu/knn_graph.h"
#include "index/base/status.h"

namespace pharos::gpu::device {

// True when this binary was compiled with the CUDA kernels.
bool compiled_with_cuda();
// GPUs visible now (0 without CUDA, without a driver, or with no device); never throws.
int device_count();
// "NVIDIA H100 80GB HBM3, 79.1 GiB free" style description for logs and stats.
std::string describe_device();

struct Options {
  bool tf32 = false;  // exact graph: TF32 GEMM, exact fp32 re-rank of k + 32 candidates (k <= 96 only)
  uint64_t memory_budget = 0;  // bytes of device memory to use; 0 = 80% of free memory
};

// Timings of the device phases, seconds (upload includes pinned staging).
struct Timings {
  double upload = 0, knn = 0, refine = 0, prune = 0, reverse = 0, download = 0;
};

// Exact kNN graph: tiled GEMM (cuBLAS) + fused warp top-k (k <= 128). Rows are streamed through
// pinned buffers; when the rows do not fit the budget they are processed in column batches.
Result<KnnGraph> knn_graph_exact(const float* rows, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                                 const Options& options, Timings* timings = nullptr);

// Approximate kNN graph: IVF candidate lists, then refinement rounds (same algorithm as
// knn_graph_approximate_cpu); everything stays on the device between the phases.
Result<KnnGraph> knn_graph_approximate(const float* rows, uint32_t n, uint32_t d, GraphMetric metric,
                                       uint32_t k, const ApproximateGraphParams& params,
                                       const Options& options, Timings* timings = nullptr);

// One neighbour-of-neighbour round over a host graph (refine_knn_graph_cpu; a kernel test hook).
Result<KnnGraph> refine_knn_graph(const float* rows, uint32_t d, GraphMetric metric, const KnnGraph& graph,
                                  uint32_t fanout);

// Rank-based pruning and reverse-edge merge; identical to prune_rank_based_cpu +
// merge_reverse_edges_cpu.
Result<FixedDegreeGraph> prune_rank_based(const KnnGraph& knn, uint32_t degree, Timings* timings = nullptr);
Result<FixedDegreeGraph> merge_reverse_edges(const FixedDegreeGraph& pruned, Timings* timings = nullptr);

// Top-k of each row of a (rows × cols) distance matrix given on the host (a kernel test hook).
Result<KnnGraph> select_top_k(const float* distances, uint32_t rows, uint32_t cols, uint32_t k);

// Nearest centroid per row (squared L2, or largest inner product).
Result<std::vector<uint32_t>> assign_to_centroids(const float* rows, uint32_t n, uint32_t d,
                                                  const float* centroids, uint32_t k, bool inner_product);

// Lloyd iterations from `centroids` (updated in place), with the CPU's empty-cluster rule.
Status kmeans(const float* rows, uint32_t n, uint32_t d, uint32_t k, uint32_t iterations,
              std::vector<float>& centroids);

// PQ codes of residuals (n × d, d = m·dsub) against codebooks (m × ksub × dsub): n × m bytes.
Result<std::vector<uint8_t>> pq_encode(const float* residuals, uint32_t n, uint32_t d, uint32_t m,
                                       uint32_t ksub, const float* codebooks);

}  // namespace pharos::gpu::device
