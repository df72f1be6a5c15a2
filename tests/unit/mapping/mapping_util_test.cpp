#include <cmath>

#include <gtest/gtest.h>

#include "index/mapping/index_pattern.h"
#include "index/mapping/ip_address.h"
#include "index/mapping/term_encoding.h"

namespace pharos::mapping {
namespace {

TEST(WildcardTest, SimpleMatch) {
  EXPECT_TRUE(simple_wildcard_match("*", ""));
  EXPECT_TRUE(simple_wildcard_match("*", "anything"));
  EXPECT_TRUE(simple_wildcard_match("logs-*", "logs-2024.01.01"));
  EXPECT_FALSE(simple_wildcard_match("logs-*", "log-2024"));
  EXPECT_TRUE(simple_wildcard_match("*-prod", "web-prod"));
  EXPECT_TRUE(simple_wildcard_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(simple_wildcard_match("a*b*c", "aXXbYY"));
  EXPECT_TRUE(simple_wildcard_match("exact", "exact"));
  EXPECT_FALSE(simple_wildcard_match("exact", "exactly"));
  EXPECT_TRUE(simple_wildcard_match("**x**", "x"));
  EXPECT_FALSE(simple_wildcard_match("", "x"));
  EXPECT_TRUE(simple_wildcard_match("", ""));
  EXPECT_TRUE(simple_wildcard_match("a*a*a*a*a*b", std::string(5000, 'a') + "b"));
  EXPECT_FALSE(simple_wildcard_match("a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST(IpAddressTest, ParsesAndFormats) {
  auto v4 = parse_ip("192.168.0.1");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(format_ip(*v4), "192.168.0.1");
  EXPECT_EQ(format_ip(*parse_ip("::ffff:10.1.2.3")), "10.1.2.3");
  EXPECT_EQ(format_ip(*parse_ip("2001:0DB8:0000:0000:0000:0000:0000:0001")), "2001:db8::1");
  EXPECT_EQ(format_ip(*parse_ip("::")), "::");
  EXPECT_EQ(format_ip(*parse_ip("::1")), "::1");
  EXPECT_EQ(format_ip(*parse_ip("1:0:0:2:0:0:0:3")), "1:0:0:2::3");
  EXPECT_EQ(format_ip(*parse_ip("fe80::1:2")), "fe80::1:2");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1",
                          "::ffff:1.2.3", "1.2.3.4 ", ":1:2", "12345::1"}) {
    EXPECT_FALSE(parse_ip(bad).has_value()) << bad;
  }
  // Byte order is sort order.
  EXPECT_LT(ip_bytes_to_string(*parse_ip("10.0.0.2")), ip_bytes_to_string(*parse_ip("10.0.0.10")));
}

TEST(TermEncodingTest, CanonicalTerms) {
  EXPECT_EQ(long_term(-42), "-42");
  EXPECT_EQ(double_term(1.5), "1.5");
  EXPECT_EQ(double_term(5.0), "5");
  EXPECT_EQ(double_term(-0.0), "0");
  EXPECT_EQ(float_term(0.1f), "0.1");
  EXPECT_EQ(boolean_term(true), "T");
  EXPECT_EQ(round_to_half_float(1.0), 1.0);
  EXPECT_EQ(round_to_half_float(65504.0), 65504.0);
  EXPECT_TRUE(std::isinf(round_to_half_float(65520.0)));
  EXPECT_EQ(round_to_half_float(5.960464477539063e-08), 5.960464477539063e-08);  // smallest subnormal
}

}  // namespace
}  // namespace pharos::mapping
