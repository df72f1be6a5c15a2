// The k-nearest-neighbour graph of a segment's vectors and its CPU reference builders. The GPU
// computes the same graphs (device_api.h); these are the oracle its tests compare against and the
// path CI runs (reference/vector.md §9, "CPU fallback").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pharos::gpu {

// Distances in the graph are "lower is better": squared L2, or -x·y for inner product (cosine is
// inner product over normalised rows, prepared by the caller).
enum class GraphMetric { l2, inner_product };

inline constexpr uint32_t kNoNeighbor = 0xffffffffu;

// Row r's neighbours are ids[r*k .. r*k+k), nearest first, never r itself; kNoNeighbor pads rows
// when the set has fewer than k+1 rows.
struct KnnGraph {
  uint32_t n = 0;
  uint32_t k = 0;
  std::vector<uint32_t> ids;
  std::vector<float> distances;
  const uint32_t* row(uint32_t r) const { return ids.data() + static_cast<size_t>(r) * k; }
};

// Exact graph by brute force (BLAS through faiss's flat index). O(n²·d): the oracle, and the
// CPU path for segments up to a few tens of thousands of rows.
KnnGraph knn_graph_exact_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k);

// Approximate graph from IVF candidate lists: k-means into `nlist` lists, then every row is
// compared with the members of its `nprobe` nearest lists. Cost ~ n·nprobe·(n/nlist).
KnnGraph knn_graph_ivf_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                           uint32_t nlist, uint32_t nprobe, uint64_t seed = 1234);

// The approximate graph the builders use above the exact size limit: IVF candidate lists of a
// fixed size, refined by neighbour-of-neighbour rounds. With the list size, nprobe and fanout
// fixed, each row costs the same whatever n is, so the graph costs ~n (plus k-means assignment,
// n·nlist·d with nlist = n / list size, a small n² term).
struct ApproximateGraphParams {
  uint32_t nlist = 1, nprobe = 1;
  uint32_t refine_rounds = 0, refine_fanout = 0;
};
ApproximateGraphParams approximate_graph_params(uint32_t n);
KnnGraph knn_graph_approximate_cpu(const float* data, uint32_t n, uint32_t d, GraphMetric metric, uint32_t k,
                                   const ApproximateGraphParams& params);

// One round of neighbour-of-neighbour refinement (NN-descent's local join, forward edges only):
// every row is compared with the first `fanout` neighbours of each of its first `fanout`
// neighbours and keeps the k nearest of those and its current list. Reads `graph`, returns the new
// graph (rows do not see each other's updates within a round, so the GPU computes the same one).
// Cost n·fanout²·d.
KnnGraph refine_knn_graph_cpu(const float* data, uint32_t d, GraphMetric metric, const KnnGraph& graph,
                              uint32_t fanout);

}  // namespace pharos::gpu
