#include "index/codec/postings_reader.h"

#include "index/codec/bit_packing.h"

namespace pharos::codec {

namespace {

// Bounded varint decode; returns false past `end` or on an overlong encoding.
inline bool read_varint(const uint8_t*& p, const uint8_t* end, uint32_t& out) {
  uint32_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (p >= end) return false;
    uint8_t b = *p++;
    v |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) {
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace

bool PostingsCursor::reset(const PostingsSource& source, const TermInfo& info) {
  src_ = source;
  info_ = info;
  doc_freq_ = info.doc_freq;
  doc_ = kNoMoreDocsCodec;
  block_ = -1;
  idx_ = count_ = 0;
  pos_block_ = -1;
  shallow_block_ = 0;
  singleton_ = info.doc_freq == 1;
  if (info.doc_freq == 0) return false;
  if (src_.with_positions && (info.pos_offset < src_.pos_begin || info.pos_offset > src_.pos_end)) return false;
  if (singleton_) {
    if (info.doc_offset >= src_.max_doc || info.total_term_freq == 0 || info.total_term_freq > 0xFFFFFFFFull) {
      return false;
    }
    num_blocks_ = 1;
    shallow_ = SkipEntry{};
    shallow_.last_doc = static_cast<uint32_t>(info.doc_offset);
    shallow_.max_freq = static_cast<uint32_t>(info.total_term_freq);
    shallow_.min_norm = src_.norms ? src_.norms[shallow_.last_doc] : kNoNormsImpactNorm;
    shallow_.pos_start = info.pos_offset;
    return true;
  }
  num_blocks_ = (info.doc_freq + kBlockSize - 1) / kBlockSize;
  uint64_t skip_bytes = static_cast<uint64_t>(num_blocks_) * sizeof(SkipEntry);
  if (info.doc_offset > src_.doc_end || skip_bytes > src_.doc_end - info.doc_offset) return false;
  skip_table_ = src_.doc_bytes.data() + info.doc_offset;
  data_ = reinterpret_cast<const uint8_t*>(skip_table_ + skip_bytes);
  data_avail_ = src_.doc_end - info.doc_offset - skip_bytes;
  // A consistent skip table keeps doc ids ascending across jumps (block-max WAND relies on it).
  uint32_t prev_end = 0;
  for (uint32_t b = 0; b < num_blocks_; ++b) {
    SkipEntry e = skip(b);
    if (e.last_doc >= src_.max_doc || (b > 0 && e.last_doc <= skip(b - 1).last_doc) || e.block_end < prev_end ||
        e.block_end > data_avail_) {
      return false;
    }
    prev_end = e.block_end;
  }
  shallow_ = skip(0);
  return true;
}

void PostingsCursor::set_exhausted() {
  doc_ = kNoMoreDocsCodec;
  idx_ = count_ = 0;
  block_ = num_blocks_;
}

bool PostingsCursor::load_block(size_t block) {
  if (block >= num_blocks_) return false;
  block_ = static_cast<int64_t>(block);
  idx_ = 0;
  if (singleton_) {
    docs_[0] = shallow_.last_doc;
    freqs_[0] = shallow_.max_freq;
    count_ = 1;
    block_pos_start_ = info_.pos_offset;
    return true;
  }
  SkipEntry e = skip(block);
  uint32_t begin = block == 0 ? 0 : skip(block - 1).block_end;
  uint32_t n = block + 1 < num_blocks_ ? kBlockSize : doc_freq_ - static_cast<uint32_t>(block) * kBlockSize;
  size_t doc_bytes = packed_bytes(n, e.doc_bits);
  size_t freq_bytes = packed_bytes(n, e.freq_bits);
  if (e.doc_bits > 32 || e.freq_bits > 32 || begin > e.block_end || e.block_end > data_avail_ ||
      doc_bytes + freq_bytes != e.block_end - begin || e.last_doc >= src_.max_doc) {
    return false;
  }
  unpack_bits(data_ + begin, data_avail_ - begin, n, e.doc_bits, docs_);
  unpack_bits(data_ + begin + doc_bytes, data_avail_ - begin - doc_bytes, n, e.freq_bits, freqs_);
  int64_t prev = block == 0 ? -1 : static_cast<int64_t>(skip(block - 1).last_doc);
  for (uint32_t i = 0; i < n; ++i) {
    prev += static_cast<int64_t>(docs_[i]) + 1;
    docs_[i] = static_cast<uint32_t>(prev);
    freqs_[i] += 1;
  }
  // Strictly ascending deltas end exactly at the skip entry's last doc, so every doc < max_doc.
  if (prev != e.last_doc) return false;
  count_ = n;
  block_pos_start_ = e.pos_start;
  return true;
}

uint32_t PostingsCursor::next_block_doc() {
  if (block_ >= 0 && idx_ + 1 < count_) {
    doc_ = docs_[++idx_];
    return doc_;
  }
  if (!load_block(static_cast<size_t>(block_ + 1))) {
    set_exhausted();
    return doc_;
  }
  doc_ = docs_[0];
  return doc_;
}

size_t PostingsCursor::find_block(size_t from, uint32_t target) const {
  if (singleton_) return from == 0 && target <= shallow_.last_doc ? 0 : num_blocks_;
  // Galloping then binary search: short hops stay local, long jumps cost log(blocks).
  size_t lo = from, step = 1, hi = from;
  while (hi < num_blocks_ && skip(hi).last_doc < target) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > num_blocks_) hi = num_blocks_;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (skip(mid).last_doc < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}

uint32_t PostingsCursor::advance_slow(uint32_t target) {
  if (block_ >= static_cast<int64_t>(num_blocks_)) return doc_;
  if (block_ < 0 || target > docs_[count_ - 1]) {
    size_t from = block_ < 0 ? 0 : static_cast<size_t>(block_ + 1);
    size_t b = find_block(from, target);
    if (!load_block(b)) {
      set_exhausted();
      return doc_;
    }
  }
  // The block's last doc is >= target unless the skip data lies; then move on block by block.
  while (true) {
    while (idx_ < count_ && docs_[idx_] < target) ++idx_;
    if (idx_ < count_) break;
    if (!load_block(static_cast<size_t>(block_ + 1))) {
      set_exhausted();
      return doc_;
    }
  }
  doc_ = docs_[idx_];
  return doc_;
}

uint32_t PostingsCursor::shallow_advance(uint32_t target) {
  size_t from = shallow_block_;
  if (block_ > static_cast<int64_t>(from)) from = static_cast<size_t>(block_);
  size_t b = find_block(from, target);
  if (b >= num_blocks_) {
    shallow_block_ = num_blocks_;
    shallow_.max_freq = 0;
    return kNoMoreDocsCodec;
  }
  shallow_block_ = b;
  if (!singleton_) shallow_ = skip(b);
  return shallow_.last_doc;
}

bool PostingsCursor::position_stream_to_current_doc() {
  const uint8_t* end = reinterpret_cast<const uint8_t*>(src_.pos_bytes.data()) + src_.pos_end;
  if (pos_block_ != block_) {
    if (block_pos_start_ < src_.pos_begin || block_pos_start_ > src_.pos_end) return false;
    pos_ = reinterpret_cast<const uint8_t*>(src_.pos_bytes.data()) + block_pos_start_;
    pos_block_ = block_;
    pos_doc_ = 0;
    pos_read_ = 0;
  }
  if (pos_doc_ > idx_) return false;  // positions are forward-only within a doc list
  uint32_t ignored;
  while (pos_doc_ < idx_) {
    for (uint32_t j = pos_read_; j < freqs_[pos_doc_]; ++j) {
      if (!read_varint(pos_, end, ignored)) return false;
    }
    ++pos_doc_;
    pos_read_ = 0;
    last_pos_ = 0;
  }
  return true;
}

uint32_t PostingsCursor::next_position() {
  if (!src_.with_positions || doc_ == kNoMoreDocsCodec) return kNoMoreDocsCodec;
  if (pos_block_ != block_ || pos_doc_ != idx_) {
    if (!position_stream_to_current_doc()) return kNoMoreDocsCodec;
  }
  if (pos_read_ >= freqs_[idx_]) return kNoMoreDocsCodec;
  if (pos_read_ == 0) last_pos_ = 0;
  const uint8_t* end = reinterpret_cast<const uint8_t*>(src_.pos_bytes.data()) + src_.pos_end;
  uint32_t delta;
  if (!read_varint(pos_, end, delta)) return kNoMoreDocsCodec;
  ++pos_read_;
  last_pos_ += delta;
  return last_pos_;
}

}  // namespace pharos::codec
