// Time zones: fixed offsets, and region ids read from the system tz database (skipped where the
// machine has none), with DST transitions, gaps and overlaps as java.time resolves them.
#include "query/dsl/time_zone.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace pharos::query {
namespace {

constexpr int64_t kHour = 3600000;

TEST(TimeZoneTest, FixedOffsets) {
  EXPECT_EQ(TimeZone::parse("+01:00")->offset_at_utc(0), kHour);
  EXPECT_EQ(TimeZone::parse("-0730")->offset_at_utc(0), -(7 * kHour + 30 * 60000));
  EXPECT_EQ(TimeZone::parse("+5")->offset_at_utc(0), 5 * kHour);
  EXPECT_TRUE(TimeZone::parse("UTC")->is_utc());
  EXPECT_EQ(TimeZone::parse("UTC+02:00")->local_to_utc(2 * kHour), 0);
  EXPECT_EQ(TimeZone::parse("Mars/Olympus").status().message(), "Unknown time-zone ID: Mars/Olympus");
  EXPECT_FALSE(TimeZone::parse("../../etc/passwd").is_ok());
  EXPECT_FALSE(TimeZone::parse("+25:00").is_ok());
}

TEST(TimeZoneTest, RegionRulesFromTheTzDatabase) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris")) GTEST_SKIP() << "no tz database";
  auto paris = TimeZone::parse("Europe/Paris");
  ASSERT_TRUE(paris.is_ok());
  const int64_t winter = 1451606400000;  // 2016-01-01T00:00Z
  const int64_t summer = 1467331200000;  // 2016-07-01T00:00Z
  EXPECT_EQ(paris->offset_at_utc(winter), kHour);
  EXPECT_EQ(paris->offset_at_utc(summer), 2 * kHour);
  // 2016-03-27 02:30 local does not exist (02:00 → 03:00): java.time moves it forward by the gap.
  const int64_t gap_local = 1459045800000;  // 2016-03-27T02:30 as if UTC
  EXPECT_EQ(paris->local_to_utc(gap_local), gap_local - kHour);
  // 2016-10-30 02:30 local happens twice: the earlier instant (still +02:00) wins.
  const int64_t overlap_local = 1477794600000;  // 2016-10-30T02:30 as if UTC
  EXPECT_EQ(paris->local_to_utc(overlap_local), overlap_local - 2 * kHour);
  auto phoenix = TimeZone::parse("America/Phoenix");
  ASSERT_TRUE(phoenix.is_ok());
  EXPECT_EQ(phoenix->offset_at_utc(winter), -7 * kHour);
  EXPECT_EQ(phoenix->offset_at_utc(summer), -7 * kHour);  // no DST in Arizona
}

}  // namespace
}  // namespace pharos::query
