#include "index/search/multi_term_expansion.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>

namespace pharos::search {

std::string wildcard_to_regex(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      out += "(?s:.*)";
    } else if (c == '?') {
      out += "(?s:.)";
    } else if (c == '\\' && i + 1 < pattern.size()) {
      out += RE2::QuoteMeta(std::string(1, pattern[++i]));
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out;
}

namespace {

// Literal prefix of a wildcard pattern: where the term scan can start.
std::string wildcard_literal_prefix(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' || c == '?') break;
    if (c == '\\' && i + 1 < pattern.size()) c = pattern[++i];
    out.push_back(c);
  }
  return out;
}

bool in_range(std::string_view term, const QueryNode& n) {
  if (n.term_lower) {
    int c = term.compare(*n.term_lower);
    if (c < 0 || (c == 0 && !n.include_lower)) return false;
  }
  if (n.term_upper) {
    int c = term.compare(*n.term_upper);
    if (c > 0 || (c == 0 && !n.include_upper)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<std::string>> expand_pattern_terms(const segment::Segment& segment,
                                                      const QueryNode& node) {
  std::vector<std::string> out;
  std::unique_ptr<segment::TermsEnum> terms = segment.terms(node.field);
  if (!terms) return out;
  std::string start;
  std::unique_ptr<RE2> re;
  bool literal_prefix_only = false;
  if (node.kind == QueryKind::prefix && !node.case_insensitive) {
    start = node.pattern;
    literal_prefix_only = true;
  } else if (node.kind == QueryKind::term_range) {
    start = node.term_lower.value_or("");
  } else {
    std::string regex = node.kind == QueryKind::prefix     ? RE2::QuoteMeta(node.pattern) + "(?s:.*)"
                        : node.kind == QueryKind::wildcard ? wildcard_to_regex(node.pattern)
                                                           : node.pattern;
    RE2::Options opts;
    opts.set_case_sensitive(!node.case_insensitive);
    opts.set_log_errors(false);
    opts.set_dot_nl(true);
    re = std::make_unique<RE2>(regex, opts);
    if (!re->ok())
      return Status(ErrorKind::invalid_argument,
                    "invalid regular expression [" + node.pattern + "]: " + re->error());
    if (node.kind == QueryKind::wildcard && !node.case_insensitive)
      start = wildcard_literal_prefix(node.pattern);
  }
  bool ok = terms->seek_ceil(start);
  for (; ok; ok = terms->next()) {
    std::string_view t = terms->term();
    if (literal_prefix_only) {
      if (!t.starts_with(start)) break;
      out.emplace_back(t);
    } else if (node.kind == QueryKind::term_range) {
      if (node.term_upper && t.compare(*node.term_upper) > 0) break;
      if (in_range(t, node)) out.emplace_back(t);
    } else {
      if (!start.empty() && !t.starts_with(start)) break;
      if (RE2::FullMatch(re2::StringPiece(t.data(), t.size()), *re)) out.emplace_back(t);
    }
  }
  return out;
}

std::u32string utf8_to_code_points(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

uint32_t edit_distance(const std::u32string& a, const std::u32string& b, bool transpositions) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> d(n + 1, std::vector<uint32_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<uint32_t>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<uint32_t>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      uint32_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::vector<FuzzyTerm> expand_fuzzy_terms(const segment::Segment& segment, const QueryNode& node) {
  std::vector<FuzzyTerm> out;
  if (node.terms.empty()) return out;
  std::unique_ptr<segment::TermsEnum> terms = segment.terms(node.field);
  if (!terms) return out;
  const std::u32string query = utf8_to_code_points(node.terms[0]);
  // The byte prefix covering the first prefix_length code points.
  std::string prefix;
  {
    std::u32string seen;
    size_t i = 0;
    const std::string& q = node.terms[0];
    while (i < q.size() && seen.size() < node.prefix_length) {
      size_t j = i + 1;
      while (j < q.size() && (static_cast<unsigned char>(q[j]) & 0xC0) == 0x80) ++j;
      seen.push_back(0);
      i = j;
    }
    prefix = q.substr(0, i);
  }
  uint32_t max_edits = std::min<uint32_t>(node.max_edits, 2);
  for (bool ok = terms->seek_ceil(prefix); ok; ok = terms->next()) {
    std::string_view t = terms->term();
    if (!t.starts_with(prefix)) break;
    std::u32string cand = utf8_to_code_points(std::string(t));
    size_t diff = cand.size() > query.size() ? cand.size() - query.size() : query.size() - cand.size();
    if (diff > max_edits) continue;
    uint32_t ed = edit_distance(query, cand, node.transpositions);
    if (ed > max_edits) continue;
    size_t min_len = std::min(cand.size(), query.size());
    float boost =
        min_len == 0 ? (ed == 0 ? 1.0f : 0.0f) : 1.0f - static_cast<float>(ed) / static_cast<float>(min_len);
    out.push_back({std::string(t), boost});
  }
  return out;
}

}  // namespace pharos::search
