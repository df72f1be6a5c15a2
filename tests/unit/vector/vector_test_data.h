// Test data for index/vector: clustered random vectors and an independent brute-force oracle
// (double precision, written here rather than reusing the module's kernels).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "index/vector/vector_index.h"

namespace pharos::vector::testing {

struct TestVectors {
  uint32_t dimension = 0;
  std::vector<float> data;
  std::vector<uint32_t> docs;
  VectorSet set() const {
    return VectorSet{data.data(), dimension, static_cast<uint32_t>(docs.size()), docs.data()};
  }
  const float* row(uint32_t r) const { return data.data() + static_cast<size_t>(r) * dimension; }
};

// `count` rows around `clusters` Gaussian centres; docs are 2·row + 1 (so doc ≠ row is tested).
inline TestVectors clustered_vectors(uint32_t count, uint32_t dimension, uint32_t clusters, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> centre_noise(0.f, 1.f), point_noise(0.f, 0.35f);
  std::vector<float> centres(static_cast<size_t>(clusters) * dimension);
  for (float& c : centres) c = centre_noise(rng);
  TestVectors out;
  out.dimension = dimension;
  out.data.resize(static_cast<size_t>(count) * dimension);
  for (uint32_t r = 0; r < count; ++r) {
    uint32_t c = rng() % clusters;
    for (uint32_t i = 0; i < dimension; ++i)
      out.data[size_t{r} * dimension + i] = centres[size_t{c} * dimension + i] + point_noise(rng);
    out.docs.push_back(2 * r + 1);
  }
  return out;
}

inline double oracle_distance(SpaceType space, const float* a, const float* b, uint32_t d) {
  double sum = 0, dot = 0, na = 0, nb = 0, best = 0;
  for (uint32_t i = 0; i < d; ++i) {
    double diff = double(a[i]) - double(b[i]);
    sum += space == SpaceType::l1 ? std::fabs(diff) : diff * diff;
    best = std::max(best, std::fabs(diff));
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  switch (space) {
    case SpaceType::l2:
    case SpaceType::l1:
      return sum;
    case SpaceType::linf:
      return best;
    case SpaceType::innerproduct:
      return -dot;
    case SpaceType::cosinesimil:
      return 1.0 - dot / std::sqrt(na * nb);
    case SpaceType::hamming: {
      double bits = 0;
      for (uint32_t i = 0; i < d; ++i) {
        unsigned x = (unsigned(int(a[i])) ^ unsigned(int(b[i]))) & 0xFFu;
        bits += __builtin_popcount(x);
      }
      return bits;
    }
  }
  return 0;
}

// The docs of the k nearest allowed rows (ties by doc), by the oracle.
template <class Allows>
std::vector<uint32_t> oracle_top_k(const TestVectors& v, SpaceType space, const float* query, uint32_t k,
                                   Allows allows) {
  std::vector<std::pair<double, uint32_t>> all;
  for (uint32_t r = 0; r < v.docs.size(); ++r) {
    if (!allows(v.docs[r])) continue;
    all.push_back({oracle_distance(space, query, v.row(r), v.dimension), v.docs[r]});
  }
  std::sort(all.begin(), all.end());
  std::vector<uint32_t> out;
  for (size_t i = 0; i < std::min<size_t>(k, all.size()); ++i) out.push_back(all[i].second);
  return out;
}

inline double recall(const std::vector<uint32_t>& truth, const std::vector<Neighbor>& found) {
  size_t hits = 0;
  for (const Neighbor& n : found) hits += std::count(truth.begin(), truth.end(), n.doc);
  return truth.empty() ? 1.0 : double(hits) / truth.size();
}

}  // namespace pharos::vector::testing
