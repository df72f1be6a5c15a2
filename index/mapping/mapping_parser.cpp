#include "index/mapping/mapping_parser.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/date_format.h"
#include "index/mapping/field_params.h"

namespace pharos::mapping {

namespace {

using json = nlohmann::json;

Status mapping_error(std::string message) { return Status(ErrorKind::mapping_error, std::move(message)); }

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Result<bool> as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return mapping_error("Failed to parse value [" + value_text(v) + "] as only [true] or [false] are allowed.");
}

Result<int64_t> as_integer(const json& v, const std::string& key) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float() && std::isfinite(v.get<double>()) && std::abs(v.get<double>()) < 1e15) {
    return static_cast<int64_t>(v.get<double>());
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    errno = 0;
    long long parsed = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return static_cast<int64_t>(parsed);
  }
  return mapping_error("Failed to parse value [" + value_text(v) + "] for [" + key + "]: not an integer");
}

Result<std::string> as_string(const json& v, const std::string& key, const FieldMapping& f) {
  if (v.is_string()) return v.get<std::string>();
  return mapping_error("[" + key + "] on mapper [" + f.path + "] of type [" + std::string(field_type_name(f.type)) +
                       "] must be a string, got [" + value_text(v) + "]");
}

Status check_name(const std::string& name) {
  if (name.empty()) return Status(ErrorKind::invalid_argument, "field name cannot be an empty string");
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
    return mapping_error("field name cannot contain only whitespace: ['" + name + "']");
  }
  return Status::ok();
}

std::string child_path(const FieldMapping& parent, const std::string& name) {
  return parent.path.empty() ? name : parent.path + "." + name;
}

// Inserts `child` under parent.properties; an object already there (from "a.b" dotted keys)
// absorbs the new object's properties instead of being replaced.
void insert_property(FieldMapping& parent, FieldMapping child) {
  auto it = parent.properties.find(child.name);
  if (it != parent.properties.end() && is_object_like(it->second.type) && is_object_like(child.type)) {
    for (auto& [name, grandchild] : child.properties) it->second.properties.insert_or_assign(name, std::move(grandchild));
    if (child.dynamic) it->second.dynamic = child.dynamic;
    if (!child.enabled) it->second.enabled = false;
    if (child.type == FieldType::nested) it->second.type = FieldType::nested;
    return;
  }
  std::string name = child.name;
  parent.properties.insert_or_assign(name, std::move(child));
}

Status validate_knn(const FieldMapping& f, const json& extra) {
  const bool has_model = extra.contains("model_id");
  if (!f.dimension) {
    if (has_model) return Status::ok();
    return mapping_error("Dimension value missing for vector: " + f.path);
  }
  if (*f.dimension == 0) return mapping_error("Dimension value must be greater than 0 for vector: " + f.path);
  if (*f.dimension > 16000) return mapping_error("Dimension value cannot be greater than 16000 for vector: " + f.path);
  std::string data_type = "float";
  if (extra.contains("data_type")) {
    if (!extra["data_type"].is_string()) return mapping_error("[data_type] must be a string for vector: " + f.path);
    data_type = extra["data_type"].get<std::string>();
    if (data_type != "float" && data_type != "byte" && data_type != "binary") {
      return mapping_error("Invalid value provided for [data_type] field. Supported values are [binary, byte, float]");
    }
  }
  if (data_type == "binary" && *f.dimension % 8 != 0) {
    return mapping_error("The dimension of the binary vector must be a multiple of 8. Dimension: " +
                         std::to_string(*f.dimension));
  }
  if (extra.contains("space_type")) {
    static constexpr std::array<std::string_view, 6> kSpaces = {"l2", "cosinesimil", "innerproduct",
                                                                "l1", "linf",        "hamming"};
    const json& space = extra["space_type"];
    if (!space.is_string() ||
        std::find(kSpaces.begin(), kSpaces.end(), space.get_ref<const std::string&>()) == kSpaces.end()) {
      return mapping_error("Unable to find space: " + value_text(space));
    }
  }
  if (extra.contains("method") && !extra["method"].is_object()) {
    return mapping_error("Unable to parse [method] for vector: " + f.path);
  }
  return Status::ok();
}

Status validate_field(const FieldMapping& f, const json& extra) {
  switch (f.type) {
    case FieldType::scaled_float:
      if (!f.scaling_factor) return mapping_error("Field [scaling_factor] is required");
      return Status::ok();
    case FieldType::knn_vector:
      return validate_knn(f, extra);
    case FieldType::alias:
      if (!f.alias_path) return mapping_error("The [path] property must be specified for field [" + f.path + "].");
      return Status::ok();
    default:
      return Status::ok();
  }
}

}  // namespace

