#include "index/codec/norms_format.h"

#include <algorithm>

namespace pharos::codec {

std::string write_norms_file(std::string_view segment, uint32_t max_doc,
                             const std::vector<std::pair<std::string, std::vector<uint8_t>>>& fields) {
  ByteWriter out;
  write_header(out, kNormsCodec, kNormsVersion, segment);
  std::vector<uint64_t> offsets;
  for (const auto& [name, norms] : fields) {
    offsets.push_back(out.size());
    out.put_raw(norms.data(), max_doc);
  }
  uint64_t dir = out.size();
  out.put_varint(max_doc);
  out.put_varint(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    out.put_string(fields[i].first);
    out.put_u64(offsets[i]);
  }
  write_trailer(out, dir);
  return out.release();
}

Result<NormsReader> NormsReader::open(const VerifiedFile& file, uint32_t max_doc) {
  NormsReader reader;
  ByteReader dir = file.directory();
  uint64_t file_max_doc = dir.get_varint();
  uint64_t count = dir.get_varint();
  if (!dir.ok() || file_max_doc != max_doc || count > dir.remaining()) {
    return corrupt_file(file.name, "bad norms directory");
  }
  for (uint64_t i = 0; i < count; ++i) {
    std::string name(dir.get_string());
    uint64_t off = dir.get_u64();
    if (!dir.ok() || !file.in_data(off, max_doc)) return corrupt_file(file.name, "bad norms entry");
    reader.fields_.emplace_back(std::move(name), reinterpret_cast<const uint8_t*>(file.bytes.data() + off));
  }
  std::sort(reader.fields_.begin(), reader.fields_.end());
  return reader;
}

const uint8_t* NormsReader::field(std::string_view name) const {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  return it != fields_.end() && it->first == name ? it->second : nullptr;
}

}  // namespace pharos::codec
