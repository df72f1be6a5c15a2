// Shared layout of the postings files (.doc, .pos) and the term metadata that points at them.
// See FORMAT.md for the byte layout; this header is the single source of its constants.
#pragma once

#include <cstdint>
#include <cstring>

namespace pharos::codec {

constexpr uint32_t kBlockSize = 128;
constexpr uint32_t kPostingsVersion = 1;
constexpr char kDocCodec[] = "PharosPostingsDoc";
constexpr char kPosCodec[] = "PharosPostingsPos";
constexpr uint32_t kNoMoreDocsCodec = 0xFFFFFFFFu;
// Norm reported for fields without norms: Lucene treats a missing norm as 1.
constexpr uint8_t kNoNormsImpactNorm = 1;

// What the term dictionary stores for one term. Terms occurring in exactly one doc are
// "pulsed": no .doc entry, `doc_offset` holds the doc id itself (freq = total_term_freq).
struct TermInfo {
  uint32_t doc_freq = 0;
  uint64_t total_term_freq = 0;
  uint64_t doc_offset = 0;  // absolute .doc offset of the skip table, or the doc id when doc_freq == 1
  uint64_t pos_offset = 0;  // absolute .pos offset of the first block's positions (0 = none)
};

// One fixed-width skip entry per 128-doc block, in front of the term's block data.
struct SkipEntry {
  uint32_t last_doc = 0;
  uint32_t block_end = 0;   // end of this block's bytes, relative to the end of the skip table
  uint64_t pos_start = 0;   // absolute .pos offset of this block's positions
  uint32_t max_freq = 0;    // impact: largest freq in the block
  uint8_t min_norm = 0;     // impact: smallest norm byte in the block (shortest doc)
  uint8_t doc_bits = 0;     // bit width of (doc delta - 1)
  uint8_t freq_bits = 0;    // bit width of (freq - 1)
  uint8_t reserved = 0;
};
static_assert(sizeof(SkipEntry) == 24, "skip entries are 24 bytes on disk");

inline SkipEntry load_skip_entry(const char* p) {
  SkipEntry e;
  std::memcpy(&e, p, sizeof(SkipEntry));
  return e;
}

}  // namespace pharos::codec
