// OpenSearch date math: an anchor ("now" or "<date>||") followed by +N<unit>, -N<unit> and
// /<unit> rounding. Units y M w d h H m s. Rounding with round_up goes to the last instant of
// the unit (gt / lte), as JavaDateMathParser does. Time zones are fixed offsets only.
#include <charconv>
#include <cstring>

#include "index/mapping/date_format.h"
#include "query/dsl/query_parser_internal.h"

namespace pharos::query::detail {
namespace {

constexpr int64_t kMillisPerDay = 86400000;

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian, no time zone database).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_days(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Works on local time in `unit_scale` units per milli (1 millis, 1e6 nanos).
struct Clock {
  int64_t local = 0;  // local time (UTC + offset) in resolution units
  int64_t scale = 1;
};

Status add_months(Clock& clock, int64_t months) {
  const int64_t day_units = kMillisPerDay * clock.scale;
  int64_t days = floor_div(clock.local, day_units);
  int64_t within = clock.local - days * day_units;
  int64_t y = 0;
  int m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (months > 120000 || months < -120000) return invalid("date math out of range");
  int64_t total = y * 12 + (m - 1) + months;
  y = floor_div(total, 12);
  m = static_cast<int>(total - y * 12) + 1;
  d = std::min(d, month_days(y, m));  // Jan 31 + 1M = Feb 28/29, as java.time
  clock.local = days_from_civil(y, m, d) * day_units + within;
  return Status::ok();
}

Status round_to(Clock& clock, char unit, bool round_up) {
  const int64_t s = clock.scale;
  const int64_t day_units = kMillisPerDay * s;
  int64_t start = 0, next = 0;
  auto fixed = [&](int64_t size) {
    start = floor_div(clock.local, size) * size;
    next = start + size;
  };
  switch (unit) {
    case 's': fixed(1000 * s); break;
    case 'm': fixed(60000 * s); break;
    case 'h': case 'H': fixed(3600000 * s); break;
    case 'd': fixed(day_units); break;
    case 'w': {
      int64_t days = floor_div(clock.local, day_units);
      int64_t monday = days - ((days % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
      start = monday * day_units;
      next = start + 7 * day_units;
      break;
    }
    case 'M': case 'y': {
      int64_t y = 0;
      int m = 0, d = 0;
      civil_from_days(floor_div(clock.local, day_units), y, m, d);
      if (unit == 'M') {
        start = days_from_civil(y, m, 1) * day_units;
        next = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) * day_units;
      } else {
        start = days_from_civil(y, 1, 1) * day_units;
        next = days_from_civil(y + 1, 1, 1) * day_units;
      }
      break;
    }
    default: return parse_error(std::string("unit [") + unit + "] not supported for date math");
  }
  // round_up: the last representable instant of the unit (millisecond precision, as OpenSearch).
  clock.local = round_up ? next - s : start;
  return Status::ok();
}

Status apply_math(Clock& clock, std::string_view math, bool round_up, std::string_view whole) {
  size_t i = 0;
  auto fail = [&](const std::string& why) {
    return parse_error("operation [" + std::string(math) + "] failed to parse date field [" + std::string(whole) +
                       "]: " + why);
  };
  while (i < math.size()) {
    char op = math[i++];
    if (op == '/') {
      if (i >= math.size()) return fail("truncated date math");
      PHAROS_RETURN_IF_ERROR(round_to(clock, math[i++], round_up));
      continue;
    }
    if (op != '+' && op != '-') return fail(std::string("operator not supported for date math [") + op + "]");
    int64_t amount = 1;
    size_t digits_end = i;
    while (digits_end < math.size() && math[digits_end] >= '0' && math[digits_end] <= '9') ++digits_end;
    if (digits_end > i) {
      auto [ptr, ec] = std::from_chars(math.data() + i, math.data() + digits_end, amount);
      if (ec != std::errc() || amount > 1000000000) return fail("amount out of range");
      i = digits_end;
    }
    if (i >= math.size()) return fail("truncated date math");
    if (op == '-') amount = -amount;
    const int64_t s = clock.scale;
    char unit = math[i++];
    int64_t delta = 0;
    switch (unit) {
      case 'y': PHAROS_RETURN_IF_ERROR(add_months(clock, amount * 12)); continue;
      case 'M': PHAROS_RETURN_IF_ERROR(add_months(clock, amount)); continue;
      case 'w': delta = amount * 7 * kMillisPerDay; break;
      case 'd': delta = amount * kMillisPerDay; break;
      case 'h': case 'H': delta = amount * 3600000; break;
      case 'm': delta = amount * 60000; break;
      case 's': delta = amount * 1000; break;
      default: return fail(std::string("unit [") + unit + "] not supported for date math");
    }
    if (__builtin_mul_overflow(delta, s, &delta) || __builtin_add_overflow(clock.local, delta, &clock.local)) {
      return fail("date math out of range");
    }
  }
  return Status::ok();
}

// True when the date text carries its own offset ("...Z", "...+01:00"); time_zone then does not apply.
bool has_explicit_offset(std::string_view text) {
  auto t = text.find('T');
  if (t == std::string_view::npos) return false;
  std::string_view time = text.substr(t);
  return time.back() == 'Z' || time.find('+') != std::string_view::npos || time.find('-') != std::string_view::npos;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  size_t start = text[0] == '-' ? 1 : 0;
  return start < text.size() && text.find_first_not_of("0123456789", start) == std::string_view::npos;
}

}  // namespace

Result<int64_t> parse_time_zone(std::string_view text) {
  if (text == "UTC" || text == "Z" || text == "GMT" || text == "Etc/UTC" || text == "+00:00") return int64_t{0};
  std::string_view rest = text;
  if (rest.starts_with("UTC") || rest.starts_with("GMT")) rest.remove_prefix(3);
  if (rest.size() < 2 || (rest[0] != '+' && rest[0] != '-')) {
    return invalid("Unknown time-zone ID: " + std::string(text));
  }
  int sign = rest[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : rest.substr(1)) {
    if (c == ':') continue;
    if (c < '0' || c > '9') return invalid("Invalid ID for ZoneOffset, invalid format: " + std::string(text));
    digits += c;
  }
  int hours = 0, minutes = 0;
  if (digits.size() == 1 || digits.size() == 2) hours = std::stoi(digits);
  else if (digits.size() == 4) hours = std::stoi(digits.substr(0, 2)), minutes = std::stoi(digits.substr(2));
  else return invalid("Invalid ID for ZoneOffset, invalid format: " + std::string(text));
  if (hours > 18 || minutes > 59) return invalid("Zone offset not in valid range: " + std::string(text));
  return int64_t{sign * (hours * 3600000LL + minutes * 60000LL)};
}

Result<int64_t> parse_duration_millis(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) return invalid("failed to parse setting [scale] with value [" + std::string(text) + "] as a time value");
  double amount = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, amount);
  if (ec != std::errc()) return invalid("failed to parse [" + std::string(text) + "] as a time value");
  std::string_view unit = text.substr(i);
  double factor = 0;
  if (unit == "ms") factor = 1;
  else if (unit == "s") factor = 1000;
  else if (unit == "m") factor = 60000;
  else if (unit == "h") factor = 3600000;
  else if (unit == "d") factor = 86400000;
  else if (unit == "w") factor = 7 * 86400000.0;
  else if (unit.empty()) factor = 1;
  else return invalid("failed to parse setting [scale] with value [" + std::string(text) + "] as a time value: unit is missing or unrecognized");
  double millis = amount * factor;
  if (!(millis < 9.2e18)) return invalid("time value [" + std::string(text) + "] out of range");
  return static_cast<int64_t>(millis);
}

