// Decodes one term's postings from the mapped .doc/.pos files. A cursor decodes one 128-doc
// block at a time into fixed arrays (no allocation after construction); advance() skips whole
// blocks with the skip table; shallow_advance() exposes block bounds and impacts for
// block-max WAND without decoding. Damaged data ends the iteration instead of being served.
#pragma once

#include <cstdint>
#include <string_view>

#include "index/codec/postings_format.h"

namespace pharos::codec {

// Where a field's postings live. `*_end` are the ends of the data areas (directory starts).
struct PostingsSource {
  std::string_view doc_bytes;
  size_t doc_end = 0;
  std::string_view pos_bytes;
  size_t pos_begin = 0;  // first byte after the .pos header
  size_t pos_end = 0;
  const uint8_t* norms = nullptr;  // max_doc bytes, or null
  uint32_t max_doc = 0;
  bool with_positions = false;
};

class PostingsCursor {
 public:
  // Positions the cursor before the first doc. False when `info` points outside the files.
  bool reset(const PostingsSource& source, const TermInfo& info);

  uint32_t doc() const { return doc_; }
  // Fast paths inline (inside the decoded block): the per-doc cost of every term scorer.
  uint32_t next_doc() {
    if (block_ >= 0 && idx_ + 1 < count_) return doc_ = docs_[++idx_];
    return next_block_doc();
  }
  uint32_t advance(uint32_t target) {  // first doc >= target
    if (block_ >= 0 && idx_ < count_ && target <= docs_[count_ - 1]) {
      while (docs_[idx_] < target) ++idx_;
      return doc_ = docs_[idx_];
    }
    return advance_slow(target);
  }
  uint32_t freq() const { return idx_ < count_ ? freqs_[idx_] : 0; }
  uint32_t next_position();            // kNoMoreDocsCodec when none
  uint32_t doc_freq() const { return doc_freq_; }

  // Moves the shallow (undecoded) block pointer to the block that could hold `target` and
  // returns its last doc (kNoMoreDocsCodec past the end). Never moves backwards.
  uint32_t shallow_advance(uint32_t target);
  uint32_t block_max_freq() const { return shallow_.max_freq; }
  uint8_t block_min_norm() const { return shallow_.min_norm; }

 private:
  SkipEntry skip(size_t block) const { return load_skip_entry(skip_table_ + block * sizeof(SkipEntry)); }
  size_t find_block(size_t from, uint32_t target) const;  // first block >= from with last_doc >= target
  bool load_block(size_t block);
  uint32_t next_block_doc();
  uint32_t advance_slow(uint32_t target);
  void set_exhausted();
  bool position_stream_to_current_doc();

  PostingsSource src_;
  uint32_t doc_freq_ = 0;
  uint32_t num_blocks_ = 0;
  const char* skip_table_ = nullptr;
  const uint8_t* data_ = nullptr;   // block bytes start
  size_t data_avail_ = 0;           // bytes from data_ to the end of the .doc data area
  bool singleton_ = false;
  TermInfo info_;

  uint32_t doc_ = kNoMoreDocsCodec;
  int64_t block_ = -1;              // decoded block
  uint32_t idx_ = 0;                // index of doc_ in the decoded block
  uint32_t count_ = 0;              // docs in the decoded block
  uint64_t block_pos_start_ = 0;
  size_t shallow_block_ = 0;
  SkipEntry shallow_;

  // Position stream state: pos_ points at doc `pos_doc_` of the block, `pos_read_` consumed.
  const uint8_t* pos_ = nullptr;
  int64_t pos_block_ = -1;
  uint32_t pos_doc_ = 0;
  uint32_t pos_read_ = 0;
  uint32_t last_pos_ = 0;

  uint32_t docs_[kBlockSize];
  uint32_t freqs_[kBlockSize];
};

}  // namespace pharos::codec
