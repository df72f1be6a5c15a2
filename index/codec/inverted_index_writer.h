// Writes a segment's inverted index: term dictionary (.tim) and postings (.doc, .pos), field
// by field, term by term in sorted order, computing each field's statistics on the way.
// Used by both the segment writer (from its buffers) and the merger (from merged inputs).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/codec/postings_writer.h"
#include "index/codec/term_dict_writer.h"

namespace pharos::codec {

struct InvertedIndexFiles {
  std::string tim;
  std::string doc;
  std::string pos;
};

class InvertedIndexWriter {
 public:
  InvertedIndexWriter(std::string_view segment, uint32_t max_doc);

  // `norms` (max_doc bytes) is used for block impacts when the field has norms; may be null.
  void start_field(std::string_view name, bool with_positions, const uint8_t* norms);
  // See PostingsWriter::add_term. Terms ascending; an empty `docs` is skipped.
  void add_term(std::string_view term, std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                std::span<const uint32_t> positions);
  void finish_field();
  InvertedIndexFiles finish();

 private:
  uint32_t max_doc_;
  TermDictWriter terms_;
  PostingsWriter postings_;
  bool with_positions_ = false;
  const uint8_t* norms_ = nullptr;
  InvertedFieldStats stats_;
  std::vector<uint64_t> seen_docs_;  // bitset: docs with a term in the current field
};

}  // namespace pharos::codec
