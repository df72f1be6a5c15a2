#include "index/analysis/chain_analyzer.h"

#include <algorithm>
#include <limits>

#include "index/analysis/utf8.h"

namespace pharos::analysis {

ChainAnalyzer::ChainAnalyzer(std::string name, std::vector<std::shared_ptr<const CharFilter>> char_filters,
                             std::shared_ptr<const Tokenizer> tokenizer,
                             std::vector<std::shared_ptr<const TokenFilter>> filters,
                             uint32_t position_increment_gap)
    : Analyzer(std::move(name), position_increment_gap),
      char_filters_(std::move(char_filters)),
      tokenizer_(std::move(tokenizer)),
      filters_(std::move(filters)) {}

bool ChainAnalyzer::run_char_filters(std::string_view text, FilteredText& filtered) const {
  if (char_filters_.empty()) return false;
  char_filters_.front()->filter(text, filtered);
  FilteredText next;
  for (size_t i = 1; i < char_filters_.size(); ++i) {
    next.clear();
    char_filters_[i]->filter(filtered.text, next);
    // Compose: next maps into filtered.text, which maps into the original text.
    for (size_t b = 0; b < next.end_of.size(); ++b) {
      const uint32_t end = next.end_of[b];
      next.end_of[b] = end > 0 ? filtered.end_of[end - 1] : filtered.start_of[0];
      next.start_of[b] = filtered.start_of[next.start_of[b]];
    }
    next.start_of.back() = filtered.start_of[std::min<size_t>(next.start_of.back(), filtered.text.size())];
    std::swap(filtered, next);
  }
  return true;
}

void ChainAnalyzer::analyze(std::string_view text, std::vector<Token>& out, uint32_t first_position) const {
  // Offsets are 32-bit; a field value over 4 GiB is analysed only up to that limit.
  if (text.size() > std::numeric_limits<uint32_t>::max() - 1) text = text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  FilteredText filtered;
  const bool mapped = run_char_filters(text, filtered);
  const std::string_view input = mapped ? std::string_view(filtered.text) : text;

  TokenList tokens;
  tokenizer_->tokenize(input, tokens);
  for (const auto& filter : filters_) filter->apply(tokens);

  uint64_t position = first_position;
  bool first = true;
  out.reserve(out.size() + tokens.size());
  for (auto& st : tokens) {
    if (first) {
      first = false;
      if (st.position_increment > 0) position += st.position_increment - 1;
    } else {
      position += st.position_increment;
    }
    Token token;
    token.term = std::move(st.term);
    sanitize_utf8(token.term);
    token.position = static_cast<uint32_t>(std::min<uint64_t>(position, std::numeric_limits<uint32_t>::max()));
    uint32_t start = std::min<uint32_t>(st.start_offset, static_cast<uint32_t>(input.size()));
    uint32_t end = std::clamp<uint32_t>(st.end_offset, start, static_cast<uint32_t>(input.size()));
    if (mapped) {
      const uint32_t mapped_start = filtered.start_of[start];
      end = end > start ? filtered.end_of[end - 1] : mapped_start;
      start = mapped_start;
    }
    token.start_offset = start;
    token.end_offset = std::max(start, end);
    token.type = std::move(st.type);
    out.push_back(std::move(token));
  }
}

}  // namespace pharos::analysis
