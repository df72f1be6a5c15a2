// Doc values (.dvd): columnar per-field values for sort, aggregations and PPL scans.
// Every column is fixed-width so scans are plain array walks over the map:
//  - numeric / floating single-valued: int64/double[max_doc] (0 when missing) + presence bitmap;
//  - numeric / floating multi-valued: u32 offsets[max_doc+1] into a flat ascending value array;
//  - sorted set (keyword, ip): sorted unique byte-string dictionary + ordinals, single-valued as
//    u32[max_doc] (kNoOrdinalCodec when missing), multi-valued as offsets + ordinal array.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/base/status.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {

constexpr uint32_t kDocValuesVersion = 1;
constexpr char kDocValuesCodec[] = "PharosDocValues";
constexpr uint32_t kNoOrdinalCodec = 0xFFFFFFFFu;

enum class DocValuesKind : uint8_t { numeric = 1, floating = 2, sorted_set = 3 };

// Accumulates values (docs in non-decreasing order per field) and writes the file.
class DocValuesWriter {
 public:
  void add_numeric(std::string_view field, uint32_t doc, int64_t value);
  void add_floating(std::string_view field, uint32_t doc, double value);
  void add_sorted(std::string_view field, uint32_t doc, std::string_view value);
  size_t ram_bytes() const { return ram_bytes_; }
  std::string finish(std::string_view segment, uint32_t max_doc);

 private:
  struct Column {
    DocValuesKind kind = DocValuesKind::numeric;
    std::string name;
    std::vector<uint32_t> docs;  // one entry per value
    std::vector<int64_t> ints;   // numeric values, or double bits for floating
    std::string blob;            // sorted-set values, concatenated
    std::vector<uint32_t> ends;  // end of each sorted-set value in blob
  };
  Column& column(DocValuesKind kind, std::string_view field);
  std::unordered_map<std::string, size_t> index_;
  std::vector<Column> columns_;
  size_t ram_bytes_ = 0;
};

// A column as it lies in the map. Pointers are aligned and bounds-checked at open.
struct DocValuesColumn {
  DocValuesKind kind = DocValuesKind::numeric;
  std::string name;
  bool single = true;
  uint32_t max_doc = 0;
  uint64_t value_count = 0;
  const int64_t* ints = nullptr;       // numeric values
  const double* doubles = nullptr;     // floating values
  const uint32_t* ords = nullptr;      // sorted-set ordinals
  const uint64_t* presence = nullptr;  // single-valued numeric/floating: bit per doc
  const uint32_t* offsets = nullptr;   // multi-valued: max_doc + 1 entries
  int64_t min = 0, max = 0;            // numeric only (0/0 when empty)
  uint32_t dict_count = 0;
  const uint32_t* dict_ends = nullptr;  // dict_count entries: end of each value in dict_blob
  const char* dict_blob = nullptr;

  uint32_t count(uint32_t doc) const {
    if (!single) return offsets[doc + 1] - offsets[doc];
    if (kind == DocValuesKind::sorted_set) return ords[doc] != kNoOrdinalCodec ? 1 : 0;
    return static_cast<uint32_t>((presence[doc >> 6] >> (doc & 63)) & 1);
  }
  uint64_t first(uint32_t doc) const { return single ? doc : offsets[doc]; }
  std::string_view dict_value(uint32_t ord) const {
    uint32_t begin = ord == 0 ? 0 : dict_ends[ord - 1];
    return {dict_blob + begin, dict_ends[ord] - begin};
  }
};

class DocValuesReader {
 public:
  static Result<DocValuesReader> open(const VerifiedFile& file, uint32_t max_doc);
  const DocValuesColumn* column(DocValuesKind kind, std::string_view name) const;
  const std::vector<DocValuesColumn>& columns() const { return columns_; }  // sorted by (kind, name)

 private:
  std::vector<DocValuesColumn> columns_;
};

}  // namespace pharos::codec
