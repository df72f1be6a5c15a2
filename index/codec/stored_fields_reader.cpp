#include <zstd.h>

#include <algorithm>

#include "index/codec/stored_fields_format.h"

namespace pharos::codec {

namespace {

constexpr size_t kBlockEntrySize = 20;

bool valid_ends(const uint32_t* ends, uint32_t n, uint64_t blob_len) {
  uint32_t prev = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (ends[i] < prev) return false;
    prev = ends[i];
  }
  return prev == blob_len;
}

struct BlockEntry {
  uint32_t first_doc;
  uint64_t offset;
  uint32_t compressed_len;
  uint32_t raw_len;
};

BlockEntry load_block_entry(const char* p) {
  BlockEntry e;
  std::memcpy(&e.first_doc, p, 4);
  std::memcpy(&e.offset, p + 4, 8);
  std::memcpy(&e.compressed_len, p + 12, 4);
  std::memcpy(&e.raw_len, p + 16, 4);
  return e;
}

}  // namespace

Result<StoredFieldsReader> StoredFieldsReader::open(const VerifiedFile& file, uint32_t max_doc) {
  StoredFieldsReader r;
  r.name_ = file.name;
  r.bytes_ = file.bytes;
  r.max_doc_ = max_doc;
  ByteReader dir = file.directory();
  uint64_t docs = dir.get_varint();
  uint64_t blocks = dir.get_varint();
  uint64_t off[10];
  for (uint64_t& o : off) o = dir.get_u64();
  if (!dir.ok() || docs != max_doc || blocks > max_doc) return corrupt_file(file.name, "bad stored fields directory");
  r.block_count_ = static_cast<uint32_t>(blocks);
  if (!file.in_data(off[0], blocks * kBlockEntrySize)) return corrupt_file(file.name, "bad block index");
  r.block_index_ = file.bytes.data() + off[0];
  for (uint32_t i = 0; i < r.block_count_; ++i) {
    BlockEntry e = load_block_entry(r.block_index_ + i * kBlockEntrySize);
    uint32_t next = i + 1 < r.block_count_ ? load_block_entry(r.block_index_ + (i + 1) * kBlockEntrySize).first_doc
                                           : max_doc;
    bool first_ok = i == 0 ? e.first_doc == 0 : true;
    if (!first_ok || next <= e.first_doc || next > max_doc || !file.in_data(e.offset, e.compressed_len) ||
        e.raw_len < static_cast<uint64_t>(next - e.first_doc) * 4) {
      return corrupt_file(file.name, "bad source block entry");
    }
  }
  if (max_doc > 0 && r.block_count_ == 0) return corrupt_file(file.name, "missing source blocks");
  r.id_ends_ = array_at<uint32_t>(file, off[1], max_doc);
  r.ids_ = file.in_data(off[2], off[3]) ? file.bytes.data() + off[2] : nullptr;
  r.routing_ends_ = array_at<uint32_t>(file, off[4], max_doc);
  r.routings_ = file.in_data(off[5], off[6]) ? file.bytes.data() + off[5] : nullptr;
  r.seq_no_ = array_at<int64_t>(file, off[7], max_doc);
  r.primary_term_ = array_at<int64_t>(file, off[8], max_doc);
  r.version_ = array_at<int64_t>(file, off[9], max_doc);
  if (!r.id_ends_ || !r.ids_ || !r.routing_ends_ || !r.routings_ || !r.seq_no_ || !r.primary_term_ ||
      !r.version_ || !valid_ends(r.id_ends_, max_doc, off[3]) || !valid_ends(r.routing_ends_, max_doc, off[6])) {
    return corrupt_file(file.name, "bad stored columns");
  }
  return r;
}

Result<std::string> StoredFieldsReader::source(uint32_t doc) const {
  if (doc >= max_doc_) return Status(ErrorKind::invalid_argument, "doc " + std::to_string(doc) + " out of range");
  // Last block whose first doc <= doc.
  uint32_t lo = 0, hi = block_count_;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (load_block_entry(block_index_ + mid * kBlockEntrySize).first_doc <= doc) lo = mid; else hi = mid;
  }
  BlockEntry e = load_block_entry(block_index_ + lo * kBlockEntrySize);
  uint32_t next = lo + 1 < block_count_ ? load_block_entry(block_index_ + (lo + 1) * kBlockEntrySize).first_doc
                                        : max_doc_;
  std::string raw(e.raw_len, '\0');
  size_t n = ZSTD_decompress(raw.data(), raw.size(), bytes_.data() + e.offset, e.compressed_len);
  if (ZSTD_isError(n) || n != e.raw_len) return corrupt_file(name_, "source block does not decompress");
  uint32_t docs = next - e.first_doc;
  uint64_t pos = static_cast<uint64_t>(docs) * 4;
  uint32_t len = 0;
  for (uint32_t i = 0; i <= doc - e.first_doc; ++i) {
    std::memcpy(&len, raw.data() + i * 4, 4);
    if (len > raw.size() - pos) return corrupt_file(name_, "bad source length");
    if (i < doc - e.first_doc) pos += len;
  }
  return raw.substr(pos, len);
}

}  // namespace pharos::codec
