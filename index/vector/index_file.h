// The vector index file: our header, the faiss serialisation, a CRC32C footer. Byte layout in
// README.md and index/codec/FORMAT.md ("Vector index").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "index/base/status.h"
#include "index/vector/vector_index.h"

namespace faiss {
struct Index;
}

namespace pharos::vector {

enum class IndexFileKind : uint8_t { flat = 0, hnsw = 1, ivf = 2 };

struct IndexFileContents {
  IndexFileKind kind = IndexFileKind::flat;
  MethodSpec spec;
  uint32_t count = 0;
  uint32_t dimension = 0;
  std::string note;                // why a fallback happened ("" if none)
  std::string_view faiss_payload;  // points into the input bytes
};

std::string encode_index_file(IndexFileKind kind, const MethodSpec& spec, const VectorSet& vectors,
                              std::string_view note, std::string_view faiss_payload);
// corrupt on a bad magic/version/CRC or truncated content.
Result<IndexFileContents> decode_index_file(std::string_view bytes);

// faiss::write_index / read_index over memory; faiss exceptions become internal / corrupt.
Result<std::string> faiss_serialize(const faiss::Index& index);
Result<std::unique_ptr<faiss::Index>> faiss_deserialize(std::string_view bytes);

}  // namespace pharos::vector
