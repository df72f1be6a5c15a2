// The pattern tokenizer: splits on regex matches (group -1) or emits a capture group of each
// match (group >= 0), as Lucene's PatternTokenizer. Empty tokens are never emitted.
#pragma once

#include <memory>

#include "index/analysis/token_stream.h"

namespace re2 {
class RE2;
}

namespace pharos::analysis {

class PatternTokenizer final : public Tokenizer {
 public:
  PatternTokenizer(std::shared_ptr<const re2::RE2> regex, int group) : regex_(std::move(regex)), group_(group) {}
  void tokenize(std::string_view text, TokenList& out) const override;

 private:
  std::shared_ptr<const re2::RE2> regex_;
  int group_;
};

}  // namespace pharos::analysis