Result<int64_t> parse_date_math(std::string_view text, int64_t now_millis, const DateMathOptions& options) {
  const int64_t scale = options.nanos ? 1000000 : 1;
  const int64_t offset = options.tz_offset_millis.value_or(0);
  Clock clock{0, scale};
  std::string_view math;
  bool apply_offset = true;
  if (text.starts_with("now")) {
    if (__builtin_mul_overflow(now_millis + offset, scale, &clock.local)) return invalid("now out of range");
    math = text.substr(3);
  } else {
    size_t bars = text.find("||");
    std::string_view date = bars == std::string_view::npos ? text : text.substr(0, bars);
    math = bars == std::string_view::npos ? std::string_view() : text.substr(bars + 2);
    Result<mapping::DateFormat> format = options.format ? mapping::DateFormat::parse(*options.format)
                                                        : Result<mapping::DateFormat>(mapping::DateFormat::default_format());
    if (!format) return invalid("failed to parse date field [" + std::string(text) + "]: " + format.status().message());
    Result<int64_t> parsed = options.nanos ? format->parse_nanos(date) : format->parse_millis(date);
    if (!parsed) {
      return parse_error("failed to parse date field [" + std::string(date) + "] with format [" + format->pattern() +
                         "]: [" + parsed.status().message() + "]");
    }
    // Epoch numbers and texts with their own offset are absolute; the rest are local to time_zone.
    apply_offset = !all_digits(date) && !has_explicit_offset(date);
    clock.local = *parsed;
    int64_t shift = 0;
    if (!apply_offset) {
      if (__builtin_mul_overflow(offset, scale, &shift) || __builtin_add_overflow(clock.local, shift, &clock.local)) {
        return invalid("date out of range");
      }
    }
  }
  PHAROS_RETURN_IF_ERROR(apply_math(clock, math, options.round_up, text));
  int64_t shift = 0, result = 0;
  if (__builtin_mul_overflow(offset, scale, &shift) || __builtin_sub_overflow(clock.local, shift, &result)) {
    return invalid("date out of range");
  }
  return result;
}

}  // namespace pharos::query::detail
