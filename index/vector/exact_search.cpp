#include "index/vector/exact_search.h"

#include <algorithm>

namespace pharos::vector {
namespace {

bool closer(const Neighbor& a, const Neighbor& b) {
  return a.distance < b.distance || (a.distance == b.distance && a.doc < b.doc);
}

}  // namespace

void sort_neighbors(std::vector<Neighbor>& neighbors, size_t limit) {
  if (neighbors.size() > limit) {
    std::partial_sort(neighbors.begin(), neighbors.begin() + limit, neighbors.end(), closer);
    neighbors.resize(limit);
  } else {
    std::sort(neighbors.begin(), neighbors.end(), closer);
  }
}

std::vector<Neighbor> exact_search(const RowSource& rows, const QueryDistance& distance,
                                   const SearchParams& params) {
  const DocFilter* filter = params.filter;
  const uint32_t dim = distance.dimension();
  std::vector<Neighbor> out;
  auto row_distance = [&](uint32_t r) {
    const float* row = rows.data + static_cast<size_t>(r) * dim;
    return distance(row, rows.inverse_norms ? rows.inverse_norms[r] : 1.f);
  };
  if (params.max_distance) {
    const float bound = *params.max_distance;
    for (uint32_t r = 0; r < rows.count; ++r) {
      if (filter && !filter->allows(rows.docs[r])) continue;
      float d = row_distance(r);
      if (d <= bound) out.push_back({rows.docs[r], d});
    }
    sort_neighbors(out, out.size());
    return out;
  }
  const size_t k = params.k;
  if (k == 0) return out;
  // A max-heap of the k best so far: rows farther than its top are skipped without allocation.
  out.reserve(k + 1);
  for (uint32_t r = 0; r < rows.count; ++r) {
    if (filter && !filter->allows(rows.docs[r])) continue;
    float d = row_distance(r);
    if (out.size() == k && !closer({rows.docs[r], d}, out.front())) continue;
    out.push_back({rows.docs[r], d});
    std::push_heap(out.begin(), out.end(), closer);
    if (out.size() > k) {
      std::pop_heap(out.begin(), out.end(), closer);
      out.pop_back();
    }
  }
  std::sort_heap(out.begin(), out.end(), closer);
  return out;
}

}  // namespace pharos::vector
