// Brute-force search over rows: the flat index, the ground truth (`exact: true`) and the
// fallback of every ANN index when a filter is selective or the graph found too few docs.
#pragma once

#include <cstdint>
#include <vector>

#include "index/vector/query_distance.h"
#include "index/vector/vector_index.h"

namespace pharos::vector {

struct RowSource {
  const float* data = nullptr;  // count x dimension
  uint32_t count = 0;
  const uint32_t* docs = nullptr;        // row → segment doc
  const float* inverse_norms = nullptr;  // cosine over unnormalised rows, else nullptr
};

// Best first, ties by doc; k results (or all within params.max_distance) among allowed docs.
std::vector<Neighbor> exact_search(const RowSource& rows, const QueryDistance& distance,
                                   const SearchParams& params);

// Sorts best first (distance, then doc) and keeps the first `limit`.
void sort_neighbors(std::vector<Neighbor>& neighbors, size_t limit);

}  // namespace pharos::vector
