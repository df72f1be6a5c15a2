// Scalar, AVX2 and AVX-512 distance kernels. The SIMD variants are compiled with function
// target attributes (no global -mavx flags), so only the selected variant ever runs.
#include "index/vector/distance_kernels.h"

// GCC 12 reports its own _mm512_reduce_* helpers as reading an uninitialised value (a known
// false positive in avx512fintrin.h).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace pharos::vector {
namespace {

inline uint32_t byte_of(float v) { return static_cast<uint32_t>(static_cast<int32_t>(v)) & 0xFFu; }

// ---- scalar ----
float l2_scalar(const float* a, const float* b, size_t d) {
  float sum = 0.f;
  for (size_t i = 0; i < d; ++i) {
    float diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}
float ip_scalar(const float* a, const float* b, size_t d) {
  float sum = 0.f;
  for (size_t i = 0; i < d; ++i) sum += a[i] * b[i];
  return sum;
}
float l1_scalar(const float* a, const float* b, size_t d) {
  float sum = 0.f;
  for (size_t i = 0; i < d; ++i) sum += std::fabs(a[i] - b[i]);
  return sum;
}
float linf_scalar(const float* a, const float* b, size_t d) {
  float best = 0.f;
  for (size_t i = 0; i < d; ++i) best = std::max(best, std::fabs(a[i] - b[i]));
  return best;
}
float hamming_scalar(const float* a, const float* b, size_t d) {
  uint32_t bits = 0;
  for (size_t i = 0; i < d; ++i) bits += __builtin_popcount(byte_of(a[i]) ^ byte_of(b[i]));
  return static_cast<float>(bits);
}

// ---- AVX2 + FMA ----
#define PHAROS_AVX2 __attribute__((target("avx2,fma,popcnt")))

PHAROS_AVX2 inline float hsum256(__m256 v) {
  __m128 lo = _mm256_castps256_ps128(v);
  __m128 hi = _mm256_extractf128_ps(v, 1);
  lo = _mm_add_ps(lo, hi);
  __m128 shuf = _mm_movehdup_ps(lo);
  __m128 sums = _mm_add_ps(lo, shuf);
  shuf = _mm_movehl_ps(shuf, sums);
  return _mm_cvtss_f32(_mm_add_ss(sums, shuf));
}
PHAROS_AVX2 inline float hmax256(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}

PHAROS_AVX2 float l2_avx2(const float* a, const float* b, size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
    acc0 = _mm256_fmadd_ps(d0, d0, acc0);
    acc1 = _mm256_fmadd_ps(d1, d1, acc1);
  }
  for (; i + 8 <= d; i += 8) {
    __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    acc0 = _mm256_fmadd_ps(d0, d0, acc0);
  }
  float sum = hsum256(_mm256_add_ps(acc0, acc1));
  return sum + l2_scalar(a + i, b + i, d - i);
}
PHAROS_AVX2 float ip_avx2(const float* a, const float* b, size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  for (; i + 8 <= d; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
  float sum = hsum256(_mm256_add_ps(acc0, acc1));
  return sum + ip_scalar(a + i, b + i, d - i);
}
PHAROS_AVX2 float l1_avx2(const float* a, const float* b, size_t d) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= d; i += 8) {
    __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    acc = _mm256_add_ps(acc, _mm256_and_ps(diff, abs_mask));
  }
  return hsum256(acc) + l1_scalar(a + i, b + i, d - i);
}
PHAROS_AVX2 float linf_avx2(const float* a, const float* b, size_t d) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= d; i += 8) {
    __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    acc = _mm256_max_ps(acc, _mm256_and_ps(diff, abs_mask));
  }
  return std::max(hmax256(acc), linf_scalar(a + i, b + i, d - i));
}
PHAROS_AVX2 float hamming_avx2(const float* a, const float* b, size_t d) {
  const __m256i low_byte = _mm256_set1_epi32(0xFF);
  uint32_t bits = 0;
  size_t i = 0;
  alignas(32) uint32_t lanes[8];
  for (; i + 8 <= d; i += 8) {
    __m256i x = _mm256_cvttps_epi32(_mm256_loadu_ps(a + i));
    __m256i y = _mm256_cvttps_epi32(_mm256_loadu_ps(b + i));
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), _mm256_and_si256(_mm256_xor_si256(x, y), low_byte));
    // Four bytes per 32-bit popcount: pack the lanes before counting.
    uint64_t lo = lanes[0] | (lanes[1] << 8) | (lanes[2] << 16) | (static_cast<uint64_t>(lanes[3]) << 24);
    uint64_t hi = lanes[4] | (lanes[5] << 8) | (lanes[6] << 16) | (static_cast<uint64_t>(lanes[7]) << 24);
    bits += static_cast<uint32_t>(__builtin_popcountll(lo | (hi << 32)));
  }
  return static_cast<float>(bits) + hamming_scalar(a + i, b + i, d - i);
}

