// Encodes postings lists into the .doc (doc deltas, freqs, skip + impact table) and .pos
// (position deltas) files. Terms are written one at a time; the returned TermInfo goes into
// the term dictionary.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "index/base/bytes.h"
#include "index/codec/postings_format.h"

namespace pharos::codec {

class PostingsWriter {
 public:
  explicit PostingsWriter(std::string_view segment);

  // `docs` ascending, `freqs[i] >= 1`; `positions` holds freqs[i] ascending positions per doc
  // when `with_positions`. `norms` (max_doc bytes, may be null) feeds the block impacts.
  TermInfo add_term(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                    std::span<const uint32_t> positions, bool with_positions, const uint8_t* norms);

  // Finishes both files and returns their bytes.
  std::string finish_doc_file();
  std::string finish_pos_file();

 private:
  void write_positions(std::span<const uint32_t> freqs, std::span<const uint32_t> positions, size_t& cursor);
  ByteWriter doc_;
  ByteWriter pos_;
  ByteWriter block_;
};

}  // namespace pharos::codec
