// ngram and edge_ngram tokenizers (Lucene NGramTokenizer / EdgeNGramTokenizer): the text is
// cut into runs of `token_chars` (all characters when none are given), then every gram of
// min_gram..max_gram code points is emitted, ordered by start then length; edge grams only
// start at the beginning of a run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/analysis/token_stream.h"
#include "index/base/status.h"

namespace pharos::analysis {

// Which character classes belong to tokens (ngram `token_chars`, char_group splits).
struct CharClassSet {
  bool letter = false, digit = false, whitespace = false, punctuation = false, symbol = false;
  std::u32string custom;
  bool any() const { return letter || digit || whitespace || punctuation || symbol || !custom.empty(); }
  bool contains(char32_t cp) const;
  // Adds a class name (letter, digit, whitespace, punctuation, symbol); false if unknown.
  bool add_class(const std::string& name);
};

class NGramTokenizer final : public Tokenizer {
 public:
  NGramTokenizer(uint32_t min_gram, uint32_t max_gram, CharClassSet token_chars, bool edges_only)
      : min_gram_(min_gram), max_gram_(max_gram), token_chars_(std::move(token_chars)), edges_only_(edges_only) {}
  void tokenize(std::string_view text, TokenList& out) const override;

 private:
  void emit_run(std::string_view text, const std::vector<uint32_t>& starts, uint32_t run_end, TokenList& out) const;

  uint32_t min_gram_, max_gram_;
  CharClassSet token_chars_;
  bool edges_only_;
};

// char_group: splits on the listed characters / classes (tokenize_on_chars).
class CharGroupTokenizer final : public Tokenizer {
 public:
  CharGroupTokenizer(CharClassSet split_on, uint32_t max_token_length)
      : split_on_(std::move(split_on)), max_token_length_(max_token_length == 0 ? 1 : max_token_length) {}
  void tokenize(std::string_view text, TokenList& out) const override;

 private:
  CharClassSet split_on_;
  uint32_t max_token_length_;
};

// Parses one `tokenize_on_chars` / `custom_token_chars` entry: a class name, a single
// character, or an escape (\n, \t, \r, \f, \\, \uXXXX).
Status add_char_group_entry(const std::string& entry, CharClassSet& set);

}  // namespace pharos::analysis
