#include "index/mapping/scalar_value.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "index/mapping/date_format.h"
#include "index/mapping/term_encoding.h"

namespace pharos::mapping {

namespace {

Status reason(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }

struct IntRange {
  int64_t min;
  int64_t max;
  const char* name;  // "a byte", "a short", ...
};

IntRange int_range(FieldType type) {
  switch (type) {
    case FieldType::byte: return {-128, 127, "a byte"};
    case FieldType::short_: return {-32768, 32767, "a short"};
    case FieldType::integer: return {INT32_MIN, INT32_MAX, "an integer"};
    default: return {INT64_MIN, INT64_MAX, "a long"};
  }
}

// Parses a numeric string the way Java's Long/Double parsers accept it (no spaces, no hex).
bool parse_string_number(std::string_view s, ScalarValue& out) {
  if (s.empty() || s.size() > 64) return false;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (*begin == '+') ++begin;
  int64_t i = 0;
  auto r = std::from_chars(begin, end, i);
  if (r.ec == std::errc() && r.ptr == end) {
    out.kind = ScalarValue::Kind::int64;
    out.i = i;
    return true;
  }
  uint64_t u = 0;
  r = std::from_chars(begin, end, u);
  if (r.ec == std::errc() && r.ptr == end) {
    out.kind = ScalarValue::Kind::uint64;
    out.u = u;
    return true;
  }
  double d = 0;
  r = std::from_chars(begin, end, d);
  if (r.ptr == end && (r.ec == std::errc() || r.ec == std::errc::result_out_of_range)) {
    out.kind = ScalarValue::Kind::floating;
    out.d = r.ec == std::errc() ? d : (s.front() == '-' ? -HUGE_VAL : HUGE_VAL);
    return true;
  }
  return false;
}

Result<int64_t> to_integer(const FieldMapping& field, const ScalarValue& v, bool coerce) {
  const IntRange range = int_range(field.type);
  switch (v.kind) {
    case ScalarValue::Kind::int64:
      if (v.i < range.min || v.i > range.max) {
        return reason("Value [" + std::to_string(v.i) + "] is out of range for " + range.name);
      }
      return v.i;
    case ScalarValue::Kind::uint64:
      return reason("Value [" + std::to_string(v.u) + "] is out of range for " + range.name);
    case ScalarValue::Kind::floating: {
      if (!std::isfinite(v.d) || v.d < static_cast<double>(range.min) || v.d >= -static_cast<double>(range.min) ||
          (range.max < INT64_MAX && v.d > static_cast<double>(range.max))) {
        return reason("Value [" + v.as_text() + "] is out of range for " + range.name);
      }
      if (!coerce && v.d != std::trunc(v.d)) return reason("Value [" + v.as_text() + "] has a decimal part");
      return static_cast<int64_t>(std::trunc(v.d));
    }
    default:
      return reason("Current token (" + v.as_text() + ") not numeric, can not use numeric value accessors");
  }
}

Result<NumberValue> to_unsigned(const ScalarValue& v, bool coerce) {
  NumberValue out;
  uint64_t u = 0;
  switch (v.kind) {
    case ScalarValue::Kind::int64:
      if (v.i < 0) return reason("Value [" + std::to_string(v.i) + "] is out of range for an unsigned long");
      u = static_cast<uint64_t>(v.i);
      break;
    case ScalarValue::Kind::uint64:
      u = v.u;
      break;
    case ScalarValue::Kind::floating:
      if (!std::isfinite(v.d) || v.d < 0 || v.d >= 18446744073709551616.0) {
        return reason("Value [" + v.as_text() + "] is out of range for an unsigned long");
      }
      if (!coerce && v.d != std::trunc(v.d)) return reason("Value [" + v.as_text() + "] has a decimal part");
      u = static_cast<uint64_t>(v.d);
      break;
    default:
      return reason("Current token (" + v.as_text() + ") not numeric, can not use numeric value accessors");
  }
  out.integer = static_cast<int64_t>(u);
  return out;
}

double to_double(const ScalarValue& v) {
  switch (v.kind) {
    case ScalarValue::Kind::int64: return static_cast<double>(v.i);
    case ScalarValue::Kind::uint64: return static_cast<double>(v.u);
    default: return v.d;
  }
}

}  // namespace

std::string ScalarValue::as_text() const {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::string: return std::string(text);
    case Kind::int64: return std::to_string(i);
    case Kind::uint64: return std::to_string(u);
    case Kind::floating: {
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      std::string s = double_term(d);
      return s;
    }
    case Kind::boolean: return b ? "true" : "false";
  }
  return {};
}

