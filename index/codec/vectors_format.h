// Vectors (.vec): per field, float32 rows of `dimension` values, row-major, max_doc rows
// (zeros where a doc has none) plus a presence bitmap. Rows are zero-copy spans over the map.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/base/status.h"
#include "index/codec/codec_util.h"

namespace pharos::codec {

constexpr uint32_t kVectorsVersion = 1;
constexpr char kVectorsCodec[] = "PharosVectors";

class VectorsWriter {
 public:
  // The first vector of a field fixes its dimension; later ones of another length, and a
  // second vector for the same doc, are ignored (the mapping enforces both upstream).
  void add(std::string_view field, uint32_t doc, std::span<const float> values);
  size_t ram_bytes() const { return ram_bytes_; }
  std::string finish(std::string_view segment, uint32_t max_doc);

 private:
  struct Field {
    std::string name;
    uint32_t dimension = 0;
    std::vector<uint32_t> docs;
    std::vector<float> data;
  };
  std::unordered_map<std::string, size_t> index_;
  std::vector<Field> fields_;
  size_t ram_bytes_ = 0;
};

struct VectorColumn {
  std::string name;
  uint32_t dimension = 0;
  uint32_t max_doc = 0;
  const uint64_t* presence = nullptr;
  const float* data = nullptr;
  bool has(uint32_t doc) const { return (presence[doc >> 6] >> (doc & 63)) & 1; }
  std::span<const float> row(uint32_t doc) const {
    if (!has(doc)) return {};
    return {data + static_cast<size_t>(doc) * dimension, dimension};
  }
};

class VectorsReader {
 public:
  static Result<VectorsReader> open(const VerifiedFile& file, uint32_t max_doc);
  const VectorColumn* field(std::string_view name) const;
  const std::vector<VectorColumn>& fields() const { return fields_; }  // sorted by name

 private:
  std::vector<VectorColumn> fields_;
};

}  // namespace pharos::codec
