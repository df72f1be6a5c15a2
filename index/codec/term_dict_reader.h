// Reads the term dictionary (.tim) over the mapped file. Opening parses the field directory
// and keeps each block's first term (a view into the map) for binary search; a lookup then
// decodes at most one block of 32 prefix-compressed terms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/bytes.h"
#include "index/base/status.h"
#include "index/codec/codec_util.h"
#include "index/codec/postings_format.h"
#include "index/codec/term_dict_writer.h"

namespace pharos::codec {

struct TermField {
  std::string name;
  bool with_positions = false;
  bool with_norms = false;
  InvertedFieldStats stats;
  uint64_t term_count = 0;
  std::vector<uint64_t> block_offsets;       // absolute offsets; block i ends at block_offsets[i+1]
  uint64_t blocks_end = 0;                   // end of the last block
  std::vector<std::string_view> first_terms;  // views into the mapped file
};

class TermDictReader {
 public:
  TermDictReader() = default;
  static Result<TermDictReader> open(const VerifiedFile& file);

  const TermField* field(std::string_view name) const;  // nullptr if absent
  const std::vector<TermField>& fields() const { return fields_; }  // sorted by name
  bool seek_exact(const TermField& field, std::string_view term, TermInfo* info) const;
  std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
  std::vector<TermField> fields_;
};

// Walks one field's terms in order. Keeps a reusable term buffer: no allocation per term once
// the buffer has grown to the longest term.
class TermCursor {
 public:
  TermCursor(const TermDictReader& reader, const TermField& field) : reader_(&reader), field_(&field) {}

  bool seek_ceil(std::string_view target);
  bool next();
  std::string_view term() const { return term_; }
  const TermInfo& info() const { return info_; }

 private:
  bool load_block(size_t block);
  bool read_entry();
  const TermDictReader* reader_;
  const TermField* field_;
  ByteReader in_;
  size_t block_ = 0;
  uint64_t index_in_block_ = 0;
  uint64_t block_terms_ = 0;
  bool started_ = false;
  bool exhausted_ = false;
  std::string term_;
  TermInfo info_;
};

}  // namespace pharos::codec
