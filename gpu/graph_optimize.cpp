// CPU reference of the CAGRA-style optimisation (the GPU test oracle and the CI path).
#include "gpu/graph_optimize.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "gpu/merge_row.h"
#include "gpu/parallel_for.h"

namespace pharos::gpu {
namespace {

// Detour counts for one row, kept per rank (see prune_rank_based_cpu). `rank_of` maps a row id to
// its rank in x's list + 1 (0 = absent); it is all zeros again on return.
void count_detours(const KnnGraph& knn, uint32_t x, std::vector<uint8_t>& rank_of,
                   std::vector<uint32_t>& detours) {
  const uint32_t k = knn.k;
  const uint32_t* list = knn.row(x);
  for (uint32_t j = 0; j < k; ++j) {
    if (list[j] != kNoNeighbor) rank_of[list[j]] = static_cast<uint8_t>(j + 1);
  }
  detours.assign(k, 0);
  for (uint32_t i = 0; i < k; ++i) {
    uint32_t z = list[i];
    if (z == kNoNeighbor) continue;
    const uint32_t* z_list = knn.row(z);
    for (uint32_t p = 0; p < k; ++p) {
      uint32_t y = z_list[p];
      if (y == kNoNeighbor || rank_of[y] == 0) continue;
      uint32_t j = rank_of[y] - 1u;
      if (j > i && j > p) ++detours[j];
    }
  }
  for (uint32_t j = 0; j < k; ++j) {
    if (list[j] != kNoNeighbor) rank_of[list[j]] = 0;
  }
}

}  // namespace

FixedDegreeGraph prune_rank_based_cpu(const KnnGraph& knn, uint32_t degree) {
  if (knn.k > 255) throw std::invalid_argument("prune: kNN degree above 255");
  FixedDegreeGraph out;
  out.n = knn.n;
  out.degree = degree;
  out.ids.assign(static_cast<size_t>(knn.n) * degree, kNoNeighbor);
  parallel_for_rows(knn.n, [&](uint32_t begin, uint32_t end) {
    std::vector<uint8_t> rank_of(knn.n, 0);  // k <= 128 fits a byte
    std::vector<uint32_t> detours, order;
    for (uint32_t x = begin; x < end; ++x) {
      count_detours(knn, x, rank_of, detours);
      order.clear();
      for (uint32_t j = 0; j < knn.k; ++j) {
        if (knn.row(x)[j] != kNoNeighbor) order.push_back(j);
      }
      std::stable_sort(order.begin(), order.end(),
                       [&](uint32_t a, uint32_t b) { return detours[a] < detours[b]; });
      for (uint32_t s = 0; s < degree && s < order.size(); ++s) out.row(x)[s] = knn.row(x)[order[s]];
    }
  });
  return out;
}

FixedDegreeGraph merge_reverse_edges_cpu(const FixedDegreeGraph& pruned) {
  const uint32_t n = pruned.n, degree = pruned.degree;
  // Bucket (rank, source) per target, sources visited in ascending order: a stable order by rank
  // then gives (rank, source), the order the GPU's stable radix sort produces.
  std::vector<uint32_t> in_count(n, 0);
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t r = 0; r < degree; ++r) {
      uint32_t y = pruned.row(x)[r];
      if (y != kNoNeighbor) ++in_count[y];
    }
  }
  std::vector<uint64_t> offsets(n + 1, 0);
  for (uint32_t y = 0; y < n; ++y) offsets[y + 1] = offsets[y] + in_count[y];
  std::vector<std::pair<uint32_t, uint32_t>> reverse(offsets[n]);  // (rank, source)
  std::vector<uint64_t> fill(offsets.begin(), offsets.end() - 1);
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t r = 0; r < degree; ++r) {
      uint32_t y = pruned.row(x)[r];
      if (y != kNoNeighbor) reverse[fill[y]++] = {r, x};
    }
  }
  FixedDegreeGraph out;
  out.n = n;
  out.degree = degree;
  out.ids.assign(static_cast<size_t>(n) * degree, kNoNeighbor);
  parallel_for_rows(n, [&](uint32_t begin, uint32_t end) {
    std::vector<uint32_t> sources;
    for (uint32_t x = begin; x < end; ++x) {
      auto first = reverse.begin() + offsets[x], last = reverse.begin() + offsets[x + 1];
      std::stable_sort(first, last, [](const auto& a, const auto& b) { return a.first < b.first; });
      sources.clear();
      for (auto it = first; it != last; ++it) sources.push_back(it->second);
      merge_row(pruned.row(x), sources.data(), sources.size(), degree, forward_edges_first(degree), out.row(x));
    }
  });
  return out;
}

}  // namespace pharos::gpu
