// Date parsing and printing as OpenSearch's date formats do it ("strict_date_optional_time",
// "epoch_millis", "epoch_second", "yyyy-MM-dd HH:mm:ss", "a||b" alternatives).
// Immutable and cheap to copy (alternatives are shared); thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <memory>
#include <vector>

#include "index/base/status.h"

namespace pharos::mapping {

class DateFormat {
 public:
  // `pattern` may hold alternatives separated by "||". Default: "strict_date_optional_time||epoch_millis".
  static Result<DateFormat> parse(std::string_view pattern);
  static const DateFormat& default_format();

  // Parses a date string to epoch nanoseconds (UTC unless the string has an offset).
  Result<int64_t> parse_nanos(std::string_view text) const;
  Result<int64_t> parse_millis(std::string_view text) const;
  // Formats with the first alternative (e.g. "2016-01-01T00:00:00.000Z").
  std::string format_millis(int64_t millis) const;
  std::string format_nanos(int64_t nanos) const;
  const std::string& pattern() const { return pattern_; }
  // True when `text` parses with one of the alternatives (dynamic date detection).
  bool matches(std::string_view text) const { return parse_nanos_wide(text).is_ok(); }

 private:
  Result<__int128> parse_nanos_wide(std::string_view text) const;
  std::string format_wide(__int128 nanos) const;
  std::string pattern_;
  struct Alternative;
  std::shared_ptr<const std::vector<Alternative>> alternatives_;
};

}  // namespace pharos::mapping
