// Lucene's StandardTokenizer: word boundaries after UAX #29 (letters/digits joined across
// internal apostrophes, periods and colons between letters, "3.14" / "1,000" as one <NUM>),
// one token per ideograph / hiragana char, runs of katakana, hangul and South-East Asian
// script, emoji as <EMOJI>. Tokens longer than max_token_length code points are split.
#pragma once

#include <cstdint>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

class StandardTokenizer final : public Tokenizer {
 public:
  static constexpr uint32_t kDefaultMaxTokenLength = 255;
  explicit StandardTokenizer(uint32_t max_token_length = kDefaultMaxTokenLength)
      : max_token_length_(max_token_length == 0 ? 1 : max_token_length) {}
  void tokenize(std::string_view text, TokenList& out) const override;

 private:
  uint32_t max_token_length_;
};

}  // namespace pharos::analysis
