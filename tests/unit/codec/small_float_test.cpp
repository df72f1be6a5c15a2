#include <gtest/gtest.h>

#include "index/codec/small_float.h"

namespace pharos::codec {
namespace {

TEST(SmallFloat, ExactBelowForty) {
  for (uint32_t i = 0; i < 40; ++i) {
    EXPECT_EQ(int_to_byte4(i), i) << i;
    EXPECT_EQ(byte4_to_int(static_cast<uint8_t>(i)), i) << i;
  }
}

TEST(SmallFloat, KnownLuceneValues) {
  // Values from Lucene's SmallFloat (NUM_FREE_VALUES = 24, 3 mantissa bits above it).
  EXPECT_EQ(kNormFreeValues, 255u - long_to_int4(0x7FFFFFFF));
  EXPECT_EQ(int_to_byte4(40), 40);
  EXPECT_EQ(int_to_byte4(41), 40);
  EXPECT_EQ(int_to_byte4(42), 41);
  EXPECT_EQ(byte4_to_int(41), 42u);
  EXPECT_EQ(int_to_byte4(56), 48);
  EXPECT_EQ(byte4_to_int(48), 56u);
  EXPECT_EQ(int_to_byte4(100), 57);
  EXPECT_EQ(byte4_to_int(57), 96u);
  EXPECT_EQ(int_to_byte4(1000), 87);
  EXPECT_EQ(byte4_to_int(87), 984u);
  EXPECT_EQ(int_to_byte4(0x7FFFFFFF), 255);
  EXPECT_EQ(byte4_to_int(255), 2013265944u);
  EXPECT_EQ(int_to_byte4(uint64_t{1} << 40), 255);  // clamped like a Java int
}

TEST(SmallFloat, DecodeIsLowerBoundAndMonotonic) {
  uint8_t prev = 0;
  for (uint64_t i = 0; i < 5'000'000; i += 1 + i / 64) {
    uint8_t b = int_to_byte4(i);
    EXPECT_LE(byte4_to_int(b), i);
    EXPECT_GE(b, prev);
    prev = b;
  }
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(int_to_byte4(byte4_to_int(static_cast<uint8_t>(b))), b) << b;
    if (b > 0) {
      EXPECT_LT(byte4_to_int(static_cast<uint8_t>(b - 1)), byte4_to_int(static_cast<uint8_t>(b)));
    }
  }
}

}  // namespace
}  // namespace pharos::codec
