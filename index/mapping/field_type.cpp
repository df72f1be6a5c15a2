#include "index/mapping/field_type.h"

#include <array>
#include <utility>

namespace pharos::mapping {

namespace {

// Index = enum value; the names are OpenSearch's `type` strings.
constexpr std::array<std::pair<FieldType, std::string_view>, 28> kNames = {{
    {FieldType::text, "text"},
    {FieldType::match_only_text, "match_only_text"},
    {FieldType::keyword, "keyword"},
    {FieldType::long_, "long"},
    {FieldType::integer, "integer"},
    {FieldType::short_, "short"},
    {FieldType::byte, "byte"},
    {FieldType::unsigned_long, "unsigned_long"},
    {FieldType::double_, "double"},
    {FieldType::float_, "float"},
    {FieldType::half_float, "half_float"},
    {FieldType::scaled_float, "scaled_float"},
    {FieldType::boolean, "boolean"},
    {FieldType::date, "date"},
    {FieldType::date_nanos, "date_nanos"},
    {FieldType::ip, "ip"},
    {FieldType::object, "object"},
    {FieldType::nested, "nested"},
    {FieldType::flat_object, "flat_object"},
    {FieldType::knn_vector, "knn_vector"},
    {FieldType::binary, "binary"},
    {FieldType::alias, "alias"},
    {FieldType::integer_range, "integer_range"},
    {FieldType::long_range, "long_range"},
    {FieldType::float_range, "float_range"},
    {FieldType::double_range, "double_range"},
    {FieldType::date_range, "date_range"},
    {FieldType::ip_range, "ip_range"},
}};

}  // namespace

std::optional<FieldType> field_type_from_name(std::string_view name) {
  for (const auto& [type, type_name] : kNames) {
    if (type_name == name) return type;
  }
  return std::nullopt;
}

std::string_view field_type_name(FieldType type) {
  for (const auto& [candidate, type_name] : kNames) {
    if (candidate == type) return type_name;
  }
  return "unknown";
}

DocValueKind doc_value_kind(FieldType type) {
  switch (type) {
    case FieldType::keyword:
    case FieldType::flat_object:
      return DocValueKind::keyword;
    case FieldType::long_:
    case FieldType::integer:
    case FieldType::short_:
    case FieldType::byte:
    case FieldType::unsigned_long:
    case FieldType::scaled_float:
    case FieldType::boolean:
    case FieldType::date:
    case FieldType::date_nanos:
      return DocValueKind::numeric;
    case FieldType::double_:
    case FieldType::float_:
    case FieldType::half_float:
      return DocValueKind::floating;
    case FieldType::ip:
      return DocValueKind::ip;
    default:
      return DocValueKind::none;
  }
}

bool is_numeric(FieldType type) {
  switch (type) {
    case FieldType::long_:
    case FieldType::integer:
    case FieldType::short_:
    case FieldType::byte:
    case FieldType::unsigned_long:
    case FieldType::double_:
    case FieldType::float_:
    case FieldType::half_float:
    case FieldType::scaled_float:
      return true;
    default:
      return false;
  }
}

bool is_object_like(FieldType type) { return type == FieldType::object || type == FieldType::nested; }

bool is_range(FieldType type) {
  switch (type) {
    case FieldType::integer_range:
    case FieldType::long_range:
    case FieldType::float_range:
    case FieldType::double_range:
    case FieldType::date_range:
    case FieldType::ip_range:
      return true;
    default:
      return false;
  }
}

}  // namespace pharos::mapping
