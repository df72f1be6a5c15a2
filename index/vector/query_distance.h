// One query's library distance (reference/vector.md §1) against stored rows, with the query
// prepared once: cosine normalises it, so a row costs one dot product (times the row's inverse
// norm when the rows are not stored normalised).
#pragma once

#include <cstdint>
#include <vector>

#include "index/vector/distance_kernels.h"
#include "index/vector/vector_index.h"

namespace pharos::vector {

class QueryDistance {
 public:
  QueryDistance(SpaceType space, const float* query, uint32_t dimension);

  // Distance to a row; `row_inverse_norm` only matters for cosine over unnormalised rows.
  // Every space is offset + scale·kernel (l2/l1/linf/hamming: 0 + 1·d, innerproduct: 0 − x·y,
  // cosine: 1 − x·y/|y|), so the hot path has no branch on the space.
  float operator()(const float* row, float row_inverse_norm = 1.f) const {
    return offset_ + scale_ * kernel_(query_, row, dimension_) * row_inverse_norm;
  }
  SpaceType space() const { return space_; }
  uint32_t dimension() const { return dimension_; }

 private:
  SpaceType space_;
  uint32_t dimension_;
  DistanceKernel kernel_;
  float offset_ = 0.f;
  float scale_ = 1.f;
  std::vector<float> normalised_;  // cosine only
  const float* query_;
};

// The kernel metric behind a space (cosine and inner product share the dot product).
Metric metric_of(SpaceType space);
// 1/|row| per row (0 for a zero row, so its cosine distance is 1): cosine over raw rows.
std::vector<float> inverse_norms(const VectorSet& vectors);
// Writes a normalised copy of `count` rows into `out` (zero rows stay zero).
void normalise_rows(const float* rows, uint32_t count, uint32_t dimension, float* out);

}  // namespace pharos::vector
