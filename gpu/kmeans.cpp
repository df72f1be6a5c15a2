// CPU reference of the k-means both builders use for IVF coarse quantizers, PQ codebooks and the
// approximate kNN graph's candidate lists.
#include "gpu/kmeans.h"

#include <faiss/IndexFlat.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <numeric>
#include <random>

namespace pharos::gpu {

std::vector<uint32_t> kmeans_training_sample(uint32_t n, uint32_t k, uint32_t per_centroid, uint64_t seed) {
  uint64_t wanted = static_cast<uint64_t>(k) * per_centroid;
  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  if (wanted >= n) return rows;
  std::mt19937_64 rng(seed);
  // Partial Fisher-Yates: the first `wanted` slots become a uniform sample.
  for (uint64_t i = 0; i < wanted; ++i) {
    uint64_t j = i + rng() % (n - i);
    std::swap(rows[i], rows[j]);
  }
  rows.resize(wanted);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<float> kmeans_initial_centroids(const float* data, uint32_t n, uint32_t d, uint32_t k,
                                            uint64_t seed) {
  std::vector<uint32_t> picked = kmeans_training_sample(n, k, 1, seed ^ 0x9e3779b97f4a7c15ull);
  std::vector<float> centroids(static_cast<size_t>(k) * d, 0.f);
  for (uint32_t c = 0; c < k && c < picked.size(); ++c) {
    std::memcpy(&centroids[static_cast<size_t>(c) * d], data + static_cast<size_t>(picked[c]) * d,
                d * sizeof(float));
  }
  return centroids;
}

std::vector<uint32_t> assign_to_centroids_cpu(const float* data, uint32_t n, uint32_t d,
                                              const float* centroids, uint32_t k, bool inner_product) {
  std::unique_ptr<faiss::IndexFlat> flat;
  if (inner_product) {
    flat = std::make_unique<faiss::IndexFlatIP>(d);
  } else {
    flat = std::make_unique<faiss::IndexFlatL2>(d);
  }
  flat->add(k, centroids);
  std::vector<float> distances(n);
  std::vector<faiss::Index::idx_t> labels(n);
  flat->search(n, data, 1, distances.data(), labels.data());
  std::vector<uint32_t> assignment(n);
  for (uint32_t i = 0; i < n; ++i) assignment[i] = labels[i] < 0 ? 0 : static_cast<uint32_t>(labels[i]);
  return assignment;
}

uint32_t finish_centroid_update(std::vector<double>& sums, std::vector<uint64_t>& counts, uint32_t k,
                                uint32_t d, std::vector<float>& centroids) {
  uint32_t empty = 0;
  for (uint32_t c = 0; c < k; ++c) {
    if (counts[c] == 0) continue;
    for (uint32_t j = 0; j < d; ++j) {
      centroids[static_cast<size_t>(c) * d + j] =
          static_cast<float>(sums[static_cast<size_t>(c) * d + j] / counts[c]);
    }
  }
  // An empty cluster would stay dead forever: split the largest cluster in two instead.
  for (uint32_t c = 0; c < k; ++c) {
    if (counts[c] != 0) continue;
    ++empty;
    uint32_t largest = static_cast<uint32_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    if (counts[largest] < 2) break;
    float* from = &centroids[static_cast<size_t>(largest) * d];
    float* to = &centroids[static_cast<size_t>(c) * d];
    for (uint32_t j = 0; j < d; ++j) {
      float base = from[j];
      float nudge = (j % 2 == 0 ? 1.f : -1.f) / 1024.f;
      to[j] = base * (1 + nudge);
      from[j] = base * (1 - nudge);
    }
    counts[c] = counts[largest] / 2;
    counts[largest] -= counts[c];
  }
  return empty;
}

uint32_t update_centroids_cpu(const float* data, uint32_t n, uint32_t d, const uint32_t* assignment,
                              uint32_t k, std::vector<float>& centroids) {
  std::vector<double> sums(static_cast<size_t>(k) * d, 0.0);
  std::vector<uint64_t> counts(k, 0);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t c = assignment[i];
    ++counts[c];
    const float* x = data + static_cast<size_t>(i) * d;
    double* s = &sums[static_cast<size_t>(c) * d];
    for (uint32_t j = 0; j < d; ++j) s[j] += x[j];
  }
  return finish_centroid_update(sums, counts, k, d, centroids);
}

KMeansResult kmeans_cpu(const float* data, uint32_t n, uint32_t d, uint32_t k, uint32_t iterations,
                        uint64_t seed) {
  KMeansResult result;
  result.k = k;
  result.d = d;
  result.centroids = kmeans_initial_centroids(data, n, d, k, seed);
  for (uint32_t it = 0; it < iterations; ++it) {
    result.assignment = assign_to_centroids_cpu(data, n, d, result.centroids.data(), k, false);
    update_centroids_cpu(data, n, d, result.assignment.data(), k, result.centroids);
  }
  result.assignment = assign_to_centroids_cpu(data, n, d, result.centroids.data(), k, false);
  for (uint32_t i = 0; i < n; ++i) {
    const float* x = data + static_cast<size_t>(i) * d;
    const float* c = &result.centroids[static_cast<size_t>(result.assignment[i]) * d];
    for (uint32_t j = 0; j < d; ++j) result.objective += (x[j] - c[j]) * (x[j] - c[j]);
  }
  return result;
}

}  // namespace pharos::gpu
