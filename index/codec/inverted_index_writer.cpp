#include "index/codec/inverted_index_writer.h"

#include <algorithm>
#include <bit>

namespace pharos::codec {

InvertedIndexWriter::InvertedIndexWriter(std::string_view segment, uint32_t max_doc)
    : max_doc_(max_doc), terms_(segment), postings_(segment) {}

void InvertedIndexWriter::start_field(std::string_view name, bool with_positions, const uint8_t* norms) {
  with_positions_ = with_positions;
  norms_ = norms;
  stats_ = InvertedFieldStats{};
  seen_docs_.assign((max_doc_ + 63) / 64, 0);
  terms_.start_field(name, with_positions, norms != nullptr);
}

void InvertedIndexWriter::add_term(std::string_view term, std::span<const uint32_t> docs,
                                   std::span<const uint32_t> freqs, std::span<const uint32_t> positions) {
  if (docs.empty()) return;
  TermInfo info = postings_.add_term(docs, freqs, positions, with_positions_, norms_);
  terms_.add_term(term, info);
  stats_.sum_doc_freq += info.doc_freq;
  stats_.sum_total_term_freq += info.total_term_freq;
  for (uint32_t d : docs) seen_docs_[d >> 6] |= 1ull << (d & 63);
}

void InvertedIndexWriter::finish_field() {
  uint64_t count = 0;
  for (uint64_t w : seen_docs_) count += static_cast<uint64_t>(std::popcount(w));
  stats_.doc_count = static_cast<uint32_t>(count);
  terms_.finish_field(stats_);
}

InvertedIndexFiles InvertedIndexWriter::finish() {
  InvertedIndexFiles files;
  files.tim = terms_.finish();
  files.doc = postings_.finish_doc_file();
  files.pos = postings_.finish_pos_file();
  return files;
}

}  // namespace pharos::codec
