#include "index/codec/vectors_format.h"

#include <algorithm>

namespace pharos::codec {

void VectorsWriter::add(std::string_view field, uint32_t doc, std::span<const float> values) {
  if (values.empty()) return;
  auto it = index_.find(std::string(field));
  if (it == index_.end()) {
    it = index_.emplace(std::string(field), fields_.size()).first;
    fields_.push_back(Field{std::string(field), static_cast<uint32_t>(values.size()), {}, {}});
  }
  Field& f = fields_[it->second];
  if (values.size() != f.dimension || (!f.docs.empty() && f.docs.back() >= doc)) return;
  f.docs.push_back(doc);
  f.data.insert(f.data.end(), values.begin(), values.end());
  ram_bytes_ += 4 + values.size() * 4;
}

std::string VectorsWriter::finish(std::string_view segment, uint32_t max_doc) {
  std::sort(fields_.begin(), fields_.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
  ByteWriter out;
  write_header(out, kVectorsCodec, kVectorsVersion, segment);
  std::vector<std::pair<uint64_t, uint64_t>> offsets;
  for (const Field& f : fields_) {
    std::vector<uint64_t> presence((max_doc + 63) / 64, 0);
    std::vector<float> rows(static_cast<size_t>(max_doc) * f.dimension, 0.0f);
    for (size_t i = 0; i < f.docs.size(); ++i) {
      uint32_t d = f.docs[i];
      presence[d >> 6] |= 1ull << (d & 63);
      std::copy_n(f.data.begin() + i * f.dimension, f.dimension, rows.begin() + static_cast<size_t>(d) * f.dimension);
    }
    align_to(out, 8);
    uint64_t presence_off = out.size();
    out.put_raw(presence.data(), presence.size() * 8);
    uint64_t data_off = out.size();
    out.put_raw(rows.data(), rows.size() * 4);
    offsets.emplace_back(presence_off, data_off);
  }
  uint64_t dir = out.size();
  out.put_varint(max_doc);
  out.put_varint(fields_.size());
  for (size_t i = 0; i < fields_.size(); ++i) {
    out.put_string(fields_[i].name);
    out.put_u32(fields_[i].dimension);
    out.put_u64(offsets[i].first);
    out.put_u64(offsets[i].second);
  }
  write_trailer(out, dir);
  *this = VectorsWriter();
  return out.release();
}

Result<VectorsReader> VectorsReader::open(const VerifiedFile& file, uint32_t max_doc) {
  VectorsReader reader;
  ByteReader dir = file.directory();
  uint64_t file_max_doc = dir.get_varint();
  uint64_t count = dir.get_varint();
  if (!dir.ok() || file_max_doc != max_doc || count > dir.remaining()) {
    return corrupt_file(file.name, "bad vectors directory");
  }
  for (uint64_t i = 0; i < count; ++i) {
    VectorColumn c;
    c.name = std::string(dir.get_string());
    c.dimension = dir.get_u32();
    c.max_doc = max_doc;
    uint64_t presence_off = dir.get_u64();
    uint64_t data_off = dir.get_u64();
    uint64_t words = (static_cast<uint64_t>(max_doc) + 63) / 64;
    uint64_t floats = static_cast<uint64_t>(max_doc) * c.dimension;
    if (!dir.ok() || c.dimension == 0 || c.dimension > (1u << 20) || !file.in_data(presence_off, words * 8) ||
        !file.in_data(data_off, floats * 4) || presence_off % 8 != 0 || data_off % 4 != 0) {
      return corrupt_file(file.name, "bad vector field entry");
    }
    c.presence = reinterpret_cast<const uint64_t*>(file.bytes.data() + presence_off);
    c.data = reinterpret_cast<const float*>(file.bytes.data() + data_off);
    if (reinterpret_cast<uintptr_t>(c.presence) % 8 != 0) return corrupt_file(file.name, "misaligned vectors");
    reader.fields_.push_back(std::move(c));
  }
  std::sort(reader.fields_.begin(), reader.fields_.end(),
            [](const VectorColumn& a, const VectorColumn& b) { return a.name < b.name; });
  return reader;
}

const VectorColumn* VectorsReader::field(std::string_view name) const {
  auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                             [](const VectorColumn& c, std::string_view n) { return c.name < n; });
  return it != fields_.end() && it->name == name ? &*it : nullptr;
}

}  // namespace pharos::codec
