// Stored fields (.fdt): _source compressed with zstd in blocks of up to 16 docs or 32 KB (a
// doc → block index finds the block by binary search), plus per-doc _id and _routing byte
// strings and DocMeta (seq_no, primary_term, version) as int64 columns, all zero-copy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/bytes.h"
#include "index/base/status.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {

constexpr uint32_t kStoredFieldsVersion = 1;
constexpr char kStoredFieldsCodec[] = "PharosStoredFields";
constexpr uint32_t kSourceBlockDocs = 16;
constexpr size_t kSourceBlockBytes = 32 * 1024;
}  // namespace pharos::codec

struct ZSTD_CCtx_s;

namespace pharos::codec {

struct StoredMeta {
  int64_t seq_no = 0;
  int64_t primary_term = 1;
  int64_t version = 1;
};

// Accumulates documents (compressing full source blocks as they fill, so the buffer holds
// compressed bytes) and writes the file.
class StoredFieldsWriter {
 public:
  void add(std::string_view source, std::string_view id, std::string_view routing, const StoredMeta& meta);
  uint32_t doc_count() const { return static_cast<uint32_t>(seq_no_.size()); }
  std::string_view id(uint32_t doc) const {
    uint32_t begin = doc == 0 ? 0 : id_ends_[doc - 1];
    return std::string_view(ids_).substr(begin, id_ends_[doc] - begin);
  }
  StoredMeta meta(uint32_t doc) const { return {seq_no_[doc], primary_term_[doc], version_[doc]}; }
  size_t ram_bytes() const;
  std::string finish(std::string_view segment);

 private:
  struct Block {
    uint32_t first_doc;
    uint64_t offset;  // into blocks_
    uint32_t compressed_len;
    uint32_t raw_len;
  };
  struct CCtxDeleter {
    void operator()(ZSTD_CCtx_s* cctx) const;
  };
  void flush_block();
  std::unique_ptr<ZSTD_CCtx_s, CCtxDeleter> cctx_;  // reused across blocks: creating one per block is costly
  ByteWriter blocks_;
  std::vector<Block> block_index_;
  std::string pending_;                  // raw sources of the open block
  std::vector<uint32_t> pending_lens_;
  uint32_t pending_first_doc_ = 0;
  std::string ids_, routings_;
  std::vector<uint32_t> id_ends_, routing_ends_;
  std::vector<int64_t> seq_no_, primary_term_, version_;
};

class StoredFieldsReader {
 public:
  static Result<StoredFieldsReader> open(const VerifiedFile& file, uint32_t max_doc);

  Result<std::string> source(uint32_t doc) const;
  std::string_view id(uint32_t doc) const { return slice(id_ends_, ids_, doc); }
  std::string_view routing(uint32_t doc) const { return slice(routing_ends_, routings_, doc); }
  StoredMeta meta(uint32_t doc) const { return {seq_no_[doc], primary_term_[doc], version_[doc]}; }

 private:
  static std::string_view slice(const uint32_t* ends, const char* blob, uint32_t doc) {
    uint32_t begin = doc == 0 ? 0 : ends[doc - 1];
    return {blob + begin, ends[doc] - begin};
  }
  std::string name_;
  std::string_view bytes_;
  uint32_t max_doc_ = 0;
  const char* block_index_ = nullptr;  // entries of kBlockEntrySize bytes
  uint32_t block_count_ = 0;
  const uint32_t* id_ends_ = nullptr;
  const char* ids_ = nullptr;
  const uint32_t* routing_ends_ = nullptr;
  const char* routings_ = nullptr;
  const int64_t* seq_no_ = nullptr;
  const int64_t* primary_term_ = nullptr;
  const int64_t* version_ = nullptr;
};

}  // namespace pharos::codec
