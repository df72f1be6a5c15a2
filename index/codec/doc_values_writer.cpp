#include <algorithm>
#include <bit>

#include "index/codec/doc_values_format.h"

namespace pharos::codec {

namespace {

// Maps doubles to int64 keys whose signed order is the IEEE total order (NaN sorts last).
int64_t sortable_double_bits(double v) {
  int64_t bits = std::bit_cast<int64_t>(v);
  return bits ^ ((bits >> 63) & 0x7FFFFFFFFFFFFFFFll);
}

struct Entry {
  uint8_t single = 1;
  uint64_t value_count = 0, values_off = 0, aux_off = 0;
  int64_t min = 0, max = 0;
  uint32_t dict_count = 0;
  uint64_t dict_ends_off = 0, dict_blob_off = 0, dict_blob_len = 0;
};

// Per-doc [begin, end) ranges of a column's values (docs are non-decreasing).
std::vector<uint32_t> doc_offsets(const std::vector<uint32_t>& docs, uint32_t max_doc) {
  std::vector<uint32_t> offsets(static_cast<size_t>(max_doc) + 1, 0);
  for (uint32_t d : docs) ++offsets[d + 1];
  for (size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  return offsets;
}

void write_offsets_if_multi(ByteWriter& out, Entry& e, const std::vector<uint32_t>& offsets) {
  if (e.single) return;
  align_to(out, 8);
  e.aux_off = out.size();
  out.put_raw(offsets.data(), offsets.size() * 4);
}

void write_numeric(ByteWriter& out, Entry& e, std::vector<int64_t>& vals, const std::vector<uint32_t>& offsets,
                   uint32_t max_doc, bool floating) {
  for (uint32_t d = 0; d < max_doc; ++d) {
    auto b = vals.begin() + offsets[d], en = vals.begin() + offsets[d + 1];
    if (floating) {
      std::sort(b, en, [](int64_t x, int64_t y) {
        return sortable_double_bits(std::bit_cast<double>(x)) < sortable_double_bits(std::bit_cast<double>(y));
      });
    } else {
      std::sort(b, en);
    }
    if (en - b > 1) e.single = 0;
  }
  if (!floating && !vals.empty()) {
    auto [mn, mx] = std::minmax_element(vals.begin(), vals.end());
    e.min = *mn;
    e.max = *mx;
  }
  align_to(out, 8);
  e.values_off = out.size();
  if (e.single) {
    e.value_count = max_doc;
    std::vector<int64_t> dense(max_doc, 0);
    std::vector<uint64_t> presence((max_doc + 63) / 64, 0);
    for (uint32_t d = 0; d < max_doc; ++d) {
      if (offsets[d + 1] > offsets[d]) {
        dense[d] = vals[offsets[d]];
        presence[d >> 6] |= 1ull << (d & 63);
      }
    }
    out.put_raw(dense.data(), dense.size() * 8);
    e.aux_off = out.size();
    out.put_raw(presence.data(), presence.size() * 8);
  } else {
    e.value_count = vals.size();
    out.put_raw(vals.data(), vals.size() * 8);
    write_offsets_if_multi(out, e, offsets);
  }
}

void write_sorted(ByteWriter& out, Entry& e, const std::string& blob, const std::vector<uint32_t>& ends,
                  const std::vector<uint32_t>& offsets, uint32_t max_doc) {
  auto value = [&](size_t i) {
    uint32_t b = i == 0 ? 0 : ends[i - 1];
    return std::string_view(blob).substr(b, ends[i] - b);
  };
  std::vector<std::string_view> dict;
  dict.reserve(ends.size());
  for (size_t i = 0; i < ends.size(); ++i) dict.push_back(value(i));
  std::sort(dict.begin(), dict.end());
  dict.erase(std::unique(dict.begin(), dict.end()), dict.end());
  std::vector<uint32_t> ords(ends.size());
  for (size_t i = 0; i < ends.size(); ++i) {
    ords[i] = static_cast<uint32_t>(std::lower_bound(dict.begin(), dict.end(), value(i)) - dict.begin());
  }
  // Sets: ascending, duplicates within a doc removed.
  std::vector<uint32_t> new_offsets(static_cast<size_t>(max_doc) + 1, 0);
  size_t w = 0;
  for (uint32_t d = 0; d < max_doc; ++d) {
    auto b = ords.begin() + offsets[d], en = ords.begin() + offsets[d + 1];
    std::sort(b, en);
    uint32_t begin = static_cast<uint32_t>(w);
    for (auto it = b; it != en; ++it) {
      if (w == begin || ords[w - 1] != *it) ords[w++] = *it;
    }
    new_offsets[d + 1] = static_cast<uint32_t>(w);
    if (w - begin > 1) e.single = 0;
  }
  ords.resize(w);
  align_to(out, 8);
  e.values_off = out.size();
  if (e.single) {
    e.value_count = max_doc;
    std::vector<uint32_t> dense(max_doc, kNoOrdinalCodec);
    for (uint32_t d = 0; d < max_doc; ++d) {
      if (new_offsets[d + 1] > new_offsets[d]) dense[d] = ords[new_offsets[d]];
    }
    out.put_raw(dense.data(), dense.size() * 4);
  } else {
    e.value_count = ords.size();
    out.put_raw(ords.data(), ords.size() * 4);
    write_offsets_if_multi(out, e, new_offsets);
  }
  align_to(out, 8);
  e.dict_count = static_cast<uint32_t>(dict.size());
  e.dict_ends_off = out.size();
  uint32_t end = 0;
  for (std::string_view v : dict) {
    end += static_cast<uint32_t>(v.size());
    out.put_u32(end);
  }
  e.dict_blob_off = out.size();
  e.dict_blob_len = end;
  for (std::string_view v : dict) out.put_bytes(v);
}

}  // namespace

DocValuesWriter::Column& DocValuesWriter::column(DocValuesKind kind, std::string_view field) {
  std::string key;
  key.reserve(field.size() + 1);
  key.push_back(static_cast<char>(kind));
  key.append(field);
  auto it = index_.find(key);
  if (it != index_.end()) return columns_[it->second];
  index_.emplace(std::move(key), columns_.size());
  Column& c = columns_.emplace_back();
  c.kind = kind;
  c.name = std::string(field);
  ram_bytes_ += 128 + field.size();
  return c;
}

void DocValuesWriter::add_numeric(std::string_view field, uint32_t doc, int64_t value) {
  Column& c = column(DocValuesKind::numeric, field);
  c.docs.push_back(doc);
  c.ints.push_back(value);
  ram_bytes_ += 12;
}

void DocValuesWriter::add_floating(std::string_view field, uint32_t doc, double value) {
  Column& c = column(DocValuesKind::floating, field);
  c.docs.push_back(doc);
  c.ints.push_back(std::bit_cast<int64_t>(value));
  ram_bytes_ += 12;
}

void DocValuesWriter::add_sorted(std::string_view field, uint32_t doc, std::string_view value) {
  Column& c = column(DocValuesKind::sorted_set, field);
  c.docs.push_back(doc);
  c.blob.append(value);
  c.ends.push_back(static_cast<uint32_t>(c.blob.size()));
  ram_bytes_ += 8 + value.size();
}

std::string DocValuesWriter::finish(std::string_view segment, uint32_t max_doc) {
  std::sort(columns_.begin(), columns_.end(), [](const Column& a, const Column& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  });
  ByteWriter out;
  write_header(out, kDocValuesCodec, kDocValuesVersion, segment);
  std::vector<Entry> entries(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    std::vector<uint32_t> offsets = doc_offsets(c.docs, max_doc);
    if (c.kind == DocValuesKind::sorted_set) {
      write_sorted(out, entries[i], c.blob, c.ends, offsets, max_doc);
    } else {
      write_numeric(out, entries[i], c.ints, offsets, max_doc, c.kind == DocValuesKind::floating);
    }
  }
  uint64_t dir = out.size();
  out.put_varint(max_doc);
  out.put_varint(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Entry& e = entries[i];
    out.put_u8(static_cast<uint8_t>(columns_[i].kind));
    out.put_string(columns_[i].name);
    out.put_u8(e.single);
    out.put_u64(e.value_count);
    out.put_u64(e.values_off);
    out.put_u64(e.aux_off);
    out.put_i64(e.min);
    out.put_i64(e.max);
    out.put_u32(e.dict_count);
    out.put_u64(e.dict_ends_off);
    out.put_u64(e.dict_blob_off);
    out.put_u64(e.dict_blob_len);
  }
  write_trailer(out, dir);
  columns_.clear();
  index_.clear();
  ram_bytes_ = 0;
  return out.release();
}

}  // namespace pharos::codec
