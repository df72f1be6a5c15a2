// The stop token filter: drops listed words, leaving position gaps (Lucene StopFilter).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "index/analysis/token_stream.h"

namespace pharos::analysis {

// Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (the `_english_` list).
const std::vector<std::string>& english_stop_words();

class StopFilter final : public TokenFilter {
 public:
  // `ignore_case` compares lowercased terms; `remove_trailing` false keeps a stopword that is
  // the last token (useful for search-as-you-type).
  StopFilter(const std::vector<std::string>& words, bool ignore_case, bool remove_trailing = true);
  void apply(TokenList& tokens) const override;

 private:
  bool is_stop(const std::string& term) const;

  std::unordered_set<std::string> words_;
  bool ignore_case_;
  bool remove_trailing_;
};

}  // namespace pharos::analysis
