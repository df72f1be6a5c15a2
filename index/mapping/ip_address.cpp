#include "index/mapping/ip_address.h"

#include <cstdio>
#include <vector>

namespace pharos::mapping {

namespace {

std::optional<std::array<uint8_t, 4>> parse_ipv4(std::string_view text) {
  std::array<uint8_t, 4> out{};
  size_t part = 0;
  size_t i = 0;
  while (part < 4) {
    size_t start = i;
    uint32_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 4) {
      value = value * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
    }
    size_t digits = i - start;
    // Leading zeros are refused, as Java's InetAddresses does (they read as octal elsewhere).
    if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    out[part++] = static_cast<uint8_t>(value);
    if (part < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses colon-separated hex groups (no "::") into `groups`; the last group may be an IPv4 tail.
bool parse_groups(std::string_view text, std::vector<uint16_t>& groups, bool allow_v4_tail) {
  if (text.empty()) return true;
  size_t i = 0;
  while (true) {
    size_t end = text.find(':', i);
    std::string_view group = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (end == std::string_view::npos && allow_v4_tail && group.find('.') != std::string_view::npos) {
      auto v4 = parse_ipv4(group);
      if (!v4) return false;
      groups.push_back(static_cast<uint16_t>(((*v4)[0] << 8) | (*v4)[1]));
      groups.push_back(static_cast<uint16_t>(((*v4)[2] << 8) | (*v4)[3]));
      return true;
    }
    if (group.empty() || group.size() > 4) return false;
    uint32_t value = 0;
    for (char c : group) {
      int h = hex_value(c);
      if (h < 0) return false;
      value = value * 16 + static_cast<uint32_t>(h);
    }
    groups.push_back(static_cast<uint16_t>(value));
    if (groups.size() > 8) return false;
    if (end == std::string_view::npos) return true;
    i = end + 1;
  }
}

std::optional<IpBytes> parse_ipv6(std::string_view text) {
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  size_t gap = text.find("::");
  if (gap != std::string_view::npos) {
    if (text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    std::string_view left = text.substr(0, gap);
    std::string_view right = text.substr(gap + 2);
    if (!parse_groups(left, head, false) || !parse_groups(right, tail, true)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  } else {
    if (!parse_groups(text, head, true) || head.size() != 8) return std::nullopt;
  }
  IpBytes out{};
  size_t g = 0;
  for (uint16_t v : head) {
    out[2 * g] = static_cast<uint8_t>(v >> 8);
    out[2 * g + 1] = static_cast<uint8_t>(v);
    ++g;
  }
  g = 8 - tail.size();
  for (uint16_t v : tail) {
    out[2 * g] = static_cast<uint8_t>(v >> 8);
    out[2 * g + 1] = static_cast<uint8_t>(v);
    ++g;
  }
  return out;
}

bool is_v4_mapped(const IpBytes& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xff && b[11] == 0xff;
}

}  // namespace

std::optional<IpBytes> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (text.find(':') == std::string_view::npos) {
    auto v4 = parse_ipv4(text);
    if (!v4) return std::nullopt;
    IpBytes out{};
    out[10] = 0xff;
    out[11] = 0xff;
    for (int i = 0; i < 4; ++i) out[12 + i] = (*v4)[i];
    return out;
  }
  return parse_ipv6(text);
}

std::string format_ip(const IpBytes& b) {
  char buf[64];
  if (is_v4_mapped(b)) {
    std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    return buf;
  }
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>((b[2 * i] << 8) | b[2 * i + 1]);
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on ties.
  int best_start = -1;
  int best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof(buf), "%x", groups[i]);
    out += buf;
  }
  return out;
}

}  // namespace pharos::mapping
