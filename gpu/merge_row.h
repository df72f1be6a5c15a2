// One row of the reverse-edge merge, compiled for both executors: the CPU reference
// (merge_reverse_edges_cpu) and the CUDA merge kernel call this same function, so CI tests the
// code the device runs for this step.
#pragma once

#include <cstdint>

#include "gpu/knn_graph.h"

#ifdef __CUDACC__
#define PHAROS_HOST_DEVICE __host__ __device__
#else
#define PHAROS_HOST_DEVICE
#endif

namespace pharos::gpu {

PHAROS_HOST_DEVICE inline bool row_has(const uint32_t* row, uint32_t size, uint32_t id) {
  for (uint32_t s = 0; s < size; ++s) {
    if (row[s] == id) return true;
  }
  return false;
}

// Writes `row` (degree slots): the first `keep_forward` pruned edges, then reverse edges (sources
// ordered by their rank, then id; at most `degree` of them considered) not yet present, then the
// remaining pruned edges; duplicates and kNoNeighbor are skipped, the rest is kNoNeighbor.
PHAROS_HOST_DEVICE inline void merge_row(const uint32_t* forward, const uint32_t* reverse_sources,
                                         uint64_t reverse_count, uint32_t degree, uint32_t keep_forward,
                                         uint32_t* row) {
  uint32_t size = 0;
  for (uint32_t r = 0; r < keep_forward; ++r) {
    if (forward[r] != kNoNeighbor && !row_has(row, size, forward[r])) row[size++] = forward[r];
  }
  const uint64_t considered = reverse_count < degree ? reverse_count : degree;
  for (uint64_t p = 0; p < considered && size < degree; ++p) {
    if (!row_has(row, size, reverse_sources[p])) row[size++] = reverse_sources[p];
  }
  for (uint32_t r = keep_forward; r < degree && size < degree; ++r) {
    if (forward[r] != kNoNeighbor && !row_has(row, size, forward[r])) row[size++] = forward[r];
  }
  for (uint32_t s = size; s < degree; ++s) row[s] = kNoNeighbor;
}

}  // namespace pharos::gpu
