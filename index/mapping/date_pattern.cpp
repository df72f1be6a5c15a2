#include "index/mapping/date_pattern.h"

#include <cctype>
#include <cstdio>

#include "index/mapping/civil_time.h"

namespace pharos::mapping {

namespace {

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr int64_t kNanosPerSecond = 1'000'000'000;

bool is_numeric_letter(char c) {
  return c == 'y' || c == 'u' || c == 'Y' || c == 'M' || c == 'd' || c == 'H' || c == 'h' || c == 'k' ||
         c == 'm' || c == 's' || c == 'S' || c == 'D';
}

void set_widths(DatePatternItem& item) {
  const char c = item.letter;
  if (c == 'y' || c == 'u' || c == 'Y') {
    if (item.count == 2) {
      item.min_digits = item.max_digits = 2;
    } else {
      item.min_digits = item.count == 1 ? 1 : item.count;
      item.max_digits = 9;
    }
  } else if (c == 'S') {
    item.min_digits = 1;  // lenient: "SSS" also reads ".5" and ".123456789", as users send them
    item.max_digits = 9;
  } else if (c == 'D') {
    item.min_digits = item.count;
    item.max_digits = 3;
  } else {
    item.min_digits = item.count == 1 ? 1 : item.count;
    item.max_digits = 2;
  }
}

// Adjacent numeric fields ("yyyyMMdd") must not be read greedily: fix widths to the count.
void fix_adjacent_widths(std::vector<DatePatternItem>& items) {
  for (size_t i = 0; i + 1 < items.size(); ++i) {
    if (items[i].kind == DatePatternItem::Kind::optional) fix_adjacent_widths(items[i].children);
    const DatePatternItem& next = items[i + 1];
    const bool next_numeric = (next.kind == DatePatternItem::Kind::field && is_numeric_letter(next.letter)) ||
                              (next.kind == DatePatternItem::Kind::optional && !next.children.empty() &&
                               next.children.front().kind == DatePatternItem::Kind::field &&
                               is_numeric_letter(next.children.front().letter));
    if (items[i].kind == DatePatternItem::Kind::field && is_numeric_letter(items[i].letter) && next_numeric &&
        items[i].letter != 'S') {
      items[i].min_digits = items[i].max_digits = std::max(items[i].count, items[i].letter == 'y' ? 4 : 2);
    }
  }
  if (!items.empty() && items.back().kind == DatePatternItem::Kind::optional) {
    fix_adjacent_widths(items.back().children);
  }
}

struct Fields {
  int64_t year = 1970;
  int month = 1;
  int day = 1;
  int day_of_year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t nanos = 0;
  int offset_seconds = 0;
  int am_pm = -1;  // -1 none, 0 am, 1 pm
};

bool read_digits(std::string_view text, size_t& pos, int min, int max, int64_t& value, int& digits) {
  value = 0;
  digits = 0;
  while (pos < text.size() && digits < max && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits >= min;
}

bool read_name(std::string_view text, size_t& pos, const char* const* names, int n, bool short_form, int& index) {
  for (int i = 0; i < n; ++i) {
    std::string_view name = names[i];
    if (short_form) name = name.substr(0, 3);
    if (pos + name.size() > text.size()) continue;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(text[pos + k])) ==
             std::tolower(static_cast<unsigned char>(name[k]));
    }
    if (same) {
      pos += name.size();
      index = i;
      return true;
    }
  }
  return false;
}

// "Z", "+HH", "+HHmm", "+HH:mm" (and "UTC"/"GMT" for 'z').
bool read_offset(std::string_view text, size_t& pos, Fields& f, char letter) {
  if (pos >= text.size()) return false;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    if (letter == 'x') return false;
    ++pos;
    f.offset_seconds = 0;
    return true;
  }
  if (text.substr(pos, 3) == "UTC" || text.substr(pos, 3) == "GMT") {
    pos += 3;
    f.offset_seconds = 0;
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return true;
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  int64_t hours = 0;
  int64_t minutes = 0;
  int digits = 0;
  if (!read_digits(text, pos, 2, 2, hours, digits) || hours > 18) return false;
  size_t save = pos;
  if (pos < text.size() && text[pos] == ':') ++pos;
  if (!read_digits(text, pos, 2, 2, minutes, digits)) {
    pos = save;
    minutes = 0;
  } else if (minutes > 59) {
    return false;
  }
  f.offset_seconds = sign * static_cast<int>(hours * 3600 + minutes * 60);
  return true;
}

bool match_items(const std::vector<DatePatternItem>& items, std::string_view text, size_t& pos, Fields& f);

// True when every remaining item is whitespace or a zone: legacy patterns such as
// "yyyy/MM/dd Z" read "2015/09/02" (as the old Joda-based formats did), at UTC.
bool only_optional_zone_left(const std::vector<DatePatternItem>& items, size_t from) {
  for (size_t i = from; i < items.size(); ++i) {
    const auto& item = items[i];
    if (item.kind == DatePatternItem::Kind::literal && item.literal.find_first_not_of(' ') == std::string::npos)
      continue;
    if (item.kind == DatePatternItem::Kind::field && (item.letter == 'Z' || item.letter == 'X' || item.letter == 'x'))
      continue;
    if (item.kind == DatePatternItem::Kind::optional) continue;
    return false;
  }
  return true;
}

bool match_field(const DatePatternItem& item, std::string_view text, size_t& pos, Fields& f) {
  int64_t v = 0;
  int digits = 0;
  switch (item.letter) {
    case 'y':
    case 'u':
    case 'Y': {
      int sign = 1;
      if (item.count >= 4 && pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
        sign = text[pos] == '-' ? -1 : 1;
        ++pos;
      }
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      f.year = item.count == 2 ? 2000 + v : sign * v;
      return true;
    }
    case 'M':
      if (item.count >= 3) {
        int index = 0;
        if (!read_name(text, pos, kMonthNames, 12, item.count == 3, index)) return false;
        f.month = index + 1;
        return true;
      }
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      f.month = static_cast<int>(v);
      return true;
    case 'd':
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      f.day = static_cast<int>(v);
      return true;
    case 'D':
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits) || v < 1) return false;
      f.day_of_year = static_cast<int>(v);
      return true;
    case 'H':
    case 'h':
    case 'k':
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      if (item.letter == 'k' && v == 24) v = 0;
      if (item.letter == 'h' && (v < 1 || v > 12)) return false;
      f.hour = static_cast<int>(v);
      return true;
    case 'm':
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      f.minute = static_cast<int>(v);
      return true;
    case 's':
      if (!read_digits(text, pos, item.min_digits, item.max_digits, v, digits)) return false;
      f.second = static_cast<int>(v);
      return true;
    case 'S':
    case 'f':
      if (!read_digits(text, pos, 1, 9, v, digits)) return false;
      for (int i = digits; i < 9; ++i) v *= 10;
      f.nanos = v;
      return true;
    case 'Z':
    case 'X':
    case 'x':
    case 'z':
      return read_offset(text, pos, f, item.letter);
    case 'E': {
      int index = 0;
      return read_name(text, pos, kDayNames, 7, item.count <= 3, index);
    }
    case 'a':
      if (text.substr(pos, 2) == "AM" || text.substr(pos, 2) == "am") {
        f.am_pm = 0;
      } else if (text.substr(pos, 2) == "PM" || text.substr(pos, 2) == "pm") {
        f.am_pm = 1;
      } else {
        return false;
      }
      pos += 2;
      return true;
    default:
      return false;
  }
}

