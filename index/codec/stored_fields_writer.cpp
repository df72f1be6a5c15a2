#include <zstd.h>

#include "index/codec/stored_fields_format.h"

namespace pharos::codec {

namespace {
constexpr int kZstdLevel = 3;
}

void StoredFieldsWriter::flush_block() {
  if (pending_lens_.empty()) return;
  // Raw block: u32 length per doc, then the sources back to back.
  std::string raw;
  raw.reserve(pending_lens_.size() * 4 + pending_.size());
  raw.append(reinterpret_cast<const char*>(pending_lens_.data()), pending_lens_.size() * 4);
  raw.append(pending_);
  std::string compressed(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(compressed.data(), compressed.size(), raw.data(), raw.size(), kZstdLevel);
  // A bound-sized buffer cannot fail; an empty block would be reported corrupt on read.
  if (ZSTD_isError(n)) n = 0;
  block_index_.push_back({pending_first_doc_, blocks_.size(), static_cast<uint32_t>(n),
                          static_cast<uint32_t>(raw.size())});
  blocks_.put_raw(compressed.data(), n);
  pending_.clear();
  pending_lens_.clear();
  pending_first_doc_ = doc_count();
}

void StoredFieldsWriter::add(std::string_view source, std::string_view id, std::string_view routing,
                             const StoredMeta& meta) {
  pending_.append(source);
  pending_lens_.push_back(static_cast<uint32_t>(source.size()));
  ids_.append(id);
  id_ends_.push_back(static_cast<uint32_t>(ids_.size()));
  routings_.append(routing);
  routing_ends_.push_back(static_cast<uint32_t>(routings_.size()));
  seq_no_.push_back(meta.seq_no);
  primary_term_.push_back(meta.primary_term);
  version_.push_back(meta.version);
  if (pending_lens_.size() >= kSourceBlockDocs || pending_.size() >= kSourceBlockBytes) flush_block();
}

size_t StoredFieldsWriter::ram_bytes() const {
  return blocks_.size() + pending_.size() + ids_.size() + routings_.size() + seq_no_.size() * 40 +
         block_index_.size() * sizeof(Block);
}

std::string StoredFieldsWriter::finish(std::string_view segment) {
  flush_block();
  ByteWriter out;
  write_header(out, kStoredFieldsCodec, kStoredFieldsVersion, segment);
  uint64_t blocks_base = out.size();
  out.put_bytes(blocks_.data());
  align_to(out, 8);
  auto put_array = [&out](const auto& v) {
    align_to(out, 8);
    uint64_t off = out.size();
    out.put_raw(v.data(), v.size() * sizeof(v[0]));
    return off;
  };
  uint64_t block_index_off = out.size();
  for (const Block& b : block_index_) {
    out.put_u32(b.first_doc);
    out.put_u64(blocks_base + b.offset);
    out.put_u32(b.compressed_len);
    out.put_u32(b.raw_len);
  }
  uint64_t id_ends = put_array(id_ends_);
  uint64_t ids = put_array(ids_);
  uint64_t routing_ends = put_array(routing_ends_);
  uint64_t routings = put_array(routings_);
  uint64_t seq = put_array(seq_no_);
  uint64_t term = put_array(primary_term_);
  uint64_t version = put_array(version_);
  uint64_t dir = out.size();
  out.put_varint(doc_count());
  out.put_varint(block_index_.size());
  for (uint64_t off : {block_index_off, id_ends, ids, uint64_t(ids_.size()), routing_ends, routings,
                       uint64_t(routings_.size()), seq, term, version}) {
    out.put_u64(off);
  }
  write_trailer(out, dir);
  *this = StoredFieldsWriter();
  return out.release();
}

}  // namespace pharos::codec
