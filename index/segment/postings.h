// Iterators over a segment's term dictionary and postings lists.
// Postings are stored in 128-doc blocks (doc deltas, freqs, positions), each block with its
// max term freq and the norm of that doc (impact) so block-max WAND can skip whole blocks.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace pharos::segment {

constexpr uint32_t kNoMoreDocs = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kPostingsBlockSize = 128;

class TermsEnum {
 public:
  virtual ~TermsEnum() = default;
  // Positions on the first term >= `target`; false at the end.
  virtual bool seek_ceil(std::string_view target) = 0;
  virtual bool next() = 0;  // false at the end; before the first call, positioned before the first term
  virtual std::string_view term() const = 0;
  virtual uint32_t doc_freq() const = 0;
  virtual uint64_t total_term_freq() const = 0;
};

// Lucene's impact: (freq, norm) pair that bounds a block's best score.
struct Impact {
  uint32_t freq = 0;
  uint8_t norm = 0;  // encoded norm (smaller length → higher score)
};

class PostingsIterator {
 public:
  virtual ~PostingsIterator() = default;
  virtual uint32_t doc() const = 0;  // kNoMoreDocs when exhausted; -1 (kNoMoreDocs) semantics before next_doc()
  virtual uint32_t next_doc() = 0;
  virtual uint32_t advance(uint32_t target) = 0;  // first doc >= target
  virtual uint32_t freq() const = 0;
  // Positions of the current doc, call at most freq() times; kNoMoreDocs if the field has no positions.
  virtual uint32_t next_position() = 0;
  virtual uint32_t doc_freq() const = 0;
  // Block-max support: the last doc of the block containing `target`'s region (after
  // skipping to it) and the impacts of that block. Default: one block covering everything.
  virtual uint32_t block_last_doc(uint32_t target) { (void)target; return kNoMoreDocs - 1; }
  virtual Impact block_max_impact() const { return {std::numeric_limits<uint32_t>::max(), 1}; }
};

}  // namespace pharos::segment