bool match_literal(const std::string& literal, std::string_view text, size_t& pos) {
  for (char c : literal) {
    if (pos >= text.size()) return false;
    // ES accepts ',' for '.' before fractions and 't' for 'T'.
    const char t = text[pos];
    const bool same = t == c || (c == '.' && t == ',') || (c == 'T' && t == 't');
    if (!same) return false;
    ++pos;
  }
  return true;
}

bool match_items(const std::vector<DatePatternItem>& items, std::string_view text, size_t& pos, Fields& f) {
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (pos >= text.size() && only_optional_zone_left(items, i)) return true;
    switch (item.kind) {
      case DatePatternItem::Kind::literal:
        if (!match_literal(item.literal, text, pos)) return false;
        break;
      case DatePatternItem::Kind::field:
        if (!match_field(item, text, pos, f)) return false;
        break;
      case DatePatternItem::Kind::optional: {
        size_t save_pos = pos;
        Fields save = f;
        if (!match_items(item.children, text, pos, f)) {
          pos = save_pos;
          f = save;
        }
        break;
      }
    }
  }
  return true;
}

void append_number(std::string& out, int64_t v, int width) {
  char buf[32];
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(v));
  out += buf;
}

struct Broken {
  CivilDate date;
  int64_t days = 0;
  int hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;
};

