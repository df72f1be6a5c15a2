#include "index/vector/query_distance.h"

#include <cmath>

namespace pharos::vector {

Metric metric_of(SpaceType space) {
  switch (space) {
    case SpaceType::l2:
      return Metric::l2_squared;
    case SpaceType::cosinesimil:
    case SpaceType::innerproduct:
      return Metric::inner_product;
    case SpaceType::l1:
      return Metric::l1;
    case SpaceType::linf:
      return Metric::linf;
    case SpaceType::hamming:
      return Metric::hamming;
  }
  return Metric::l2_squared;
}

QueryDistance::QueryDistance(SpaceType space, const float* query, uint32_t dimension)
    : space_(space), dimension_(dimension), kernel_(distance_kernel(metric_of(space))), query_(query) {
  if (space == SpaceType::innerproduct) scale_ = -1.f;
  if (space == SpaceType::cosinesimil) {
    offset_ = 1.f;
    scale_ = -1.f;
    normalised_.resize(dimension);
    normalise_rows(query, 1, dimension, normalised_.data());
    query_ = normalised_.data();
  }
}

std::vector<float> inverse_norms(const VectorSet& vectors) {
  std::vector<float> out(vectors.count);
  for (uint32_t r = 0; r < vectors.count; ++r) {
    float norm = std::sqrt(squared_norm(vectors.row(r), vectors.dimension));
    out[r] = norm > 0.f ? 1.f / norm : 0.f;
  }
  return out;
}

void normalise_rows(const float* rows, uint32_t count, uint32_t dimension, float* out) {
  for (uint32_t r = 0; r < count; ++r) {
    const float* row = rows + static_cast<size_t>(r) * dimension;
    float* dst = out + static_cast<size_t>(r) * dimension;
    float norm = std::sqrt(squared_norm(row, dimension));
    float scale = norm > 0.f ? 1.f / norm : 0.f;
    for (uint32_t i = 0; i < dimension; ++i) dst[i] = row[i] * scale;
  }
}

}  // namespace pharos::vector
