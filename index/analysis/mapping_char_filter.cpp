#include "index/analysis/mapping_char_filter.h"

#include <re2/re2.h>

#include <algorithm>

#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

bool hex_value(char c, int& v) {
  if (c >= '0' && c <= '9') v = c - '0';
  else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  else return false;
  return true;
}

// Unescapes a rule side the way OpenSearch's MappingCharFilterFactory does.
bool unescape(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case '\\': out.push_back('\\'); break;
      case '"': out.push_back('"'); break;
      case '\'': out.push_back('\''); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        char32_t cp = 0;
        for (size_t k = 1; k <= 4; ++k) {
          int v = 0;
          if (i + k >= s.size() || !hex_value(s[i + k], v)) return false;
          cp = cp * 16 + static_cast<char32_t>(v);
        }
        append_utf8(out, cp);
        i += 4;
        break;
      }
      default: return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::shared_ptr<const MappingCharFilter>> MappingCharFilter::create(const std::vector<std::string>& rules) {
  std::shared_ptr<MappingCharFilter> filter(new MappingCharFilter());
  for (const auto& rule : rules) {
    const size_t arrow = rule.find("=>");
    std::string key, value;
    if (arrow == std::string::npos || !unescape(trim(std::string_view(rule).substr(0, arrow)), key) || key.empty() ||
        !unescape(trim(std::string_view(rule).substr(arrow + 2)), value)) {
      return Status(ErrorKind::invalid_argument, "Invalid Mapping Rule : [" + rule + "]");
    }
    auto& bucket = filter->rules_[static_cast<unsigned char>(key[0])];
    auto existing = std::find_if(bucket.begin(), bucket.end(), [&](const auto& r) { return r.first == key; });
    if (existing != bucket.end()) {
      existing->second = std::move(value);  // a later rule for the same key wins
    } else {
      bucket.emplace_back(std::move(key), std::move(value));
    }
  }
  for (auto& bucket : filter->rules_) {
    std::stable_sort(bucket.begin(), bucket.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
  return std::shared_ptr<const MappingCharFilter>(std::move(filter));
}

void MappingCharFilter::filter(std::string_view in, FilteredText& out) const {
  out.clear();
  out.text.reserve(in.size());
  size_t copy_from = 0;
  for (size_t pos = 0; pos < in.size();) {
    const auto& bucket = rules_[static_cast<unsigned char>(in[pos])];
    const std::pair<std::string, std::string>* hit = nullptr;
    for (const auto& rule : bucket) {
      if (in.compare(pos, rule.first.size(), rule.first) == 0) {
        hit = &rule;
        break;
      }
    }
    if (hit == nullptr) {
      // Step a whole character so a key never matches inside a multi-byte sequence.
      pos += decode_utf8(in, pos).length;
      continue;
    }
    if (pos > copy_from) out.append_copy(in.substr(copy_from, pos - copy_from), static_cast<uint32_t>(copy_from));
    const size_t end = pos + hit->first.size();
    out.append_replacement(hit->second, static_cast<uint32_t>(pos), static_cast<uint32_t>(end));
    pos = copy_from = end;
  }
  if (in.size() > copy_from) out.append_copy(in.substr(copy_from), static_cast<uint32_t>(copy_from));
  out.finish(static_cast<uint32_t>(in.size()));
}

namespace {

// Expands a Java replacement string ($n group references, \x escapes) for one match.
void expand_replacement(std::string_view replacement, const std::vector<re2::StringPiece>& groups, std::string& out) {
  out.clear();
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c == '\\' && i + 1 < replacement.size()) {
      out.push_back(replacement[++i]);
    } else if (c == '$' && i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9') {
      size_t g = static_cast<size_t>(replacement[++i] - '0');
      // Java takes more digits only while the group number stays valid.
      while (i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9' &&
             g * 10 + static_cast<size_t>(replacement[i + 1] - '0') < groups.size()) {
        g = g * 10 + static_cast<size_t>(replacement[++i] - '0');
      }
      if (g < groups.size() && groups[g].data() != nullptr) out.append(groups[g].data(), groups[g].size());
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

void PatternReplaceCharFilter::filter(std::string_view in, FilteredText& out) const {
  out.clear();
  const int ngroups = 1 + regex_->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(static_cast<size_t>(ngroups));
  const re2::StringPiece input(in.data(), in.size());
  std::string replacement;
  size_t copy_from = 0, search = 0;
  while (search <= in.size() &&
         regex_->Match(input, search, in.size(), re2::RE2::UNANCHORED, groups.data(), ngroups)) {
    const size_t m_start = static_cast<size_t>(groups[0].data() - in.data());
    const size_t m_end = m_start + groups[0].size();
    if (m_start > copy_from) out.append_copy(in.substr(copy_from, m_start - copy_from), static_cast<uint32_t>(copy_from));
    expand_replacement(replacement_, groups, replacement);
    out.append_replacement(replacement, static_cast<uint32_t>(m_start), static_cast<uint32_t>(m_end));
    copy_from = m_end;
    if (m_end == m_start) {
      if (m_end >= in.size()) break;
      // Empty match: copy one character and search after it (Java's replaceAll does the same).
      const uint32_t len = decode_utf8(in, m_end).length;
      out.append_copy(in.substr(m_end, len), static_cast<uint32_t>(m_end));
      copy_from = search = m_end + len;
    } else {
      search = m_end;
    }
  }
  if (in.size() > copy_from) out.append_copy(in.substr(copy_from), static_cast<uint32_t>(copy_from));
  out.finish(static_cast<uint32_t>(in.size()));
}

}  // namespace pharos::analysis
