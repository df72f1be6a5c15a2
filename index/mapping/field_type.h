// The field types a mapping can declare, and the storage each implies.
#pragma once

#include <optional>
#include <string_view>

namespace pharos::mapping {

enum class FieldType {
  text,
  match_only_text,
  keyword,
  long_,
  integer,
  short_,
  byte,
  unsigned_long,
  double_,
  float_,
  half_float,
  scaled_float,
  boolean,
  date,
  date_nanos,
  ip,
  object,
  nested,
  flat_object,
  knn_vector,
  binary,
  alias,
  integer_range,
  long_range,
  float_range,
  double_range,
  date_range,
  ip_range,
};

std::optional<FieldType> field_type_from_name(std::string_view name);
std::string_view field_type_name(FieldType type);

// What a field type stores as doc values (the columnar store used by sort, aggs and PPL).
enum class DocValueKind {
  none,
  numeric,   // int64: integers, dates (millis), date_nanos (nanos), booleans (0/1), scaled_float (scaled)
  floating,  // double: double, float, half_float
  keyword,   // sorted set of byte strings (keyword ordinals against a sorted per-segment dictionary)
  ip,        // 16-byte IPv6 (IPv4 mapped), sorted set like keyword
};

DocValueKind doc_value_kind(FieldType type);
bool is_numeric(FieldType type);
// object and nested (nested is accepted and treated as object).
bool is_object_like(FieldType type);
// integer_range ... ip_range: values are {gt|gte, lt|lte} objects (see range_value.h).
bool is_range(FieldType type);

}  // namespace pharos::mapping
