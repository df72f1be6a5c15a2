#include "index/codec/postings_writer.h"

#include <algorithm>

#include "index/codec/bit_packing.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {

PostingsWriter::PostingsWriter(std::string_view segment) {
  write_header(doc_, kDocCodec, kPostingsVersion, segment);
  write_header(pos_, kPosCodec, kPostingsVersion, segment);
}

void PostingsWriter::write_positions(std::span<const uint32_t> freqs, std::span<const uint32_t> positions,
                                     size_t& cursor) {
  for (uint32_t f : freqs) {
    uint32_t last = 0;
    for (uint32_t j = 0; j < f && cursor < positions.size(); ++j, ++cursor) {
      uint32_t p = positions[cursor];
      pos_.put_varint(p - last);  // first delta is the absolute position
      last = p;
    }
  }
}

TermInfo PostingsWriter::add_term(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                                  std::span<const uint32_t> positions, bool with_positions,
                                  const uint8_t* norms) {
  TermInfo info;
  info.doc_freq = static_cast<uint32_t>(docs.size());
  for (uint32_t f : freqs) info.total_term_freq += f;
  size_t pos_cursor = 0;
  if (docs.size() == 1) {
    info.doc_offset = docs[0];
    if (with_positions) {
      info.pos_offset = pos_.size();
      write_positions(freqs, positions, pos_cursor);
    }
    return info;
  }
  const size_t num_blocks = (docs.size() + kBlockSize - 1) / kBlockSize;
  info.doc_offset = doc_.size();
  const size_t skip_begin = doc_.size();
  doc_.mutable_data().append(num_blocks * sizeof(SkipEntry), '\0');
  block_.clear();
  uint32_t buf[kBlockSize];
  int64_t prev_last = -1;
  for (size_t b = 0; b < num_blocks; ++b) {
    size_t begin = b * kBlockSize;
    size_t n = std::min<size_t>(kBlockSize, docs.size() - begin);
    SkipEntry e;
    e.last_doc = docs[begin + n - 1];
    e.min_norm = norms ? 0xFF : kNoNormsImpactNorm;
    int64_t prev = prev_last;
    for (size_t i = 0; i < n; ++i) {
      uint32_t d = docs[begin + i];
      buf[i] = static_cast<uint32_t>(d - prev - 1);
      prev = d;
      e.max_freq = std::max(e.max_freq, freqs[begin + i]);
      if (norms) e.min_norm = std::min(e.min_norm, norms[d]);
    }
    e.doc_bits = static_cast<uint8_t>(bits_required(buf, n));
    pack_bits(block_, buf, n, e.doc_bits);
    for (size_t i = 0; i < n; ++i) buf[i] = freqs[begin + i] - 1;
    e.freq_bits = static_cast<uint8_t>(bits_required(buf, n));
    pack_bits(block_, buf, n, e.freq_bits);
    e.block_end = static_cast<uint32_t>(block_.size());
    if (with_positions) {
      e.pos_start = pos_.size();
      if (b == 0) info.pos_offset = e.pos_start;
      write_positions(freqs.subspan(begin, n), positions, pos_cursor);
    }
    std::memcpy(doc_.mutable_data().data() + skip_begin + b * sizeof(SkipEntry), &e, sizeof(SkipEntry));
    prev_last = e.last_doc;
  }
  doc_.put_bytes(block_.data());
  return info;
}

std::string PostingsWriter::finish_doc_file() {
  // 8 spare bytes so a block's unaligned 64-bit window never needs the slow tail path.
  doc_.put_u64(0);
  write_trailer(doc_, doc_.size());
  return doc_.release();
}

std::string PostingsWriter::finish_pos_file() {
  write_trailer(pos_, pos_.size());
  return pos_.release();
}

}  // namespace pharos::codec
