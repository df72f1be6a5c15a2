// Small clustered data sets for the gpu/ tests (reference/vector.md §8's model, scaled down).
#pragma once

#include <faiss/IndexFlat.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "gpu/knn_graph.h"

namespace pharos::gpu::testing {

// Share of the exact graph's neighbours that `approx` lists, over all rows.
inline double graph_recall(const KnnGraph& approx, const KnnGraph& exact) {
  size_t hits = 0;
  for (uint32_t i = 0; i < exact.n; ++i) {
    std::set<uint32_t> truth(exact.row(i), exact.row(i) + exact.k);
    for (uint32_t s = 0; s < approx.k; ++s) hits += truth.count(approx.row(i)[s]);
  }
  return static_cast<double>(hits) / (static_cast<double>(exact.n) * exact.k);
}

inline std::vector<float> clustered_rows(uint32_t n, uint32_t d, uint32_t clusters, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> centre(0.f, 1.f), spread(0.f, 0.35f);
  std::vector<float> centres(static_cast<size_t>(clusters) * d);
  for (float& v : centres) v = centre(rng);
  std::vector<float> rows(static_cast<size_t>(n) * d);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t c = static_cast<uint32_t>(rng() % clusters);
    for (uint32_t j = 0; j < d; ++j)
      rows[static_cast<size_t>(i) * d + j] = centres[static_cast<size_t>(c) * d + j] + spread(rng);
  }
  return rows;
}

// Recall@10 of `index` when the first `nq` rows are the queries, against exact L2 search.
inline double self_query_recall_at_10(faiss::Index& index, const std::vector<float>& rows, uint32_t n,
                                      uint32_t d, uint32_t nq) {
  faiss::IndexFlatL2 flat(d);
  flat.add(n, rows.data());
  std::vector<float> dt(nq * 10), da(nq * 10);
  std::vector<faiss::Index::idx_t> truth(nq * 10), got(nq * 10);
  flat.search(nq, rows.data(), 10, dt.data(), truth.data());
  index.search(nq, rows.data(), 10, da.data(), got.data());
  size_t hits = 0;
  for (uint32_t q = 0; q < nq; ++q) {
    std::set<faiss::Index::idx_t> t(truth.begin() + q * 10, truth.begin() + q * 10 + 10);
    for (uint32_t s = 0; s < 10; ++s) hits += t.count(got[q * 10 + s]);
  }
  return static_cast<double>(hits) / (nq * 10.0);
}

}  // namespace pharos::gpu::testing
