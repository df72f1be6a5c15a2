#include <zstd.h>

#include "index/codec/stored_fields_format.h"

namespace pharos::codec {

namespace {
// Level 1: stored fields are compressed on the indexing path (inside the shard's write lock),
// where level 3 cost noticeably more CPU for a few percent of size on small blocks.
constexpr int kZstdLevel = 1;
}  // namespace

void StoredFieldsWriter::CCtxDeleter::operator()(ZSTD_CCtx_s* cctx) const { ZSTD_freeCCtx(cctx); }

void StoredFieldsWriter::flush_block() {
  if (pending_lens_.empty()) return;
  if (!cctx_) {
    cctx_.reset(ZSTD_createCCtx());
    ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, kZstdLevel);
  }
  // Raw block: u32 length per doc, then the sources back to back; streamed from both parts
  // into one frame (with its content size, like a one-shot compress) without joining them.
  const std::string_view lens(reinterpret_cast<const char*>(pending_lens_.data()), pending_lens_.size() * 4);
  const size_t raw_len = lens.size() + pending_.size();
  std::string& out = blocks_.mutable_data();
  const size_t offset = out.size();
  out.resize(offset + ZSTD_compressBound(raw_len));
  ZSTD_CCtx_reset(cctx_.get(), ZSTD_reset_session_only);
  ZSTD_CCtx_setPledgedSrcSize(cctx_.get(), raw_len);
  ZSTD_outBuffer dst{out.data() + offset, out.size() - offset, 0};
  ZSTD_inBuffer head{lens.data(), lens.size(), 0};
  ZSTD_inBuffer body{pending_.data(), pending_.size(), 0};
  size_t rc = ZSTD_compressStream2(cctx_.get(), &dst, &head, ZSTD_e_continue);
  bool ok = !ZSTD_isError(rc) && head.pos == head.size;
  while (ok) {  // a bound-sized output normally finishes in one call
    rc = ZSTD_compressStream2(cctx_.get(), &dst, &body, ZSTD_e_end);
    if (ZSTD_isError(rc) || rc == 0) break;
    ok = dst.pos < dst.size;
  }
  ok = ok && !ZSTD_isError(rc);
  // An error leaves an empty block, which a reader reports as corrupt (never expected).
  const size_t n = ok && rc == 0 ? dst.pos : 0;
  out.resize(offset + n);
  block_index_.push_back({pending_first_doc_, offset, static_cast<uint32_t>(n), static_cast<uint32_t>(raw_len)});
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
