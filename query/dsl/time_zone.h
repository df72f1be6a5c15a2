// A time zone as OpenSearch's `time_zone` parameters name it: "UTC"/"Z", a fixed offset
// ("+01:00", "-0700", "+5") or a region id of the tz database ("Europe/Paris",
// "America/Phoenix"), read from the system's compiled zoneinfo files (TZif, RFC 8536).
// Immutable and thread-safe once built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"

namespace pharos::query {

class TimeZone {
 public:
  // Unknown ids are invalid_argument "Unknown time-zone ID: X" (OpenSearch's message).
  // `zoneinfo_dir` is where region files are looked up.
  static Result<TimeZone> parse(std::string_view id, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
  static TimeZone fixed(int64_t offset_millis);

  // Offset from UTC (millis) in effect at a UTC instant.
  int64_t offset_at_utc(int64_t utc_millis) const;
  // The UTC instant of a local wall time: in a DST gap the time moves forward by the gap (as
  // java.time does), in an overlap the earlier offset wins.
  int64_t local_to_utc(int64_t local_millis) const;
  int64_t utc_to_local(int64_t utc_millis) const { return utc_millis + offset_at_utc(utc_millis); }
  bool is_fixed() const { return transitions_.empty(); }
  bool is_utc() const { return is_fixed() && fixed_offset_ == 0; }

 private:
  int64_t fixed_offset_ = 0;  // the offset when there are no transitions (and before the first)
  // Transition instants (UTC millis, ascending) and the offset in effect from each one on.
  std::vector<int64_t> transitions_;
  std::vector<int64_t> offsets_;
};

}  // namespace pharos::query
