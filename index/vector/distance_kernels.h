// Distance kernels over float rows: the inner loop of every exact scan and HNSW step.
// Each metric has a scalar, an AVX2+FMA and an AVX-512 variant; distance_kernel() picks the
// widest one this CPU runs (checked once with __builtin_cpu_supports), so the binary stays
// portable while the Debian faiss (SSE only) is not what bounds our search speed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pharos::vector {

// The metrics the kernels compute. Inner product returns the dot product itself (callers negate
// it or subtract it from 1); hamming reads each float as one byte (its low 8 bits, so -126 and
// 130 are the same byte) and counts differing bits.
enum class Metric { l2_squared, inner_product, l1, linf, hamming };
enum class SimdLevel { scalar, avx2, avx512 };

using DistanceKernel = float (*)(const float* a, const float* b, size_t dimension);

// The widest level both this CPU and this build support.
SimdLevel best_simd_level();
// nullptr when `level` is not available (tests skip those).
DistanceKernel distance_kernel(Metric metric, SimdLevel level);
inline DistanceKernel distance_kernel(Metric metric) { return distance_kernel(metric, best_simd_level()); }

// Squared norm via the inner-product kernel (cosine normalisation).
float squared_norm(const float* a, size_t dimension);

}  // namespace pharos::vector
