#include "index/vector/distance_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace pharos::vector {
namespace {

// Every SIMD variant this CPU runs must agree with the scalar kernel, including odd tails.
TEST(DistanceKernels, SimdVariantsMatchScalar) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-3.f, 3.f);
  std::uniform_int_distribution<int> byte(-128, 255);
  const Metric metrics[] = {Metric::l2_squared, Metric::inner_product, Metric::l1, Metric::linf,
                            Metric::hamming};
  int checked = 0;
  for (SimdLevel level : {SimdLevel::avx2, SimdLevel::avx512}) {
    for (Metric metric : metrics) {
      DistanceKernel simd = distance_kernel(metric, level);
      if (!simd) continue;  // this CPU lacks the level
      DistanceKernel scalar = distance_kernel(metric, SimdLevel::scalar);
      for (size_t d : {1u, 3u, 7u, 8u, 15u, 16u, 17u, 31u, 32u, 33u, 100u, 128u, 257u}) {
        std::vector<float> a(d), b(d);
        for (size_t i = 0; i < d; ++i) {
          a[i] = metric == Metric::hamming ? float(byte(rng)) : value(rng);
          b[i] = metric == Metric::hamming ? float(byte(rng)) : value(rng);
        }
        float expected = scalar(a.data(), b.data(), d);
        float got = simd(a.data(), b.data(), d);
        EXPECT_NEAR(got, expected, 1e-4f * (1.f + std::fabs(expected)))
            << "metric " << int(metric) << " level " << int(level) << " d " << d;
        ++checked;
      }
    }
  }
  if (checked == 0) GTEST_SKIP() << "no SIMD level on this CPU";
}

TEST(DistanceKernels, ScalarValues) {
  const float a[] = {1, 2, 3}, b[] = {4, 0, 3};
  EXPECT_FLOAT_EQ(distance_kernel(Metric::l2_squared, SimdLevel::scalar)(a, b, 3), 13.f);
  EXPECT_FLOAT_EQ(distance_kernel(Metric::inner_product, SimdLevel::scalar)(a, b, 3), 13.f);
  EXPECT_FLOAT_EQ(distance_kernel(Metric::l1, SimdLevel::scalar)(a, b, 3), 5.f);
  EXPECT_FLOAT_EQ(distance_kernel(Metric::linf, SimdLevel::scalar)(a, b, 3), 3.f);
  // Bytes: 0b0000'0001 ^ 0b1000'0000 → 2 bits; -1 (0xFF) ^ 0 → 8 bits; 130 ≡ -126.
  const float x[] = {1, -1, 130}, y[] = {128, 0, -126};
  EXPECT_FLOAT_EQ(distance_kernel(Metric::hamming, SimdLevel::scalar)(x, y, 3), 10.f);
}

}  // namespace
}  // namespace pharos::vector
