#include "index/mapping/date_format.h"

#include <array>
#include <limits>

#include "index/mapping/date_pattern.h"

namespace pharos::mapping {

namespace {

constexpr int64_t kNanosPerMilli = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct NamedFormat {
  std::string_view name;
  std::string_view parse;  // Java-style pattern with optional sections
  std::string_view print;  // 'f' = fraction printed with 3..9 digits
};

constexpr std::string_view kIsoPrint = "yyyy-MM-dd'T'HH:mm:ss.fX";

// Strict formats use fixed widths; the lenient twins ("date_optional_time") accept 1-digit fields.
constexpr std::array<NamedFormat, 32> kNamed = {{
    {"strict_date_optional_time", "yyyy[-MM[-dd['T'HH[:mm[:ss[.S]]][X]]]]", kIsoPrint},
    {"strict_date_optional_time_nanos", "yyyy[-MM[-dd['T'HH[:mm[:ss[.S]]][X]]]]", kIsoPrint},
    {"date_optional_time", "y[-M[-d['T'H[:m[:s[.S]]][X]]]]", kIsoPrint},
    {"strict_date_time", "yyyy-MM-dd'T'HH:mm:ss.SX", kIsoPrint},
    {"date_time", "y-M-d'T'H:m:s.SX", kIsoPrint},
    {"strict_date_time_no_millis", "yyyy-MM-dd'T'HH:mm:ssX", "yyyy-MM-dd'T'HH:mm:ssX"},
    {"date_time_no_millis", "y-M-d'T'H:m:sX", "yyyy-MM-dd'T'HH:mm:ssX"},
    {"strict_date", "yyyy-MM-dd", "yyyy-MM-dd"},
    {"date", "y-M-d", "yyyy-MM-dd"},
    {"basic_date", "yyyyMMdd", "yyyyMMdd"},
    {"basic_date_time", "yyyyMMdd'T'HHmmss.SX", "yyyyMMdd'T'HHmmss.SSSX"},
    {"basic_date_time_no_millis", "yyyyMMdd'T'HHmmssX", "yyyyMMdd'T'HHmmssX"},
    {"strict_date_hour", "yyyy-MM-dd'T'HH", "yyyy-MM-dd'T'HH"},
    {"date_hour", "y-M-d'T'H", "yyyy-MM-dd'T'HH"},
    {"strict_date_hour_minute", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm"},
    {"date_hour_minute", "y-M-d'T'H:m", "yyyy-MM-dd'T'HH:mm"},
    {"strict_date_hour_minute_second", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"},
    {"date_hour_minute_second", "y-M-d'T'H:m:s", "yyyy-MM-dd'T'HH:mm:ss"},
    {"strict_date_hour_minute_second_millis", "yyyy-MM-dd'T'HH:mm:ss.S", "yyyy-MM-dd'T'HH:mm:ss.SSS"},
    {"date_hour_minute_second_millis", "y-M-d'T'H:m:s.S", "yyyy-MM-dd'T'HH:mm:ss.SSS"},
    {"strict_date_hour_minute_second_fraction", "yyyy-MM-dd'T'HH:mm:ss.S", "yyyy-MM-dd'T'HH:mm:ss.SSS"},
    {"date_hour_minute_second_fraction", "y-M-d'T'H:m:s.S", "yyyy-MM-dd'T'HH:mm:ss.SSS"},
    {"strict_year_month", "yyyy-MM", "yyyy-MM"},
    {"year_month", "y-M", "yyyy-MM"},
    {"strict_year_month_day", "yyyy-MM-dd", "yyyy-MM-dd"},
    {"year_month_day", "y-M-d", "yyyy-MM-dd"},
    {"strict_year", "yyyy", "yyyy"},
    {"year", "y", "yyyy"},
    {"strict_hour_minute_second", "HH:mm:ss", "HH:mm:ss"},
    {"hour_minute_second", "H:m:s", "HH:mm:ss"},
    {"strict_hour_minute", "HH:mm", "HH:mm"},
    {"hour_minute", "H:m", "HH:mm"},
}};

enum class AltKind { pattern, epoch_millis, epoch_second };

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "-?digits(.digits)?" in units of `unit` nanoseconds (epoch_millis: 1e6, epoch_second: 1e9).
bool parse_epoch(std::string_view text, int64_t unit, EpochNanos& out) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  EpochNanos whole = 0;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (++digits > 19) return false;
    whole = whole * 10 + (text[i++] - '0');
  }
  EpochNanos fraction = 0;
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    EpochNanos scale = unit;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      scale /= 10;  // digits beyond nanosecond precision are dropped
      fraction += (text[i++] - '0') * scale;
      ++fraction_digits;
    }
    if (fraction_digits == 0 && digits == 0) return false;
  }
  if (i != text.size() || (digits == 0 && fraction_digits == 0)) return false;
  out = whole * unit + fraction;
  if (negative) out = -out;
  return true;
}

