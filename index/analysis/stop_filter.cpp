#include "index/analysis/stop_filter.h"

#include "index/analysis/basic_token_filters.h"
#include "index/analysis/case_mapping.h"

namespace pharos::analysis {

const std::vector<std::string>& english_stop_words() {
  static const std::vector<std::string> kWords = {
      "a",    "an",   "and",  "are",   "as",   "at",    "be",    "but",  "by",   "for", "if",
      "in",   "into", "is",   "it",    "no",   "not",   "of",    "on",   "or",   "such", "that",
      "the",  "their", "then", "there", "these", "they", "this",  "to",   "was",  "will", "with"};
  return kWords;
}

StopFilter::StopFilter(const std::vector<std::string>& words, bool ignore_case, bool remove_trailing)
    : ignore_case_(ignore_case), remove_trailing_(remove_trailing) {
  for (const auto& w : words) {
    if (ignore_case_) {
      std::string lower;
      lowercase_utf8(w, lower);
      words_.insert(std::move(lower));
    } else {
      words_.insert(w);
    }
  }
}

bool StopFilter::is_stop(const std::string& term) const {
  if (!ignore_case_) return words_.count(term) > 0;
  std::string lower;
  lowercase_utf8(term, lower);
  return words_.count(lower) > 0;
}

void StopFilter::apply(TokenList& tokens) const {
  const StreamToken* last = tokens.empty() ? nullptr : &tokens.back();
  remove_tokens_if(
      tokens,
      [this, last](const StreamToken& t) { return (remove_trailing_ || &t != last) && is_stop(t.term); },
      true);
}

}  // namespace pharos::analysis
