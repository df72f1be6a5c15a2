#include "index/mapping/field_params.h"

#include <algorithm>
#include <initializer_list>

#include <nlohmann/json.hpp>

namespace pharos::mapping {

namespace {

bool in(std::string_view param, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), param) != list.end();
}

}  // namespace

bool param_allowed(FieldType type, std::string_view p) {
  switch (type) {
    case FieldType::text:
    case FieldType::match_only_text:
      return in(p, {"analyzer", "search_analyzer", "search_quote_analyzer", "index", "store", "fields", "copy_to",
                    "boost", "norms", "index_options", "index_phrases", "index_prefixes", "position_increment_gap",
                    "fielddata", "fielddata_frequency_filter", "eager_global_ordinals", "meta", "similarity",
                    "term_vector"});
    case FieldType::keyword:
      return in(p, {"index", "doc_values", "store", "ignore_above", "normalizer", "null_value", "fields", "copy_to",
                    "boost", "norms", "index_options", "eager_global_ordinals", "meta", "similarity",
                    "split_queries_on_whitespace"});
    case FieldType::long_:
    case FieldType::integer:
    case FieldType::short_:
    case FieldType::byte:
    case FieldType::unsigned_long:
    case FieldType::double_:
    case FieldType::float_:
    case FieldType::half_float:
      return in(p, {"index", "doc_values", "store", "coerce", "ignore_malformed", "null_value", "fields", "copy_to",
                    "boost", "meta"});
    case FieldType::scaled_float:
      return in(p, {"index", "doc_values", "store", "coerce", "ignore_malformed", "null_value", "fields", "copy_to",
                    "boost", "meta", "scaling_factor"});
    case FieldType::boolean:
      return in(p, {"index", "doc_values", "store", "null_value", "fields", "copy_to", "boost", "meta"});
    case FieldType::date:
    case FieldType::date_nanos:
      return in(p, {"index", "doc_values", "store", "format", "locale", "ignore_malformed", "null_value", "fields",
                    "copy_to", "boost", "meta", "print_format"});
    case FieldType::ip:
      return in(p, {"index", "doc_values", "store", "ignore_malformed", "null_value", "fields", "copy_to", "boost",
                    "meta"});
    case FieldType::object:
      return in(p, {"properties", "dynamic", "enabled"});
    case FieldType::nested:
      return in(p, {"properties", "dynamic", "enabled", "include_in_parent", "include_in_root"});
    case FieldType::flat_object:
      return in(p, {"index", "doc_values", "store", "meta"});
    case FieldType::knn_vector:
      return in(p, {"dimension", "method", "space_type", "data_type", "mode", "compression_level", "model_id",
                    "meta", "doc_values", "store", "index"});
    case FieldType::binary:
      return in(p, {"doc_values", "store", "meta"});
    case FieldType::alias:
      return in(p, {"path"});
    case FieldType::integer_range:
    case FieldType::long_range:
    case FieldType::float_range:
    case FieldType::double_range:
    case FieldType::ip_range:
      return in(p, {"index", "doc_values", "store", "coerce", "copy_to", "boost", "meta"});
    case FieldType::date_range:
      return in(p, {"index", "doc_values", "store", "coerce", "copy_to", "boost", "meta", "format", "locale"});
  }
  return false;
}

bool default_doc_values(FieldType type) {
  switch (type) {
    case FieldType::text:
    case FieldType::match_only_text:
    case FieldType::object:
    case FieldType::nested:
    case FieldType::binary:
    case FieldType::alias:
      return false;
    default:
      return true;
  }
}

bool extra_param_updatable(std::string_view param) {
  return !in(param, {"method", "space_type", "data_type", "mode", "compression_level", "model_id", "index_phrases",
                     "index_prefixes", "term_vector", "locale", "include_in_parent", "include_in_root",
                     "split_queries_on_whitespace"});
}

Result<DynamicMode> parse_dynamic_mode(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? DynamicMode::true_ : DynamicMode::false_;
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s == "true") return DynamicMode::true_;
    if (s == "false") return DynamicMode::false_;
    if (s == "strict") return DynamicMode::strict;
    if (s == "runtime") return DynamicMode::runtime;
    if (s == "strict_allow_templates") return DynamicMode::strict_allow_templates;
  }
  return Status(ErrorKind::mapping_error, "Could not convert [dynamic] to boolean: unknown value [" +
                                              (value.is_string() ? value.get<std::string>() : value.dump()) +
                                              "], allowed values are [true, false, strict, strict_allow_templates, runtime]");
}

std::string_view dynamic_mode_name(DynamicMode mode) {
  switch (mode) {
    case DynamicMode::true_: return "true";
    case DynamicMode::false_: return "false";
    case DynamicMode::strict: return "strict";
    case DynamicMode::runtime: return "runtime";
    case DynamicMode::strict_allow_templates: return "strict_allow_templates";
  }
  return "true";
}

}  // namespace pharos::mapping
