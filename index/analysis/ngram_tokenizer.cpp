#include "index/analysis/ngram_tokenizer.h"

#include <algorithm>

#include "index/analysis/char_class.h"
#include "index/analysis/char_run_tokenizer.h"
#include "index/analysis/utf8.h"

namespace pharos::analysis {

bool CharClassSet::contains(char32_t cp) const {
  if (!custom.empty() && custom.find(cp) != std::u32string::npos) return true;
  switch (char_kind(cp)) {
    case CharKind::whitespace: case CharKind::separator: return whitespace;
    case CharKind::digit: return digit;
    case CharKind::punctuation: return punctuation;
    case CharKind::symbol: case CharKind::emoji: return symbol;
    case CharKind::control: return false;
    default: return letter;  // letters of every script, and combining marks with them
  }
}

bool CharClassSet::add_class(const std::string& name) {
  if (name == "letter") return letter = true;
  if (name == "digit") return digit = true;
  if (name == "whitespace") return whitespace = true;
  if (name == "punctuation") return punctuation = true;
  if (name == "symbol") return symbol = true;
  return false;
}

Status add_char_group_entry(const std::string& entry, CharClassSet& set) {
  if (set.add_class(entry)) return Status::ok();
  if (entry.size() == 2 && entry[0] == '\\') {
    switch (entry[1]) {
      case 'n': set.custom.push_back('\n'); return Status::ok();
      case 't': set.custom.push_back('\t'); return Status::ok();
      case 'r': set.custom.push_back('\r'); return Status::ok();
      case 'f': set.custom.push_back('\f'); return Status::ok();
      case '\\': set.custom.push_back('\\'); return Status::ok();
      default: break;
    }
  }
  if (entry.size() == 6 && entry[0] == '\\' && entry[1] == 'u') {
    char32_t cp = 0;
    for (size_t i = 2; i < 6; ++i) {
      const char c = entry[i];
      const int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (v < 0) return Status(ErrorKind::invalid_argument, "Invalid escaped char in [" + entry + "]");
      cp = cp * 16 + static_cast<char32_t>(v);
    }
    set.custom.push_back(cp);
    return Status::ok();
  }
  if (!entry.empty()) {
    const DecodedChar d = decode_utf8(entry, 0);
    if (d.length == entry.size()) {
      set.custom.push_back(d.cp);
      return Status::ok();
    }
  }
  return Status(ErrorKind::invalid_argument, "Invalid escaped char in [" + entry + "]");
}

void NGramTokenizer::emit_run(std::string_view text, const std::vector<uint32_t>& starts, uint32_t run_end,
                              TokenList& out) const {
  // starts[i] is the byte offset of the run's i-th code point; run_end closes the last one.
  const size_t n = starts.size();
  auto offset = [&](size_t i) { return i < n ? starts[i] : run_end; };
  const size_t last_start = edges_only_ ? std::min<size_t>(n, 1) : n;
  for (size_t i = 0; i < last_start; ++i) {
    for (size_t len = min_gram_; len <= max_gram_ && i + len <= n; ++len) {
      StreamToken token;
      token.start_offset = offset(i);
      token.end_offset = offset(i + len);
      token.term.assign(text.substr(token.start_offset, token.end_offset - token.start_offset));
      out.push_back(std::move(token));
    }
  }
}

void NGramTokenizer::tokenize(std::string_view text, TokenList& out) const {
  const bool all_chars = !token_chars_.any();
  std::vector<uint32_t> starts;
  for (size_t pos = 0; pos < text.size();) {
    const DecodedChar d = decode_utf8(text, pos);
    if (all_chars || token_chars_.contains(d.cp)) {
      starts.push_back(static_cast<uint32_t>(pos));
    } else if (!starts.empty()) {
      emit_run(text, starts, static_cast<uint32_t>(pos), out);
      starts.clear();
    }
    pos += d.length;
  }
  if (!starts.empty()) emit_run(text, starts, static_cast<uint32_t>(text.size()), out);
}

void CharGroupTokenizer::tokenize(std::string_view text, TokenList& out) const {
  CharRunTokenizer runs([this](char32_t cp, bool) { return !split_on_.contains(cp); }, false, max_token_length_);
  runs.tokenize(text, out);
}

}  // namespace pharos::analysis