void print_items(const std::vector<DatePatternItem>& items, const Broken& b, std::string& out) {
  for (const auto& item : items) {
    if (item.kind == DatePatternItem::Kind::literal) {
      out += item.literal;
      continue;
    }
    if (item.kind == DatePatternItem::Kind::optional) {
      print_items(item.children, b, out);
      continue;
    }
    switch (item.letter) {
      case 'y': case 'u': case 'Y':
        append_number(out, item.count == 2 ? b.date.year % 100 : b.date.year, item.count == 2 ? 2 : std::max(item.count, 4));
        break;
      case 'M':
        if (item.count >= 3) {
          std::string_view name = kMonthNames[b.date.month - 1];
          out += item.count == 3 ? name.substr(0, 3) : name;
        } else {
          append_number(out, b.date.month, item.count);
        }
        break;
      case 'd': append_number(out, b.date.day, item.count); break;
      case 'D': append_number(out, b.days - days_from_civil(b.date.year, 1, 1) + 1, item.count); break;
      case 'H': append_number(out, b.hour, item.count); break;
      case 'k': append_number(out, b.hour == 0 ? 24 : b.hour, item.count); break;
      case 'h': append_number(out, b.hour % 12 == 0 ? 12 : b.hour % 12, item.count); break;
      case 'm': append_number(out, b.minute, item.count); break;
      case 's': append_number(out, b.second, item.count); break;
      case 'S': {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%09lld", static_cast<long long>(b.nanos));
        out.append(buf, static_cast<size_t>(std::min(item.count, 9)));
        break;
      }
      case 'f': {  // 3..9 digits, trailing zeros dropped in groups beyond the third
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%09lld", static_cast<long long>(b.nanos));
        size_t len = 9;
        while (len > 3 && buf[len - 1] == '0') --len;
        out.append(buf, len);
        break;
      }
      case 'Z': out += "+0000"; break;
      case 'X': out += 'Z'; break;
      case 'x': out += item.count >= 3 ? "+00:00" : "+0000"; break;
      case 'z': out += "UTC"; break;
      case 'E': {
        std::string_view name = kDayNames[weekday_from_days(b.days)];
        out += item.count <= 3 ? name.substr(0, 3) : name;
        break;
      }
      case 'a': out += b.hour < 12 ? "AM" : "PM"; break;
      default: break;
    }
  }
}

