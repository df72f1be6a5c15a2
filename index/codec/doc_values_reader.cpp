#include <algorithm>

#include "index/codec/doc_values_format.h"

namespace pharos::codec {

namespace {

struct RawEntry {
  uint8_t kind = 0, single = 0;
  std::string name;
  uint64_t value_count = 0, values_off = 0, aux_off = 0;
  int64_t min = 0, max = 0;
  uint32_t dict_count = 0;
  uint64_t dict_ends_off = 0, dict_blob_off = 0, dict_blob_len = 0;
};

bool valid_offsets(const uint32_t* offsets, uint32_t max_doc, uint64_t value_count) {
  if (offsets[0] != 0) return false;
  for (uint32_t d = 0; d < max_doc; ++d) {
    if (offsets[d + 1] < offsets[d]) return false;
  }
  return offsets[max_doc] == value_count;
}

Status build_column(const VerifiedFile& file, const RawEntry& r, uint32_t max_doc, DocValuesColumn& c) {
  auto bad = [&](const char* what) { return corrupt_file(file.name, std::string(what) + " in column [" + r.name + "]"); };
  if (r.kind < 1 || r.kind > 3 || r.single > 1) return bad("bad kind");
  c.kind = static_cast<DocValuesKind>(r.kind);
  c.name = r.name;
  c.single = r.single == 1;
  c.max_doc = max_doc;
  c.value_count = r.value_count;
  c.min = r.min;
  c.max = r.max;
  if (c.single && r.value_count != max_doc) return bad("bad value count");
  if (!c.single) {
    c.offsets = array_at<uint32_t>(file, r.aux_off, static_cast<uint64_t>(max_doc) + 1);
    if (!c.offsets || !valid_offsets(c.offsets, max_doc, r.value_count)) return bad("bad offsets");
  }
  if (c.kind == DocValuesKind::sorted_set) {
    c.ords = array_at<uint32_t>(file, r.values_off, r.value_count);
    c.dict_count = r.dict_count;
    c.dict_ends = array_at<uint32_t>(file, r.dict_ends_off, r.dict_count);
    c.dict_blob = file.in_data(r.dict_blob_off, r.dict_blob_len) ? file.bytes.data() + r.dict_blob_off : nullptr;
    if (!c.ords || !c.dict_ends || !c.dict_blob || r.dict_count == kNoOrdinalCodec) return bad("bad sorted set");
    uint32_t prev = 0;
    for (uint32_t i = 0; i < r.dict_count; ++i) {
      if (c.dict_ends[i] < prev || c.dict_ends[i] > r.dict_blob_len) return bad("bad dictionary");
      prev = c.dict_ends[i];
      if (i > 0 && c.dict_value(i) <= c.dict_value(i - 1)) return bad("unsorted dictionary");
    }
    for (uint64_t i = 0; i < r.value_count; ++i) {
      if (c.ords[i] >= r.dict_count && !(c.single && c.ords[i] == kNoOrdinalCodec)) return bad("bad ordinal");
    }
    return Status::ok();
  }
  if (c.kind == DocValuesKind::numeric) {
    c.ints = array_at<int64_t>(file, r.values_off, r.value_count);
    if (!c.ints) return bad("bad values");
  } else {
    c.doubles = array_at<double>(file, r.values_off, r.value_count);
    if (!c.doubles) return bad("bad values");
  }
  if (c.single) {
    c.presence = array_at<uint64_t>(file, r.aux_off, (static_cast<uint64_t>(max_doc) + 63) / 64);
    if (!c.presence) return bad("bad presence bitmap");
  }
  return Status::ok();
}

}  // namespace

Result<DocValuesReader> DocValuesReader::open(const VerifiedFile& file, uint32_t max_doc) {
  DocValuesReader reader;
  ByteReader dir = file.directory();
  uint64_t file_max_doc = dir.get_varint();
  uint64_t count = dir.get_varint();
  if (!dir.ok() || file_max_doc != max_doc || count > dir.remaining()) {
    return corrupt_file(file.name, "bad doc values directory");
  }
  reader.columns_.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    RawEntry r;
    r.kind = dir.get_u8();
    r.name = std::string(dir.get_string());
    r.single = dir.get_u8();
    r.value_count = dir.get_u64();
    r.values_off = dir.get_u64();
    r.aux_off = dir.get_u64();
    r.min = dir.get_i64();
    r.max = dir.get_i64();
    r.dict_count = dir.get_u32();
    r.dict_ends_off = dir.get_u64();
    r.dict_blob_off = dir.get_u64();
    r.dict_blob_len = dir.get_u64();
    if (!dir.ok()) return corrupt_file(file.name, "truncated doc values directory");
    PHAROS_RETURN_IF_ERROR(build_column(file, r, max_doc, reader.columns_[i]));
  }
  auto less = [](const DocValuesColumn& a, const DocValuesColumn& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  };
  std::sort(reader.columns_.begin(), reader.columns_.end(), less);
  return reader;
}

const DocValuesColumn* DocValuesReader::column(DocValuesKind kind, std::string_view name) const {
  auto it = std::lower_bound(columns_.begin(), columns_.end(), std::pair(kind, name),
                             [](const DocValuesColumn& c, const std::pair<DocValuesKind, std::string_view>& k) {
                               return c.kind != k.first ? c.kind < k.first : c.name < k.second;
                             });
  if (it == columns_.end() || it->kind != kind || it->name != name) return nullptr;
  return &*it;
}

}  // namespace pharos::codec