EpochNanos floor_div(EpochNanos a, EpochNanos b) {
  EpochNanos q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// "1234" or "1234.5" (fraction digits without trailing zeros).
std::string format_epoch(EpochNanos nanos, int64_t unit) {
  EpochNanos whole = nanos / unit;
  EpochNanos rem = nanos % unit;
  std::string out;
  if (nanos < 0 && whole == 0) out += '-';
  out += std::to_string(static_cast<int64_t>(whole));
  if (rem != 0) {
    if (rem < 0) rem = -rem;
    std::string digits = std::to_string(static_cast<int64_t>(rem));
    size_t width = unit == kNanosPerMilli ? 6 : 9;
    digits.insert(0, width - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += '.' + digits;
  }
  return out;
}

}  // namespace

struct DateFormat::Alternative {
  AltKind kind = AltKind::pattern;
  DatePattern parser;
  DatePattern printer;
};

Result<DateFormat> DateFormat::parse(std::string_view pattern) {
  auto alternatives = std::make_shared<std::vector<Alternative>>();
  std::string_view rest = pattern;
  while (true) {
    size_t bar = rest.find("||");
    std::string_view part = trim(rest.substr(0, bar));
    if (part.empty()) {
      return Status(ErrorKind::invalid_argument, "Invalid format: [" + std::string(pattern) + "]: empty alternative");
    }
    Alternative alt;
    const NamedFormat* named = nullptr;
    for (const auto& candidate : kNamed) {
      if (candidate.name == part) named = &candidate;
    }
    if (part == "epoch_millis") {
      alt.kind = AltKind::epoch_millis;
    } else if (part == "epoch_second") {
      alt.kind = AltKind::epoch_second;
    } else if (named != nullptr) {
      alt.parser = DatePattern::compile(named->parse).value();
      alt.printer = DatePattern::compile(named->print, /*internal=*/true).value();
    } else {
      auto compiled = DatePattern::compile(part);
      if (!compiled.is_ok()) {
        return Status(ErrorKind::invalid_argument,
                      "Invalid format: [" + std::string(pattern) + "]: " + compiled.status().message());
      }
      alt.parser = compiled.value();
      alt.printer = std::move(compiled).value();
    }
    alternatives->push_back(std::move(alt));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 2);
  }
  DateFormat out;
  out.pattern_ = std::string(pattern);
  out.alternatives_ = std::move(alternatives);
  return out;
}

const DateFormat& DateFormat::default_format() {
  static const DateFormat kDefault = DateFormat::parse("strict_date_optional_time||epoch_millis").value();
  return kDefault;
}

Result<__int128> DateFormat::parse_nanos_wide(std::string_view text) const {
  if (alternatives_ && text.size() <= 64) {
    for (const auto& alt : *alternatives_) {
      EpochNanos value = 0;
      bool ok = false;
      switch (alt.kind) {
        case AltKind::epoch_millis: ok = parse_epoch(text, kNanosPerMilli, value); break;
        case AltKind::epoch_second: ok = parse_epoch(text, kNanosPerSecond, value); break;
        case AltKind::pattern: ok = alt.parser.parse(text, value); break;
      }
      if (ok) return value;
    }
  }
  return Status(ErrorKind::invalid_argument,
                "failed to parse date field [" + std::string(text) + "] with format [" + pattern_ + "]");
}

Result<int64_t> DateFormat::parse_nanos(std::string_view text) const {
  PHAROS_ASSIGN_OR_RETURN(EpochNanos nanos, parse_nanos_wide(text));
  if (nanos > std::numeric_limits<int64_t>::max() || nanos < std::numeric_limits<int64_t>::min()) {
    return Status(ErrorKind::invalid_argument, "date[" + std::string(text) +
                                                   "] is after 2262-04-11T23:47:16.854775807 and cannot be "
                                                   "stored in nanosecond resolution");
  }
  return static_cast<int64_t>(nanos);
}

Result<int64_t> DateFormat::parse_millis(std::string_view text) const {
  PHAROS_ASSIGN_OR_RETURN(EpochNanos nanos, parse_nanos_wide(text));
  EpochNanos millis = floor_div(nanos, kNanosPerMilli);
  if (millis > std::numeric_limits<int64_t>::max() || millis < std::numeric_limits<int64_t>::min()) {
    return Status(ErrorKind::invalid_argument, "failed to parse date field [" + std::string(text) +
                                                   "] with format [" + pattern_ + "]: out of range");
  }
  return static_cast<int64_t>(millis);
}

std::string DateFormat::format_wide(EpochNanos nanos) const {
  if (!alternatives_ || alternatives_->empty()) return std::to_string(static_cast<int64_t>(nanos));
  const Alternative& alt = alternatives_->front();
  switch (alt.kind) {
    case AltKind::epoch_millis: return format_epoch(nanos, kNanosPerMilli);
    case AltKind::epoch_second: return format_epoch(nanos, kNanosPerSecond);
    case AltKind::pattern: break;
  }
  return alt.printer.print(nanos);
}

std::string DateFormat::format_millis(int64_t millis) const {
  return format_wide(static_cast<EpochNanos>(millis) * kNanosPerMilli);
}

std::string DateFormat::format_nanos(int64_t nanos) const { return format_wide(nanos); }

}  // namespace pharos::mapping
