// Java's DecimalFormat, the subset aggregations' numeric "format" uses: a literal prefix and
// suffix around a number pattern of '#', '0', ',' (grouping) and '.' ("Value is ##0.0",
// "#,##0.00", "0000"). Rounding is HALF_EVEN, as DecimalFormat's default.
#include "query/agg/decimal_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace pharos::query::agg {
namespace {

struct NumberPattern {
  std::string prefix, suffix;
  int min_integer = 0;
  int min_fraction = 0, max_fraction = 0;
  int grouping = 0;  // digits per group; 0 = no grouping
};

bool is_pattern_char(char c) { return c == '#' || c == '0' || c == ',' || c == '.'; }

std::optional<NumberPattern> parse_pattern(const std::string& text) {
  size_t start = 0;
  while (start < text.size() && !is_pattern_char(text[start])) ++start;
  size_t end = start;
  while (end < text.size() && is_pattern_char(text[end])) ++end;
  if (start == end) return std::nullopt;
  NumberPattern p;
  p.prefix = text.substr(0, start);
  p.suffix = text.substr(end);
  std::string body = text.substr(start, end - start);
  size_t dot = body.find('.');
  std::string integer = body.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : body.substr(dot + 1);
  for (char c : integer) p.min_integer += c == '0';
  for (char c : fraction) {
    if (c == '0') ++p.min_fraction;
    if (c == '0' || c == '#') ++p.max_fraction;
  }
  size_t comma = integer.rfind(',');
  if (comma != std::string::npos) p.grouping = static_cast<int>(integer.size() - comma - 1);
  return p;
}

// The value's digits rounded half-even to `fraction` places: integer part and fraction part.
std::pair<std::string, std::string> round_digits(double magnitude, int fraction) {
  double scale = std::pow(10.0, fraction);
  double scaled = magnitude * scale;
  double rounded = std::nearbyint(scaled);  // default FE_TONEAREST: half to even
  char buffer[400];
  std::snprintf(buffer, sizeof(buffer), "%.0f", rounded);
  std::string digits = buffer;
  if (static_cast<int>(digits.size()) <= fraction)
    digits.insert(0, static_cast<size_t>(fraction) + 1 - digits.size(), '0');
  size_t cut = digits.size() - static_cast<size_t>(fraction);
  return {digits.substr(0, cut), digits.substr(cut)};
}

}  // namespace

std::optional<std::string> format_decimal(double value, const std::string& pattern_text) {
  auto pattern = parse_pattern(pattern_text);
  if (!pattern || !std::isfinite(value)) return std::nullopt;
  auto [integer, fraction] = round_digits(std::fabs(value), pattern->max_fraction);
  while (static_cast<int>(fraction.size()) > pattern->min_fraction && !fraction.empty() &&
         fraction.back() == '0')
    fraction.pop_back();
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
  if (static_cast<int>(integer.size()) < pattern->min_integer)
    integer.insert(0, static_cast<size_t>(pattern->min_integer) - integer.size(), '0');
  if (pattern->grouping > 0) {
    for (int i = static_cast<int>(integer.size()) - pattern->grouping; i > 0; i -= pattern->grouping)
      integer.insert(static_cast<size_t>(i), ",");
  }
  if (integer.empty() && fraction.empty()) integer = "0";
  bool negative = value < 0;  // Java keeps the sign of values that round to zero ("-0.0")
  std::string out = pattern->prefix + (negative ? "-" : "") + integer;
  if (!fraction.empty()) out += "." + fraction;
  return out + pattern->suffix;
}

}  // namespace pharos::query::agg
