// The pipeline pieces behind Analyzer: char filters rewrite the text, a tokenizer cuts it,
// token filters rewrite the token list. Tokens carry position *increments* (as Lucene's
// PositionIncrementAttribute) so filters can drop or stack tokens; the analyzer turns them
// into absolute positions at the end. All components are immutable and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pharos::analysis {

struct StreamToken {
  std::string term;
  uint32_t start_offset = 0;  // byte offsets into the tokenizer's input text
  uint32_t end_offset = 0;
  uint32_t position_increment = 1;  // 0 = same position as the previous token
  std::string type = "word";
};

using TokenList = std::vector<StreamToken>;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // Appends the tokens of `text`; offsets are relative to `text`.
  virtual void tokenize(std::string_view text, TokenList& out) const = 0;
};

class TokenFilter {
 public:
  virtual ~TokenFilter() = default;
  // Rewrites `tokens` in place. A filter that removes a token adds its increment to the
  // next surviving token, so removals leave position gaps as in Lucene.
  virtual void apply(TokenList& tokens) const = 0;
};

// Text after a char filter plus where each output byte came from in the filter's input:
// byte i was produced by input bytes [start_of[i], end_of[i]). start_of has one extra entry
// (the input size) so an empty token at the end still maps. Replacements map every output
// byte to the whole replaced span, so token offsets cover what the user actually wrote.
struct FilteredText {
  std::string text;
  std::vector<uint32_t> start_of;
  std::vector<uint32_t> end_of;

  // Appends bytes copied verbatim from input offset `src`.
  void append_copy(std::string_view piece, uint32_t src);
  // Appends a replacement for the input span [src_start, src_end).
  void append_replacement(std::string_view piece, uint32_t src_start, uint32_t src_end);
  // Closes the map; must be called once after the last append.
  void finish(uint32_t input_size);
  void clear();
};

class CharFilter {
 public:
  virtual ~CharFilter() = default;
  virtual void filter(std::string_view input, FilteredText& out) const = 0;
};

}  // namespace pharos::analysis
