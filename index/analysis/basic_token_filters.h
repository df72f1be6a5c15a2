// Small token filters that rewrite or drop single tokens: lowercase, uppercase, trim,
// length, truncate, limit, unique, reverse, english_possessive, apostrophe, fingerprint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

// Removes tokens matching `drop`; each removed token's increment moves to the next survivor
// (when `keep_gaps`), which is how Lucene's FilteringTokenFilter leaves position holes.
void remove_tokens_if(TokenList& tokens, const std::function<bool(const StreamToken&)>& drop, bool keep_gaps);

// Applies a term rewrite to every token (lowercase, uppercase, trim, reverse, ...).
class TermRewriteFilter final : public TokenFilter {
 public:
  using Rewrite = std::function<void(std::string& term)>;
  explicit TermRewriteFilter(Rewrite rewrite) : rewrite_(std::move(rewrite)) {}
  void apply(TokenList& tokens) const override;

  static TermRewriteFilter lowercase();
  static TermRewriteFilter uppercase();
  static TermRewriteFilter trim();
  static TermRewriteFilter reverse();
  static TermRewriteFilter truncate(uint32_t length);
  static TermRewriteFilter english_possessive();
  static TermRewriteFilter apostrophe();

 private:
  Rewrite rewrite_;
};

// Keeps tokens whose length in code points lies in [min, max].
class LengthFilter final : public TokenFilter {
 public:
  LengthFilter(uint32_t min, uint32_t max) : min_(min), max_(max) {}
  void apply(TokenList& tokens) const override;

 private:
  uint32_t min_, max_;
};

// Keeps the first `max_tokens` tokens.
class LimitFilter final : public TokenFilter {
 public:
  explicit LimitFilter(uint32_t max_tokens) : max_tokens_(max_tokens) {}
  void apply(TokenList& tokens) const override;

 private:
  uint32_t max_tokens_;
};

// Drops repeated terms (anywhere, or only at the same position).
class UniqueFilter final : public TokenFilter {
 public:
  explicit UniqueFilter(bool only_on_same_position) : only_on_same_position_(only_on_same_position) {}
  void apply(TokenList& tokens) const override;

 private:
  bool only_on_same_position_;
};

// Sorts, dedups and joins all terms into one token (the fingerprint analyzer's last step).
class FingerprintFilter final : public TokenFilter {
 public:
  FingerprintFilter(std::string separator, uint32_t max_output_size)
      : separator_(std::move(separator)), max_output_size_(max_output_size) {}
  void apply(TokenList& tokens) const override;

 private:
  std::string separator_;
  uint32_t max_output_size_;
};

}  // namespace pharos::analysis
