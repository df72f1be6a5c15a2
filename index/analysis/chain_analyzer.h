// The one Analyzer implementation: char filters → tokenizer → token filters, then position
// increments become absolute positions and offsets are mapped back to the original text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/analysis/analyzer.h"
#include "index/analysis/token_stream.h"

namespace pharos::analysis {

class ChainAnalyzer final : public Analyzer {
 public:
  ChainAnalyzer(std::string name, std::vector<std::shared_ptr<const CharFilter>> char_filters,
                std::shared_ptr<const Tokenizer> tokenizer, std::vector<std::shared_ptr<const TokenFilter>> filters,
                uint32_t position_increment_gap = 100);

  void analyze(std::string_view text, std::vector<Token>& out, uint32_t first_position = 0) const override;

 private:
  // Runs the char filters; returns false (and leaves `filtered` empty) when there are none.
  bool run_char_filters(std::string_view text, FilteredText& filtered) const;

  std::vector<std::shared_ptr<const CharFilter>> char_filters_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  std::vector<std::shared_ptr<const TokenFilter>> filters_;
};

}  // namespace pharos::analysis