Result<NumberValue> convert_number(const FieldMapping& field, const ScalarValue& in) {
  const bool coerce = field.coerce.value_or(true);
  ScalarValue v = in;
  if (v.kind == ScalarValue::Kind::string) {
    if (!coerce) return reason("Current token (VALUE_STRING) not numeric, can not use numeric value accessors");
    if (!parse_string_number(v.text, v)) return reason("For input string: \"" + std::string(in.text) + "\"");
  }
  if (v.kind == ScalarValue::Kind::boolean || v.kind == ScalarValue::Kind::null) {
    return reason("Current token (" + v.as_text() + ") not numeric, can not use numeric value accessors");
  }
  NumberValue out;
  switch (field.type) {
    case FieldType::unsigned_long:
      return to_unsigned(v, coerce);
    case FieldType::double_:
    case FieldType::float_:
    case FieldType::half_float: {
      const char* name = field.type == FieldType::double_ ? "double" : field.type == FieldType::float_ ? "float" : "half_float";
      double d = to_double(v);
      if (field.type == FieldType::float_) d = round_to_float(d);
      if (field.type == FieldType::half_float) d = round_to_half_float(d);
      if (!std::isfinite(d)) {
        return reason(std::string("[") + name + "] supports only finite values, but got [" + v.as_text() + "]");
      }
      out.floating = d == 0 ? 0.0 : d;
      out.is_floating = true;
      return out;
    }
    case FieldType::scaled_float: {
      const double d = to_double(v);
      if (!std::isfinite(d)) return reason("[scaled_float] only supports finite values, but got [" + v.as_text() + "]");
      const double scaled = std::floor(d * field.scaling_factor.value_or(1.0) + 0.5);  // Java Math.round
      if (scaled < -9.2233720368547758e18 || scaled >= 9.2233720368547758e18) {
        return reason("Value [" + v.as_text() + "] is out of range for a long");
      }
      out.integer = static_cast<int64_t>(scaled);
      return out;
    }
    default: {
      PHAROS_ASSIGN_OR_RETURN(out.integer, to_integer(field, v, coerce));
      return out;
    }
  }
}

Result<bool> convert_boolean(const ScalarValue& v) {
  if (v.kind == ScalarValue::Kind::boolean) return v.b;
  if (v.kind == ScalarValue::Kind::string) {
    if (v.text == "true") return true;
    if (v.text == "false") return false;
  }
  return reason("Failed to parse value [" + v.as_text() + "] as only [true] or [false] are allowed.");
}

Result<int64_t> convert_date(const FieldMapping& field, const DateFormat& format, const ScalarValue& v) {
  std::string text;
  switch (v.kind) {
    case ScalarValue::Kind::string: text = std::string(v.text); break;
    case ScalarValue::Kind::int64:
    case ScalarValue::Kind::uint64: text = v.as_text(); break;
    case ScalarValue::Kind::floating: {
      char buf[64];
      // Plain notation: epoch formats read "1420070400001.5", never "1.4200704000015e+12".
      auto res = std::to_chars(buf, buf + sizeof(buf), v.d, std::chars_format::fixed);
      text.assign(buf, res.ec == std::errc() ? res.ptr : buf);
      break;
    }
    default:
      return reason("failed to parse date field [" + v.as_text() + "] with format [" + format.pattern() + "]");
  }
  if (field.type == FieldType::date_nanos) {
    PHAROS_ASSIGN_OR_RETURN(int64_t nanos, format.parse_nanos(text));
    if (nanos < 0) {
      return reason("date[" + text + "] is before the epoch in 1970 and cannot be stored in nanosecond resolution");
    }
    return nanos;
  }
  return format.parse_millis(text);
}

}  // namespace pharos::mapping
