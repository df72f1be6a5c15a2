// Writes the term dictionary (.tim): per field, its sorted terms in blocks of 32 with prefix
// compression, a table of block offsets (the reader keeps each block's first term in memory
// and binary-searches it), the field's flags and statistics.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/bytes.h"
#include "index/codec/postings_format.h"

namespace pharos::codec {

constexpr uint32_t kTermDictVersion = 1;
constexpr char kTermDictCodec[] = "PharosTermDict";
constexpr uint32_t kTermsPerBlock = 32;

struct InvertedFieldStats {
  uint32_t doc_count = 0;
  uint64_t sum_doc_freq = 0;
  uint64_t sum_total_term_freq = 0;
};

class TermDictWriter {
 public:
  explicit TermDictWriter(std::string_view segment);

  // Fields must be started in any order but each once; terms strictly ascending (bytewise).
  void start_field(std::string_view name, bool with_positions, bool with_norms);
  void add_term(std::string_view term, const TermInfo& info);
  void finish_field(const InvertedFieldStats& stats);
  std::string finish();

 private:
  struct FieldEntry {
    std::string name;
    uint8_t flags = 0;
    InvertedFieldStats stats;
    uint64_t term_count = 0;
    uint64_t block_table = 0;
    uint64_t block_count = 0;
  };
  ByteWriter out_;
  std::vector<FieldEntry> fields_;
  std::vector<uint64_t> block_offsets_;
  std::string last_term_;
  uint64_t term_count_ = 0;
};

}  // namespace pharos::codec