Result<std::vector<DatePatternItem>> compile_items(std::string_view p, size_t& i, int depth, bool internal) {
  std::vector<DatePatternItem> items;
  auto add_literal = [&](char c) {
    if (!items.empty() && items.back().kind == DatePatternItem::Kind::literal) {
      items.back().literal += c;
    } else {
      DatePatternItem item;
      item.literal = std::string(1, c);
      items.push_back(std::move(item));
    }
  };
  while (i < p.size()) {
    const char c = p[i];
    if (c == '[') {
      if (depth > 8) return Status(ErrorKind::invalid_argument, "too many nested optional sections");
      ++i;
      PHAROS_ASSIGN_OR_RETURN(auto children, compile_items(p, i, depth + 1, internal));
      DatePatternItem item;
      item.kind = DatePatternItem::Kind::optional;
      item.children = std::move(children);
      items.push_back(std::move(item));
    } else if (c == ']') {
      ++i;
      if (depth == 0) return Status(ErrorKind::invalid_argument, "Pattern includes reserved character: ']'");
      return items;
    } else if (c == '\'') {
      ++i;
      if (i < p.size() && p[i] == '\'') {
        add_literal('\'');
        ++i;
        continue;
      }
      while (i < p.size() && p[i] != '\'') add_literal(p[i++]);
      if (i >= p.size()) return Status(ErrorKind::invalid_argument, "Pattern ends with an incomplete string literal");
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      static constexpr std::string_view kLetters = "yuYMdDHhkmsSZXxzEa";
      if (kLetters.find(c) == std::string_view::npos && !(internal && c == 'f')) {
        return Status(ErrorKind::invalid_argument, std::string("Unknown pattern letter: ") + c);
      }
      DatePatternItem item;
      item.kind = DatePatternItem::Kind::field;
      item.letter = c;
      while (i < p.size() && p[i] == c) {
        ++item.count;
        ++i;
      }
      set_widths(item);
      items.push_back(std::move(item));
    } else {
      add_literal(c);
      ++i;
    }
  }
  return items;  // an unclosed '[' is tolerated, as java.time does
}

}  // namespace

Result<DatePattern> DatePattern::compile(std::string_view pattern, bool internal) {
  if (pattern.empty()) return Status(ErrorKind::invalid_argument, "empty date pattern");
  size_t i = 0;
  PHAROS_ASSIGN_OR_RETURN(auto items, compile_items(pattern, i, 0, internal));
  fix_adjacent_widths(items);
  return from_items(std::move(items));
}

DatePattern DatePattern::from_items(std::vector<DatePatternItem> items) {
  DatePattern out;
  out.items_ = std::move(items);
  return out;
}

bool DatePattern::parse(std::string_view text, EpochNanos& out) const {
  Fields f;
  size_t pos = 0;
  if (!match_items(items_, text, pos, f) || pos != text.size()) return false;
  if (f.am_pm >= 0) f.hour = f.hour % 12 + (f.am_pm == 1 ? 12 : 0);
  if (f.day_of_year > 0) {
    if (f.day_of_year > (is_leap_year(f.year) ? 366 : 365)) return false;
    const int64_t days = days_from_civil(f.year, 1, 1) + f.day_of_year - 1;
    const CivilDate c = civil_from_days(days);
    f.month = c.month;
    f.day = c.day;
  }
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > days_in_month(f.year, f.month)) return false;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return false;
  const int64_t days = days_from_civil(f.year, f.month, f.day);
  const int64_t seconds = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second - f.offset_seconds;
  out = static_cast<EpochNanos>(seconds) * kNanosPerSecond + f.nanos;
  return true;
}

std::string DatePattern::print(EpochNanos nanos) const {
  EpochNanos seconds = nanos / kNanosPerSecond;
  EpochNanos rem = nanos % kNanosPerSecond;
  if (rem < 0) {
    rem += kNanosPerSecond;
    --seconds;
  }
  int64_t secs = static_cast<int64_t>(seconds);
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  Broken b;
  b.days = days;
  b.date = civil_from_days(days);
  b.hour = static_cast<int>(sod / 3600);
  b.minute = static_cast<int>(sod / 60 % 60);
  b.second = static_cast<int>(sod % 60);
  b.nanos = static_cast<int64_t>(rem);
  std::string out;
  print_items(items_, b, out);
  return out;
}

}  // namespace pharos::mapping
