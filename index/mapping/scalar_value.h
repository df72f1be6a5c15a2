// One JSON scalar of a document, detached from the JSON parser, and the typed values a field's
// mapping turns it into. Internal to index/mapping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "index/mapping/mapping.h"

namespace pharos::mapping {

struct ScalarValue {
  enum class Kind { null, string, int64, uint64, floating, boolean };
  Kind kind = Kind::null;
  std::string_view text;  // Kind::string (points into the parsed document)
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  bool b = false;

  // The value as text, as OpenSearch's parsers see it ("5", "1.5", "true").
  std::string as_text() const;
};

// A numeric field's value after coercion and range checks.
struct NumberValue {
  int64_t integer = 0;   // long/integer/short/byte/scaled_float (scaled); unsigned_long as the raw bit pattern
  double floating = 0;   // double/float/half_float, rounded to the field's precision
  bool is_floating = false;
};

// Each returns invalid_argument with OpenSearch's inner reason ("Value [300] is out of range
// for a byte"); the caller wraps it into the "failed to parse field [...]" mapping_error.
Result<NumberValue> convert_number(const FieldMapping& field, const ScalarValue& value);
Result<bool> convert_boolean(const ScalarValue& value);
// Epoch millis for date, epoch nanos for date_nanos.
Result<int64_t> convert_date(const FieldMapping& field, const class DateFormat& format, const ScalarValue& value);

}  // namespace pharos::mapping
