#include "index/analysis/token_stream.h"

namespace pharos::analysis {

void FilteredText::append_copy(std::string_view piece, uint32_t src) {
  text.append(piece);
  for (uint32_t i = 0; i < piece.size(); ++i) {
    start_of.push_back(src + i);
    end_of.push_back(src + i + 1);
  }
}

void FilteredText::append_replacement(std::string_view piece, uint32_t src_start, uint32_t src_end) {
  text.append(piece);
  start_of.insert(start_of.end(), piece.size(), src_start);
  end_of.insert(end_of.end(), piece.size(), src_end);
}

void FilteredText::finish(uint32_t input_size) { start_of.push_back(input_size); }

void FilteredText::clear() {
  text.clear();
  start_of.clear();
  end_of.clear();
}

}  // namespace pharos::analysis
