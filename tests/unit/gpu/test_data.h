// Small clustered data sets for the gpu/ tests (reference/vector.md §8's model, scaled down).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace pharos::gpu::testing {

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

}  // namespace pharos::gpu::testing
