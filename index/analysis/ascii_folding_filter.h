// asciifolding: folds accented Latin letters, ligatures and typographic punctuation to ASCII
// ("café" → "cafe", "Æsir" → "AEsir", "“x”" → "\"x\""), as Lucene's ASCIIFoldingFilter.
#pragma once

#include <string>
#include <string_view>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

// ASCII replacement for one code point, or nullptr when it has none.
const char* ascii_fold(char32_t cp);
// Folds a whole term into `out`; returns whether anything changed.
bool ascii_fold_term(std::string_view term, std::string& out);

class AsciiFoldingFilter final : public TokenFilter {
 public:
  explicit AsciiFoldingFilter(bool preserve_original) : preserve_original_(preserve_original) {}
  void apply(TokenList& tokens) const override;

 private:
  bool preserve_original_;
};

}  // namespace pharos::analysis
