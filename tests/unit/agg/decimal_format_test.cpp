// DecimalFormat patterns as aggregations print numeric keys with "format".
#include "query/agg/decimal_format.h"

#include <gtest/gtest.h>

namespace pharos::query::agg {
namespace {

TEST(DecimalFormatTest, PatternsLikeJava) {
  EXPECT_EQ(format_decimal(1900, "##0.0"), "1900.0");
  EXPECT_EQ(format_decimal(0, "Value is ##0.0"), "Value is 0.0");
  EXPECT_EQ(format_decimal(1, "#.0"), "1.0");
  EXPECT_EQ(format_decimal(0.5, "#.0"), ".5");
  EXPECT_EQ(format_decimal(1234567.891, "#,##0.00"), "1,234,567.89");
  EXPECT_EQ(format_decimal(7, "000"), "007");
  EXPECT_EQ(format_decimal(2.5, "0"), "2");  // HALF_EVEN
  EXPECT_EQ(format_decimal(3.5, "0"), "4");
  EXPECT_EQ(format_decimal(-1.25, "0.0#"), "-1.25");
  EXPECT_EQ(format_decimal(-0.001, "0.0"), "-0.0");  // as Java prints it
  EXPECT_EQ(format_decimal(12.0, "0.## units"), "12 units");
  EXPECT_FALSE(format_decimal(1, "no digits").has_value());
}

}  // namespace
}  // namespace pharos::query::agg
