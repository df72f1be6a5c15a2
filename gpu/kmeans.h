// Lloyd k-means as both builders run it (CPU reference here, CUDA in kmeans_kernels.cu), so the
// GPU's assignments can be checked against the CPU's: same seeded initial centroids, argmin with
// the lowest index winning ties, mean update, empty clusters split from the largest one.
#pragma once

#include <cstdint>
#include <vector>

namespace pharos::gpu {

struct KMeansResult {
  uint32_t k = 0;
  uint32_t d = 0;
  std::vector<float> centroids;      // k × d
  std::vector<uint32_t> assignment;  // one per training row
  double objective = 0;              // sum of squared distances to the assigned centroid
};

// `k` distinct rows picked with a seeded generator (the start both implementations share).
std::vector<float> kmeans_initial_centroids(const float* data, uint32_t n, uint32_t d, uint32_t k,
                                            uint64_t seed);

// Nearest centroid per row: squared L2, or largest inner product when `inner_product`.
std::vector<uint32_t> assign_to_centroids_cpu(const float* data, uint32_t n, uint32_t d,
                                              const float* centroids, uint32_t k, bool inner_product);

// New centroids = means of their rows; an empty cluster takes half of the largest one (its centroid
// nudged by ±1/1024 in every dimension, as faiss does). Returns how many clusters were empty.
uint32_t update_centroids_cpu(const float* data, uint32_t n, uint32_t d, const uint32_t* assignment,
                              uint32_t k, std::vector<float>& centroids);
// Shared by both implementations once the sums and counts are known.
uint32_t finish_centroid_update(std::vector<double>& sums, std::vector<uint64_t>& counts, uint32_t k,
                                uint32_t d, std::vector<float>& centroids);

KMeansResult kmeans_cpu(const float* data, uint32_t n, uint32_t d, uint32_t k, uint32_t iterations,
                        uint64_t seed);

// Rows sampled for training (faiss: at most 256 per centroid); returns row indices, ascending.
std::vector<uint32_t> kmeans_training_sample(uint32_t n, uint32_t k, uint32_t per_centroid, uint64_t seed);

}  // namespace pharos::gpu