Status MappingParser::check_analyzer(const std::string& name) const {
  if (analysis_.has(name)) return Status::ok();
  return mapping_error("analyzer [" + name + "] has not been configured in mappings");
}

Status MappingParser::parse_param(const std::string& key, const json& value, FieldMapping& f, json& extra) const {
  if (key == "index" || key == "doc_values" || key == "store" || key == "coerce" || key == "ignore_malformed" ||
      key == "enabled" || key == "norms") {
    PHAROS_ASSIGN_OR_RETURN(bool b, as_bool(value));
    if (key == "index") f.index = b;
    if (key == "doc_values") f.doc_values = b;
    if (key == "store") f.store = b;
    if (key == "coerce") f.coerce = b;
    if (key == "ignore_malformed") f.ignore_malformed = b;
    if (key == "enabled") f.enabled = b;
    if (key == "norms") f.norms = b;
  } else if (key == "analyzer" || key == "search_analyzer" || key == "search_quote_analyzer") {
    PHAROS_ASSIGN_OR_RETURN(std::string name, as_string(value, key, f));
    PHAROS_RETURN_IF_ERROR(check_analyzer(name));
    (key == "analyzer" ? f.analyzer : key == "search_analyzer" ? f.search_analyzer : f.search_quote_analyzer) = name;
  } else if (key == "normalizer") {
    PHAROS_ASSIGN_OR_RETURN(std::string name, as_string(value, key, f));
    if (name != "lowercase" && !analysis_.has(name)) {
      return mapping_error("normalizer [" + name + "] not found for field [" + f.path + "]");
    }
    f.normalizer = name;
  } else if (key == "ignore_above" || key == "position_increment_gap" || key == "dimension") {
    PHAROS_ASSIGN_OR_RETURN(int64_t n, as_integer(value, key));
    if (key == "dimension") {
      if (n <= 0) return mapping_error("Dimension value must be greater than 0 for vector: " + f.path);
      if (n > 16000) return mapping_error("Dimension value cannot be greater than 16000 for vector: " + f.path);
      f.dimension = static_cast<uint32_t>(n);
    } else if (n < 0 || n > UINT32_MAX) {
      return mapping_error("[" + key + "] must be positive, got [" + std::to_string(n) + "]");
    } else {
      (key == "ignore_above" ? f.ignore_above : f.position_increment_gap) = static_cast<uint32_t>(n);
    }
  } else if (key == "format") {
    PHAROS_ASSIGN_OR_RETURN(std::string pattern, as_string(value, key, f));
    auto parsed = DateFormat::parse(pattern);
    if (!parsed.is_ok()) {
      return mapping_error("Error parsing [format] on field [" + f.name + "]: " + parsed.status().message());
    }
    f.format = pattern;
  } else if (key == "scaling_factor") {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() <= 0) {
      return mapping_error("[scaling_factor] must be a positive number, got [" + value_text(value) + "]");
    }
    f.scaling_factor = value.get<double>();
  } else if (key == "null_value") {
    if (value.is_null()) {
      return mapping_error("[null_value] on mapper [" + f.path + "] of type [" +
                           std::string(field_type_name(f.type)) + "] must not have a [null] value");
    }
    f.null_value = value.dump();
  } else if (key == "similarity") {
    PHAROS_ASSIGN_OR_RETURN(std::string name, as_string(value, key, f));
    f.similarity = name;
  } else if (key == "index_options") {
    PHAROS_ASSIGN_OR_RETURN(std::string option, as_string(value, key, f));
    if (option != "docs" && option != "freqs" && option != "positions" && option != "offsets") {
      return mapping_error("Unknown value [" + option +
                           "] for field [index_options] - accepted values are [positions, docs, freqs, offsets]");
    }
    f.index_options = option;
  } else if (key == "copy_to") {
    f.copy_to.clear();
    if (value.is_string()) {
      f.copy_to.push_back(value.get<std::string>());
    } else if (value.is_array()) {
      for (const auto& target : value) {
        if (!target.is_string()) return mapping_error("[copy_to] must hold field names");
        f.copy_to.push_back(target.get<std::string>());
      }
    } else {
      return mapping_error("[copy_to] must be a field name or an array of field names");
    }
  } else if (key == "path") {
    PHAROS_ASSIGN_OR_RETURN(std::string target, as_string(value, key, f));
    f.alias_path = target;
  } else if (key == "dynamic") {
    PHAROS_ASSIGN_OR_RETURN(DynamicMode mode, parse_dynamic_mode(value));
    f.dynamic = mode;
  } else if (key == "fields") {
    if (!value.is_object()) {
      return mapping_error("Expected map for property [fields] on field [" + f.name + "] but got " + value.dump());
    }
    for (const auto& [sub_name, sub_def] : value.items()) {
      PHAROS_RETURN_IF_ERROR(check_name(sub_name));
      PHAROS_ASSIGN_OR_RETURN(FieldMapping sub, parse_field(sub_name, f.path + "." + sub_name, sub_def, true));
      f.fields.insert_or_assign(sub_name, std::move(sub));
    }
  } else if (key == "properties") {
    PHAROS_RETURN_IF_ERROR(parse_properties(value, f));
  } else {
    extra[key] = value;
  }
  return Status::ok();
}

