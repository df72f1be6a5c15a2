// CAGRA-style graph optimisation (arXiv 2308.15136): rank-based pruning of detourable edges, then
// reverse edges merged in, down to a fixed degree (2·m for HNSW level 0). The CPU reference here
// and the CUDA kernels (graph_optimize_kernels.cu) produce identical graphs from the same kNN input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gpu/knn_graph.h"

namespace pharos::gpu {

// A fixed-degree graph: row r's neighbours are ids[r*degree ..), kNoNeighbor pads.
struct FixedDegreeGraph {
  uint32_t n = 0;
  uint32_t degree = 0;
  std::vector<uint32_t> ids;
  const uint32_t* row(uint32_t r) const { return ids.data() + static_cast<size_t>(r) * degree; }
  uint32_t* row(uint32_t r) { return ids.data() + static_cast<size_t>(r) * degree; }
};

// Edge x→y (rank j in x's kNN list) is detourable through z (rank i) when z→y is in z's list at
// rank p and max(i, p) < j. Keeps the `degree` edges with the fewest detours, ties by rank, in
// that order (least detourable first).
FixedDegreeGraph prune_rank_based_cpu(const KnnGraph& knn, uint32_t degree);

// How a level-0 row mixes its own pruned edges with reverse edges (both executors). CAGRA takes
// half of each; measured on synthetic 1M (bench/gpu_build/README.md) that lets reverse edges
// crowd out good forward edges: with k = 64, R@10 at ef 64 / 100 / 200 went from
// 0.825 / 0.892 / 0.974 (half and half) to 0.865 / 0.924 / 0.978 with 3/4 forward edges first.
inline uint32_t forward_edges_first(uint32_t degree) { return degree - degree / 4; }

// Reverse edges: y's reverse list holds every x with y in x's pruned list, ordered by y's rank
// there, then by x; at most `degree` considered. Every rank rather than only the first few: with
// k = 128 on synthetic 1M, R@10 at ef 100 / 200 0.956 / 0.986 against 0.949 / 0.984 from ranks < 8
// (an insertion-built HNSW is nearly undirected: 83% of its level-0 edges are reciprocal). The final row: the first
// forward_edges_first(degree) pruned edges, then reverse edges not yet present, then the remaining
// pruned edges, up to `degree`.
FixedDegreeGraph merge_reverse_edges_cpu(const FixedDegreeGraph& pruned);

}  // namespace pharos::gpu
