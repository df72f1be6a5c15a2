// Compiled Java-style date patterns ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", optional "[...]" sections)
// and their matcher/printer. Internal to index/mapping: DateFormat is the public face.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"

namespace pharos::mapping {

// Nanoseconds since the epoch; 128 bits so years far outside int64 nanos still compute.
using EpochNanos = __int128;

struct DatePatternItem {
  enum class Kind { field, literal, optional };
  Kind kind = Kind::literal;
  char letter = 0;     // field: y M d H h k m s S Z X x E a z, or 'f' (fraction printed 3..9 digits)
  int count = 0;       // letter repetitions
  int min_digits = 1;  // parse widths for numeric fields
  int max_digits = 2;
  std::string literal;
  std::vector<DatePatternItem> children;  // optional section
};

class DatePattern {
 public:
  // Compiles a Java DateTimeFormatter-style pattern. Unknown letters → invalid_argument.
  // `internal` also admits 'f' (a fraction printed with 3..9 digits, as named formats print).
  static Result<DatePattern> compile(std::string_view pattern, bool internal = false);
  static DatePattern from_items(std::vector<DatePatternItem> items);

  // Whole-string match; false when `text` does not fit or names an impossible date.
  bool parse(std::string_view text, EpochNanos& out) const;
  std::string print(EpochNanos nanos) const;

 private:
  std::vector<DatePatternItem> items_;
};

}  // namespace pharos::mapping