Result<FieldMapping> MappingParser::parse_field(const std::string& name, const std::string& path, const json& def,
                                                bool multi_field) const {
  if (!def.is_object()) {
    return mapping_error("Expected map for property [" + name + "] but got " + value_text(def));
  }
  FieldMapping f;
  f.name = name;
  f.path = path;
  f.type = FieldType::object;  // no "type": an object, as OpenSearch does
  if (auto it = def.find("type"); it != def.end()) {
    if (!it->is_string()) return mapping_error("No handler for type [" + value_text(*it) + "] declared on field [" + name + "]");
    auto type = field_type_from_name(it->get_ref<const std::string&>());
    if (!type) {
      return mapping_error("No handler for type [" + it->get<std::string>() + "] declared on field [" + name + "]");
    }
    f.type = *type;
  }
  if (multi_field && (is_object_like(f.type) || f.type == FieldType::flat_object || f.type == FieldType::alias)) {
    return mapping_error("Type [" + std::string(field_type_name(f.type)) + "] cannot be used in multi field");
  }
  f.doc_values = default_doc_values(f.type);
  json extra = json::object();
  for (const auto& [key, value] : def.items()) {
    if (key == "type") continue;
    if (!param_allowed(f.type, key)) {
      if (is_object_like(f.type)) {
        return mapping_error("Mapping definition for [" + name + "] has unsupported parameters:  [" + key + " : " +
                             value_text(value) + "]");
      }
      return mapping_error("unknown parameter [" + key + "] on mapper [" + name + "] of type [" +
                           std::string(field_type_name(f.type)) + "]");
    }
    PHAROS_RETURN_IF_ERROR(parse_param(key, value, f, extra));
  }
  PHAROS_RETURN_IF_ERROR(validate_field(f, extra));
  if (!extra.empty()) f.extra_json = extra.dump();
  return f;
}

Status MappingParser::parse_properties(const json& properties, FieldMapping& parent) const {
  if (!properties.is_object()) {
    return mapping_error("Expected map for property [properties] on field [" +
                         (parent.path.empty() ? std::string("_doc") : parent.name) + "]");
  }
  for (const auto& [key, def] : properties.items()) {
    PHAROS_RETURN_IF_ERROR(check_name(key));
    // "a.b": {...} is shorthand for "a": {"properties": {"b": {...}}}.
    FieldMapping* parent_object = &parent;
    size_t start = 0;
    size_t dot;
    while ((dot = key.find('.', start)) != std::string::npos) {
      std::string segment = key.substr(start, dot - start);
      PHAROS_RETURN_IF_ERROR(check_name(segment));
      auto it = parent_object->properties.find(segment);
      if (it == parent_object->properties.end()) {
        FieldMapping object;
        object.name = segment;
        object.path = child_path(*parent_object, segment);
        object.type = FieldType::object;
        object.doc_values = false;
        it = parent_object->properties.emplace(segment, std::move(object)).first;
      } else if (!is_object_like(it->second.type)) {
        return mapping_error("Could not dynamically add mapping for field [" + key + "]. Existing mapping for [" +
                             it->second.path + "] must be of type object but found [" +
                             std::string(field_type_name(it->second.type)) + "].");
      }
      parent_object = &it->second;
      start = dot + 1;
    }
    std::string leaf = key.substr(start);
    PHAROS_RETURN_IF_ERROR(check_name(leaf));
    PHAROS_ASSIGN_OR_RETURN(FieldMapping field, parse_field(leaf, child_path(*parent_object, leaf), def, false));
    insert_property(*parent_object, std::move(field));
  }
  return Status::ok();
}

}  // namespace pharos::mapping
