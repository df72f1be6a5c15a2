#include "index/vector/index_file.h"

#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <cstring>
#include <exception>

#include "index/base/bytes.h"
#include "index/base/crc32c.h"

namespace pharos::vector {
namespace {

constexpr char kMagic[4] = {'P', 'H', 'V', 'X'};
constexpr uint32_t kFormatVersion = 1;

void put_spec(ByteWriter& out, const MethodSpec& spec) {
  out.put_u8(static_cast<uint8_t>(spec.kind));
  out.put_u8(static_cast<uint8_t>(spec.space));
  out.put_u32(spec.dimension);
  out.put_string(spec.data_type);
  out.put_string(spec.engine);
  out.put_u32(spec.m);
  out.put_u32(spec.ef_construction);
  out.put_u32(spec.ef_search);
  out.put_u32(spec.nlist);
  out.put_u32(spec.nprobes);
  out.put_u8(static_cast<uint8_t>(spec.encoder));
  out.put_u32(spec.pq_m);
  out.put_u32(spec.pq_code_size);
  out.put_string(spec.sq_type);
  out.put_u8(spec.sq_clip ? 1 : 0);
  out.put_u32(spec.approximate_threshold);
  out.put_u8(spec.remote_build_enabled ? 1 : 0);
  out.put_string(spec.mode);
  out.put_string(spec.compression_level);
}

std::string get_string(ByteReader& in) {
  uint64_t size = in.get_varint();
  if (!in.ok() || size > in.remaining()) {
    in.seek(SIZE_MAX);  // marks the reader failed
    return {};
  }
  std::string out(size, '\0');
  in.get_raw(out.data(), size);
  return out;
}

bool get_spec(ByteReader& in, MethodSpec& spec) {
  uint8_t kind = in.get_u8(), space = in.get_u8();
  if (kind > static_cast<uint8_t>(MethodKind::ivf) || space > static_cast<uint8_t>(SpaceType::hamming))
    return false;
  spec.kind = static_cast<MethodKind>(kind);
  spec.space = static_cast<SpaceType>(space);
  spec.dimension = in.get_u32();
  spec.data_type = get_string(in);
  spec.engine = get_string(in);
  spec.m = in.get_u32();
  spec.ef_construction = in.get_u32();
  spec.ef_search = in.get_u32();
  spec.nlist = in.get_u32();
  spec.nprobes = in.get_u32();
  uint8_t encoder = in.get_u8();
  if (encoder > static_cast<uint8_t>(EncoderKind::sq)) return false;
  spec.encoder = static_cast<EncoderKind>(encoder);
  spec.pq_m = in.get_u32();
  spec.pq_code_size = in.get_u32();
  spec.sq_type = get_string(in);
  spec.sq_clip = in.get_u8() != 0;
  spec.approximate_threshold = in.get_u32();
  spec.remote_build_enabled = in.get_u8() != 0;
  spec.mode = get_string(in);
  spec.compression_level = get_string(in);
  return in.ok();
}

Status corrupt(std::string what) { return {ErrorKind::corrupt, "vector index file: " + std::move(what)}; }

// Reads faiss's stream straight from our buffer (faiss's VectorIOReader would copy it).
struct SpanReader : faiss::IOReader {
  explicit SpanReader(std::string_view bytes) : bytes_(bytes) {}
  size_t operator()(void* ptr, size_t size, size_t nitems) override {
    if (size == 0) return 0;
    size_t available = (bytes_.size() - position_) / size;
    size_t taken = std::min(nitems, available);
    std::memcpy(ptr, bytes_.data() + position_, taken * size);
    position_ += taken * size;
    return taken;
  }
  std::string_view bytes_;
  size_t position_ = 0;
};

}  // namespace

std::string encode_index_file(IndexFileKind kind, const MethodSpec& spec, const VectorSet& vectors,
                              std::string_view note, std::string_view faiss_payload) {
  ByteWriter out;
  out.put_raw(kMagic, 4);
  out.put_u32(kFormatVersion);
  out.put_u8(static_cast<uint8_t>(kind));
  put_spec(out, spec);
  out.put_u32(vectors.count);
  out.put_u32(vectors.dimension);
  out.put_string(note);
  out.put_u64(faiss_payload.size());
  out.put_bytes(faiss_payload);
  out.put_u32(crc32c(out.data()));
  return out.release();
}

Result<IndexFileContents> decode_index_file(std::string_view bytes) {
  if (bytes.size() < 13 || std::memcmp(bytes.data(), kMagic, 4) != 0) return corrupt("bad magic");
  uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + bytes.size() - 4, 4);
  std::string_view body = bytes.substr(0, bytes.size() - 4);
  if (crc32c(body) != stored_crc) return corrupt("checksum mismatch");
  ByteReader in(body);
  in.seek(4);
  uint32_t version = in.get_u32();
  if (version != kFormatVersion) return corrupt("unsupported format version " + std::to_string(version));
  IndexFileContents contents;
  uint8_t kind = in.get_u8();
  if (kind > static_cast<uint8_t>(IndexFileKind::ivf)) return corrupt("unknown index kind");
  contents.kind = static_cast<IndexFileKind>(kind);
  if (!get_spec(in, contents.spec)) return corrupt("bad method spec");
  contents.count = in.get_u32();
  contents.dimension = in.get_u32();
  contents.note = get_string(in);
  uint64_t payload_size = in.get_u64();
  if (!in.ok() || payload_size != in.remaining()) return corrupt("bad payload size");
  contents.faiss_payload = body.substr(in.position(), payload_size);
  return contents;
}

Result<std::string> faiss_serialize(const faiss::Index& index) {
  try {
    faiss::VectorIOWriter writer;
    faiss::write_index(&index, &writer);
    return std::string(reinterpret_cast<const char*>(writer.data.data()), writer.data.size());
  } catch (const std::exception& e) {
    return Status{ErrorKind::internal, std::string("faiss write_index failed: ") + e.what()};
  }
}

Result<std::unique_ptr<faiss::Index>> faiss_deserialize(std::string_view bytes) {
  try {
    SpanReader reader(bytes);
    std::unique_ptr<faiss::Index> index(faiss::read_index(&reader));
    if (reader.position_ != bytes.size()) return corrupt("trailing bytes after the faiss index");
    return index;
  } catch (const std::exception& e) {
    return corrupt(std::string("faiss read_index failed: ") + e.what());
  }
}

}  // namespace pharos::vector
