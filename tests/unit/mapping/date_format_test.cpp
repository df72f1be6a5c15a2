#include <gtest/gtest.h>

#include "index/mapping/date_format.h"

namespace pharos::mapping {
namespace {

int64_t millis(const DateFormat& f, const std::string& text) {
  auto r = f.parse_millis(text);
  EXPECT_TRUE(r.is_ok()) << text << ": " << r.status().message();
  return r.is_ok() ? r.value() : INT64_MIN;
}

DateFormat format(const std::string& pattern) {
  auto f = DateFormat::parse(pattern);
  EXPECT_TRUE(f.is_ok()) << pattern << ": " << f.status().message();
  return f.is_ok() ? f.value() : DateFormat::default_format();
}

TEST(DateFormatTest, DefaultFormatReadsIsoAndEpoch) {
  const DateFormat& f = DateFormat::default_format();
  EXPECT_EQ(millis(f, "2016-01-01"), 1451606400000);
  EXPECT_EQ(millis(f, "2016-01-01T00:00:00Z"), 1451606400000);
  EXPECT_EQ(millis(f, "2016-01-01T00:00:00.123Z"), 1451606400123);
  EXPECT_EQ(millis(f, "2016-01-01T01:00:00+01:00"), 1451606400000);
  EXPECT_EQ(millis(f, "2016-01-01T01:00:00+0100"), 1451606400000);
  EXPECT_EQ(millis(f, "2016-01-01T10:30"), 1451644200000);
  EXPECT_EQ(millis(f, "2016-01"), 1451606400000);
  EXPECT_EQ(millis(f, "1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(millis(f, "1420070400001"), 1420070400001);
  EXPECT_EQ(millis(f, "2016"), 1451606400000);  // a bare number is a year first, as in OpenSearch
  EXPECT_FALSE(f.parse_millis("2016-13-01").is_ok());
  EXPECT_FALSE(f.parse_millis("2015-02-29").is_ok());
  EXPECT_TRUE(f.parse_millis("2016-02-29").is_ok());
  EXPECT_FALSE(f.parse_millis("not a date").is_ok());
  EXPECT_FALSE(f.parse_millis("").is_ok());
  EXPECT_FALSE(f.parse_millis("2016-01-01T25:00:00Z").is_ok());
  EXPECT_EQ(f.format_millis(1451606400000), "2016-01-01T00:00:00.000Z");
  EXPECT_EQ(f.format_millis(-1), "1969-12-31T23:59:59.999Z");
}

TEST(DateFormatTest, NanosAndFractions) {
  const DateFormat& f = DateFormat::default_format();
  auto nanos = f.parse_nanos("2016-01-01T00:00:00.123456789Z");
  ASSERT_TRUE(nanos.is_ok());
  EXPECT_EQ(nanos.value(), 1451606400123456789);
  EXPECT_EQ(f.format_nanos(1451606400123456789), "2016-01-01T00:00:00.123456789Z");
  EXPECT_EQ(f.format_nanos(1451606400120000000), "2016-01-01T00:00:00.120Z");
  EXPECT_EQ(millis(f, "2016-01-01T00:00:00,5Z"), 1451606400500);
}

TEST(DateFormatTest, EpochFormats) {
  DateFormat ms = format("epoch_millis");
  EXPECT_EQ(millis(ms, "-1000"), -1000);
  EXPECT_EQ(millis(ms, "1.5"), 1);
  EXPECT_EQ(ms.parse_nanos("1.5").value(), 1500000);
  EXPECT_EQ(ms.format_millis(1234), "1234");
  EXPECT_FALSE(ms.parse_millis("12a").is_ok());
  DateFormat s = format("epoch_second");
  EXPECT_EQ(millis(s, "1451606400"), 1451606400000);
  EXPECT_EQ(millis(s, "1451606400.25"), 1451606400250);
  EXPECT_EQ(s.format_millis(1451606400000), "1451606400");
  EXPECT_EQ(s.format_millis(1451606400250), "1451606400.25");
}

TEST(DateFormatTest, NamedFormats) {
  EXPECT_EQ(millis(format("strict_date"), "2016-01-01"), 1451606400000);
  EXPECT_FALSE(format("strict_date").parse_millis("2016-1-1").is_ok());
  EXPECT_EQ(millis(format("date"), "2016-1-1"), 1451606400000);
  EXPECT_EQ(millis(format("basic_date"), "20160101"), 1451606400000);
  EXPECT_EQ(format("basic_date").format_millis(1451606400000), "20160101");
  EXPECT_EQ(millis(format("strict_date_hour_minute_second"), "2016-01-01T00:00:01"), 1451606401000);
  EXPECT_EQ(millis(format("date_hour_minute_second"), "2016-1-1T0:0:1"), 1451606401000);
  EXPECT_EQ(millis(format("strict_date_time"), "2016-01-01T00:00:00.000Z"), 1451606400000);
  EXPECT_FALSE(format("strict_date_time").parse_millis("2016-01-01").is_ok());
  EXPECT_EQ(millis(format("date_optional_time"), "2016-1-1T1:2"), 1451610120000);
  EXPECT_EQ(format("strict_date_hour_minute_second").format_millis(1451606401000), "2016-01-01T00:00:01");
}

TEST(DateFormatTest, JavaPatterns) {
  DateFormat f = format("yyyy-MM-dd HH:mm:ss");
  EXPECT_EQ(millis(f, "2016-01-01 12:00:00"), 1451649600000);
  EXPECT_EQ(f.format_millis(1451649600000), "2016-01-01 12:00:00");
  DateFormat g = format("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  EXPECT_EQ(millis(g, "2016-01-01T12:00:00.250+0100"), 1451646000250);
  EXPECT_EQ(g.format_millis(1451646000250), "2016-01-01T11:00:00.250+0000");
  DateFormat h = format("yyyy-MM-dd'T'HH:mm:ssXXX");
  EXPECT_EQ(millis(h, "2016-01-01T12:00:00-02:30"), 1451658600000);
  EXPECT_EQ(h.format_millis(0), "1970-01-01T00:00:00Z");
  DateFormat d = format("dd/MM/yyyy");
  EXPECT_EQ(millis(d, "31/12/1999"), 946598400000);
  DateFormat named = format("dd MMM yyyy");
  EXPECT_EQ(millis(named, "01 Jan 2016"), 1451606400000);
  EXPECT_EQ(named.format_millis(1451606400000), "01 Jan 2016");
  DateFormat alt = format("yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z");
  EXPECT_EQ(millis(alt, "2015/09/02"), 1441152000000);
  EXPECT_EQ(millis(alt, "2015/09/02 00:00:00 +0000"), 1441152000000);
  DateFormat compact = format("yyyyMMddHHmmss");
  EXPECT_EQ(millis(compact, "20160101000001"), 1451606401000);
  EXPECT_FALSE(DateFormat::parse("yyyy-qq").is_ok());
  EXPECT_FALSE(DateFormat::parse("").is_ok());
  EXPECT_FALSE(DateFormat::parse("yyyy||").is_ok());
}

TEST(DateFormatTest, CalendarEdges) {
  const DateFormat& f = DateFormat::default_format();
  EXPECT_EQ(millis(f, "1970-01-01"), 0);
  EXPECT_EQ(millis(f, "2000-02-29T00:00:00Z"), 951782400000);
  EXPECT_EQ(millis(f, "1600-03-01"), -11670912000000);
  EXPECT_EQ(f.format_millis(-11670912000000), "1600-03-01T00:00:00.000Z");
  EXPECT_EQ(millis(f, "9999-12-31T23:59:59.999Z"), 253402300799999);
  EXPECT_FALSE(f.parse_millis("1900-02-29").is_ok());
  EXPECT_FALSE(f.parse_nanos("2300-01-01").is_ok());  // beyond nanosecond range
}

}  // namespace
}  // namespace pharos::mapping
