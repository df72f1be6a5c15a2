// Tokenizers that emit maximal runs of "token characters" (Lucene's CharTokenizer family):
// whitespace, letter, lowercase and char_group; plus the keyword tokenizer (whole input).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

class CharRunTokenizer final : public Tokenizer {
 public:
  static constexpr uint32_t kDefaultMaxTokenLength = 255;
  // `is_token_char(cp, inside_token)`: whether cp belongs to a token.
  using Predicate = std::function<bool(char32_t, bool)>;

  CharRunTokenizer(Predicate is_token_char, bool lowercase, uint32_t max_token_length = kDefaultMaxTokenLength)
      : is_token_char_(std::move(is_token_char)),
        lowercase_(lowercase),
        max_token_length_(max_token_length == 0 ? 1 : max_token_length) {}

  static CharRunTokenizer whitespace(uint32_t max_token_length = kDefaultMaxTokenLength);
  static CharRunTokenizer letter(bool lowercase = false);

  void tokenize(std::string_view text, TokenList& out) const override;

 private:
  Predicate is_token_char_;
  bool lowercase_;
  uint32_t max_token_length_;
};

class KeywordTokenizer final : public Tokenizer {
 public:
  // Empty input yields no token (Lucene would emit one empty term; _analyze users see none).
  void tokenize(std::string_view text, TokenList& out) const override;
};

}  // namespace pharos::analysis