// ---- AVX-512 ----
#define PHAROS_AVX512 __attribute__((target("avx512f,avx2,fma,popcnt")))

// Lanes to load of the next 16 when `remaining` floats are left (all 16 unless at the tail).
inline __mmask16 tail_mask16(size_t remaining) {
  return remaining >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << remaining) - 1);
}

PHAROS_AVX512 float l2_avx512(const float* a, const float* b, size_t d) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
    acc0 = _mm512_fmadd_ps(d0, d0, acc0);
    acc1 = _mm512_fmadd_ps(d1, d1, acc1);
  }
  for (; i < d; i += 16) {
    __mmask16 mask = tail_mask16(d - i);
    __m512 d0 = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i));
    acc0 = _mm512_fmadd_ps(d0, d0, acc0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}
PHAROS_AVX512 float ip_avx512(const float* a, const float* b, size_t d) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
  }
  for (; i < d; i += 16) {
    __mmask16 mask = tail_mask16(d - i);
    acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i), acc0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}
PHAROS_AVX512 float l1_avx512(const float* a, const float* b, size_t d) {
  __m512 acc = _mm512_setzero_ps();
  for (size_t i = 0; i < d; i += 16) {
    __mmask16 mask = tail_mask16(d - i);
    __m512 diff = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i));
    acc = _mm512_add_ps(acc, _mm512_abs_ps(diff));
  }
  return _mm512_reduce_add_ps(acc);
}
PHAROS_AVX512 float linf_avx512(const float* a, const float* b, size_t d) {
  __m512 acc = _mm512_setzero_ps();
  for (size_t i = 0; i < d; i += 16) {
    __mmask16 mask = tail_mask16(d - i);
    __m512 diff = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, a + i), _mm512_maskz_loadu_ps(mask, b + i));
    acc = _mm512_max_ps(acc, _mm512_abs_ps(diff));
  }
  return _mm512_reduce_max_ps(acc);
}
PHAROS_AVX512 float hamming_avx512(const float* a, const float* b, size_t d) {
  // Byte-per-float input is dominated by the float→int conversion; the AVX2 packing is as fast.
  return hamming_avx2(a, b, d);
}

bool cpu_has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool cpu_has_avx512() { return cpu_has_avx2() && __builtin_cpu_supports("avx512f"); }

}  // namespace

SimdLevel best_simd_level() {
  static const SimdLevel level = cpu_has_avx512() ? SimdLevel::avx512
                                 : cpu_has_avx2() ? SimdLevel::avx2
                                                  : SimdLevel::scalar;
  return level;
}

DistanceKernel distance_kernel(Metric metric, SimdLevel level) {
  static constexpr DistanceKernel table[3][5] = {
      {l2_scalar, ip_scalar, l1_scalar, linf_scalar, hamming_scalar},
      {l2_avx2, ip_avx2, l1_avx2, linf_avx2, hamming_avx2},
      {l2_avx512, ip_avx512, l1_avx512, linf_avx512, hamming_avx512},
  };
  if (level == SimdLevel::avx2 && !cpu_has_avx2()) return nullptr;
  if (level == SimdLevel::avx512 && !cpu_has_avx512()) return nullptr;
  return table[static_cast<int>(level)][static_cast<int>(metric)];
}

float squared_norm(const float* a, size_t dimension) {
  static const DistanceKernel ip = distance_kernel(Metric::inner_product);
  return ip(a, a, dimension);
}

}  // namespace pharos::vector
