#include "dsl_test_util.h"

namespace pharos::query::testing {
namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kToday = 1579046400000;  // 2020-01-15T00:00:00Z

TEST_F(DslTest, IntegerRanges) {
  auto node = ok(R"({"range":{"count":{"gte":10,"lt":20,"boost":2,"_name":"r"}}})");
  EXPECT_EQ(node.kind, QueryKind::numeric_range);
  EXPECT_EQ(node.int_lower, 10);
  EXPECT_EQ(node.int_upper, 19);
  EXPECT_FLOAT_EQ(node.boost, 2.0f);
  EXPECT_EQ(node.name, "r");
  node = ok(R"({"range":{"count":{"gt":5.5,"lte":"9.5"}}})");
  EXPECT_EQ(node.int_lower, 6);
  EXPECT_EQ(node.int_upper, 9);
  node = ok(R"({"range":{"count":{"from":1,"to":3,"include_lower":false}}})");
  EXPECT_EQ(node.int_lower, 2);
  EXPECT_EQ(node.int_upper, 3);
  node = ok(R"({"range":{"count":{"gt":5}}})");
  EXPECT_EQ(node.int_upper, INT64_MAX);
  EXPECT_EQ(ok(R"({"range":{"small":{"gt":200}}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"range":{"count":{"gt":5,"lt":6}}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"range":{"nope":{"gt":5}}})").kind, QueryKind::match_none);
  EXPECT_EQ(error(R"({"range":{"count":{"gt":"x"}}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(error(R"({"range":{"count":{"bogus":1}}})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, FloatingAndScaledRanges) {
  auto node = ok(R"({"range":{"price":{"gt":1.5,"lte":3}}})");
  EXPECT_EQ(node.kind, QueryKind::floating_range);
  EXPECT_DOUBLE_EQ(*node.float_lower, 1.5);
  EXPECT_DOUBLE_EQ(*node.float_upper, 3.0);
  EXPECT_FALSE(node.include_lower);
  EXPECT_TRUE(node.include_upper);
  node = ok(R"({"range":{"ratio":{"lte":0.1}}})");
  EXPECT_DOUBLE_EQ(*node.float_upper, static_cast<double>(0.1f));
  EXPECT_FALSE(node.float_lower.has_value());
  node = ok(R"({"range":{"scaled":{"gte":1.005,"lt":2}}})");
  EXPECT_EQ(node.kind, QueryKind::numeric_range);
  EXPECT_EQ(node.int_lower, 101);  // ceil(100.49999...) as ScaledFloatFieldMapper
  EXPECT_EQ(node.int_upper, 199);
}

TEST_F(DslTest, DateRangesWithMath) {
  auto node = ok(R"({"range":{"ts":{"gte":"now-1d/d","lt":"now/d"}}})");
  EXPECT_EQ(node.kind, QueryKind::numeric_range);
  EXPECT_EQ(node.int_lower, kToday - kDay);
  EXPECT_EQ(node.int_upper, kToday - 1);
  node = ok(R"({"range":{"ts":{"gt":"now/d"}}})");
  EXPECT_EQ(node.int_lower, kToday + kDay);  // gt rounds up to the day's end, then excludes it
  node = ok(R"({"range":{"ts":{"lte":"now/d"}}})");
  EXPECT_EQ(node.int_upper, kToday + kDay - 1);
  EXPECT_EQ(ok(R"({"range":{"ts":{"gt":"now/d","lte":"now/d"}}})").kind, QueryKind::match_none);
  node = ok(R"({"range":{"ts":{"gte":"now-1h"}}})");
  EXPECT_EQ(node.int_lower, kNow - 3600000);
  node = ok(R"({"range":{"ts":{"gte":"2020-01-01||+1M/d","lte":"2020-02-10||/M"}}})");
  EXPECT_EQ(node.int_lower, 1580515200000);      // 2020-02-01
  EXPECT_EQ(node.int_upper, 1583020800000 - 1);  // end of February 2020
  node = ok(R"({"range":{"ts":{"gte":"2020-01-31||+1M"}}})");
  EXPECT_EQ(node.int_lower, 1582934400000);  // 2020-02-29 (clamped to month end)
  node = ok(R"({"range":{"ts":{"gte":"now/w"}}})");
  EXPECT_EQ(node.int_lower, kToday - 2 * kDay);  // Monday 2020-01-13
  node = ok(R"({"range":{"ts":{"gte":"now/y"}}})");
  EXPECT_EQ(node.int_lower, 1577836800000);
  node = ok(R"({"range":{"ts":{"gte":1577836800000}}})");
  EXPECT_EQ(node.int_lower, 1577836800000);
}

TEST_F(DslTest, DateRangeFormatAndTimeZone) {
  auto node = ok(R"({"range":{"ts":{"gte":"01/02/2020","format":"dd/MM/yyyy"}}})");
  EXPECT_EQ(node.int_lower, 1580515200000);
  node = ok(R"({"range":{"day":{"gte":"2020/01/01"}}})");
  EXPECT_EQ(node.int_lower, 1577836800000);
  node = ok(R"({"range":{"ts":{"gte":"2020-01-01T00:00:00","time_zone":"+01:00"}}})");
  EXPECT_EQ(node.int_lower, 1577836800000 - 3600000);
  node = ok(R"({"range":{"ts":{"gte":"now/d","time_zone":"-05:00"}}})");
  EXPECT_EQ(node.int_lower, kToday + 5 * 3600000);  // local midnight in UTC-5
  node = ok(R"({"range":{"ts":{"gte":"2020-01-01T00:00:00Z","time_zone":"+01:00"}}})");
  EXPECT_EQ(node.int_lower, 1577836800000);  // explicit offset wins
  node = ok(R"({"range":{"nanos":{"gte":"2020-01-01T00:00:00.000000001Z"}}})");
  EXPECT_EQ(node.int_lower, 1577836800000000001);
  EXPECT_EQ(error(R"({"range":{"ts":{"gte":"garbage"}}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({"range":{"ts":{"gte":"now+1x"}}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({"range":{"ts":{"gte":"now","time_zone":"Mars/Base"}}})").kind(), ErrorKind::invalid_argument);
}

TEST_F(DslTest, KeywordIpBooleanRanges) {
  auto node = ok(R"({"range":{"tag_lc":{"gte":"A","lt":"M"}}})");
  EXPECT_EQ(node.kind, QueryKind::term_range);
  EXPECT_EQ(*node.term_lower, "a");
  EXPECT_EQ(*node.term_upper, "m");
  EXPECT_FALSE(node.include_upper);
  node = ok(R"({"range":{"addr":{"gte":"10.0.0.0","lte":"10.0.0.255"}}})");
  EXPECT_EQ(node.kind, QueryKind::term_range);
  EXPECT_EQ(node.term_lower->size(), 16u);
  node = ok(R"({"range":{"flag":{"gt":false}}})");
  EXPECT_EQ(node.int_lower, 1);
  EXPECT_EQ(node.int_upper, 1);
  node = ok(R"({"range":{"big":{"gte":0}}})");
  EXPECT_EQ(node.kind, QueryKind::constant_score);  // crosses 2^63 in the raw bit pattern
}

}  // namespace
}  // namespace pharos::query::testing
