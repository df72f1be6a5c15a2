#include "index/analysis/basic_token_filters.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "index/analysis/case_mapping.h"
#include "index/analysis/char_class.h"
#include "index/analysis/utf8.h"

namespace pharos::analysis {

void remove_tokens_if(TokenList& tokens, const std::function<bool(const StreamToken&)>& drop, bool keep_gaps) {
  size_t kept = 0;
  uint32_t pending = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (drop(tokens[i])) {
      if (keep_gaps) pending += tokens[i].position_increment;
      continue;
    }
    tokens[i].position_increment += pending;
    pending = 0;
    if (kept != i) tokens[kept] = std::move(tokens[i]);
    ++kept;
  }
  tokens.resize(kept);
}

void TermRewriteFilter::apply(TokenList& tokens) const {
  for (auto& token : tokens) rewrite_(token.term);
}

TermRewriteFilter TermRewriteFilter::lowercase() {
  return TermRewriteFilter([](std::string& term) {
    std::string out;
    lowercase_utf8(term, out);
    term.swap(out);
  });
}

TermRewriteFilter TermRewriteFilter::uppercase() {
  return TermRewriteFilter([](std::string& term) {
    std::string out;
    uppercase_utf8(term, out);
    term.swap(out);
  });
}

TermRewriteFilter TermRewriteFilter::trim() {
  return TermRewriteFilter([](std::string& term) {
    size_t begin = 0, end = term.size();
    while (begin < end) {
      const DecodedChar d = decode_utf8(term, begin);
      if (!is_whitespace(d.cp)) break;
      begin += d.length;
    }
    // Whitespace we trim from the end is ASCII or a multi-byte space; walk back by char starts.
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(term[start]) & 0xC0) == 0x80) --start;
      const DecodedChar d = decode_utf8(term, start);
      if (start + d.length != end || !is_whitespace(d.cp)) break;
      end = start;
    }
    term = term.substr(begin, end - begin);
  });
}

TermRewriteFilter TermRewriteFilter::reverse() {
  return TermRewriteFilter([](std::string& term) {
    std::vector<char32_t> cps;
    for (size_t pos = 0; pos < term.size();) {
      const DecodedChar d = decode_utf8(term, pos);
      cps.push_back(d.cp);
      pos += d.length;
    }
    std::string out;
    out.reserve(term.size());
    for (auto it = cps.rbegin(); it != cps.rend(); ++it) append_utf8(out, *it);
    term.swap(out);
  });
}

TermRewriteFilter TermRewriteFilter::truncate(uint32_t length) {
  return TermRewriteFilter([length](std::string& term) {
    size_t pos = 0;
    for (uint32_t n = 0; n < length && pos < term.size(); ++n) pos += decode_utf8(term, pos).length;
    term.resize(pos);
  });
}

namespace {

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0xFF07; }

// Finds the byte offset of the apostrophe that starts the final two-char suffix, if any.
bool ends_with_possessive(const std::string& term, size_t& cut) {
  if (term.size() < 2) return false;
  const char last = term.back();
  if (last != 's' && last != 'S') return false;
  const size_t before_s = term.size() - 1;
  for (size_t len = 1; len <= 3 && len <= before_s; ++len) {
    const size_t start = before_s - len;
    const DecodedChar d = decode_utf8(term, start);
    if (d.length == len && is_apostrophe(d.cp)) {
      cut = start;
      return true;
    }
  }
  return false;
}

}  // namespace

TermRewriteFilter TermRewriteFilter::english_possessive() {
  return TermRewriteFilter([](std::string& term) {
    size_t cut = 0;
    if (ends_with_possessive(term, cut)) term.resize(cut);
  });
}

TermRewriteFilter TermRewriteFilter::apostrophe() {
  // Turkish-style: drop the apostrophe and everything after it.
  return TermRewriteFilter([](std::string& term) {
    for (size_t pos = 0; pos < term.size();) {
      const DecodedChar d = decode_utf8(term, pos);
      if (d.cp == '\'' || d.cp == 0x2019) {
        term.resize(pos);
        return;
      }
      pos += d.length;
    }
  });
}

void LengthFilter::apply(TokenList& tokens) const {
  remove_tokens_if(
      tokens,
      [this](const StreamToken& t) {
        const size_t n = count_code_points(t.term);
        return n < min_ || n > max_;
      },
      true);
}

void LimitFilter::apply(TokenList& tokens) const {
  if (tokens.size() > max_tokens_) tokens.resize(max_tokens_);
}

void UniqueFilter::apply(TokenList& tokens) const {
  if (!only_on_same_position_) {
    std::unordered_set<std::string> seen;
    remove_tokens_if(tokens, [&seen](const StreamToken& t) { return !seen.insert(t.term).second; }, false);
    return;
  }
  std::unordered_set<std::string> at_position;
  bool first = true;
  remove_tokens_if(
      tokens,
      [&](const StreamToken& t) {
        if (first || t.position_increment > 0) at_position.clear();
        first = false;
        return !at_position.insert(t.term).second;
      },
      false);
}

void FingerprintFilter::apply(TokenList& tokens) const {
  if (tokens.empty()) return;
  std::set<std::string> terms;
  uint32_t start = tokens.front().start_offset, end = tokens.front().end_offset;
  for (const auto& t : tokens) {
    terms.insert(t.term);
    start = std::min(start, t.start_offset);
    end = std::max(end, t.end_offset);
  }
  std::string joined;
  for (const auto& term : terms) {
    if (!joined.empty()) joined += separator_;
    joined += term;
  }
  tokens.clear();
  // Like Lucene, an over-long fingerprint produces no token at all.
  if (count_code_points(joined) > max_output_size_) return;
  StreamToken token;
  token.term = std::move(joined);
  token.start_offset = start;
  token.end_offset = end;
  token.type = "fingerprint";
  tokens.push_back(std::move(token));
}

}  // namespace pharos::analysis
