// The root of a `mappings` body and the JSON rendering of mappings (GET _mapping).
#include <nlohmann/json.hpp>

#include "index/mapping/date_format.h"
#include "index/mapping/field_params.h"
#include "index/mapping/mapping_parser.h"

namespace pharos::mapping {

namespace {

using json = nlohmann::json;

Status mapping_error(std::string message) { return Status(ErrorKind::mapping_error, std::move(message)); }

Result<std::vector<std::string>> string_or_list(const json& value, const std::string& key) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string()) return mapping_error("[" + key + "] must hold strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  return mapping_error("[" + key + "] must be a string or an array of strings");
}

Result<DynamicTemplate> parse_dynamic_template(const json& entry) {
  if (!entry.is_object() || entry.size() != 1 || !entry.begin().value().is_object()) {
    return mapping_error("A dynamic template must be defined with a name");
  }
  DynamicTemplate t;
  t.name = entry.begin().key();
  const json& body = entry.begin().value();
  bool has_mapping = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "mapping") {
      if (!value.is_object()) return mapping_error("dynamic template [" + t.name + "] has an invalid [mapping]");
      t.mapping_json = value.dump();
      has_mapping = true;
    } else if (key == "match_mapping_type") {
      if (!value.is_string()) return mapping_error("[match_mapping_type] must be a string");
      t.match_mapping_type = value.get<std::string>();
    } else if (key == "match" || key == "unmatch" || key == "path_match" || key == "path_unmatch") {
      PHAROS_ASSIGN_OR_RETURN(auto patterns, string_or_list(value, key));
      (key == "match" ? t.match : key == "unmatch" ? t.unmatch : key == "path_match" ? t.path_match : t.path_unmatch) =
          std::move(patterns);
    } else if (key == "match_pattern") {
      if (!value.is_string() || (value != "regex" && value != "simple")) {
        return mapping_error("Illegal match_pattern value [" + value.dump() + "]");
      }
      t.regex = value == "regex";
    } else {
      return mapping_error("Illegal dynamic template parameter: [" + key + "]");
    }
  }
  if (!has_mapping) return mapping_error("template [" + t.name + "] must have either mapping or runtime set");
  return t;
}

}  // namespace

Status MappingParser::parse_root_key(const std::string& key, const json& value, Mapping& out, json& extra) const {
  if (key == "properties") return parse_properties(value, out.root_);
  if (key == "dynamic") {
    PHAROS_ASSIGN_OR_RETURN(DynamicMode mode, parse_dynamic_mode(value));
    out.dynamic_ = mode;
    out.root_.dynamic = mode;
    return Status::ok();
  }
  if (key == "_meta") {
    if (!value.is_object()) return mapping_error("[_meta] must be an object");
    out.meta_json_ = value.dump();
    return Status::ok();
  }
  if (key == "date_detection" || key == "numeric_detection") {
    if (!value.is_boolean() && !(value.is_string() && (value == "true" || value == "false"))) {
      return mapping_error("Failed to parse value [" + value.dump() + "] as only [true] or [false] are allowed.");
    }
    const bool b = value.is_boolean() ? value.get<bool>() : value == "true";
    (key == "date_detection" ? out.date_detection_ : out.numeric_detection_) = b;
  } else if (key == "dynamic_date_formats") {
    PHAROS_ASSIGN_OR_RETURN(auto formats, string_or_list(value, key));
    for (const auto& format : formats) {
      auto parsed = DateFormat::parse(format);
      if (!parsed.is_ok()) return mapping_error(parsed.status().message());
    }
    out.dynamic_date_formats_ = std::move(formats);
  } else if (key == "_source") {
    if (!value.is_object()) return mapping_error("[_source] must be an object");
    for (const auto& [source_key, source_value] : value.items()) {
      if (source_key == "enabled") {
        if (!source_value.is_boolean()) return mapping_error("[_source.enabled] must be a boolean");
        out.source_enabled_ = source_value.get<bool>();
      } else if (source_key != "includes" && source_key != "excludes") {
        return mapping_error("Mapping definition for [_source] has unsupported parameters:  [" + source_key + " : " +
                             source_value.dump() + "]");
      }
    }
  } else if (key == "dynamic_templates") {
    if (!value.is_array()) return mapping_error("Dynamic template syntax error. An array of named objects is expected.");
    out.dynamic_templates_.clear();
    for (const auto& entry : value) {
      PHAROS_ASSIGN_OR_RETURN(DynamicTemplate t, parse_dynamic_template(entry));
      out.dynamic_templates_.push_back(std::move(t));
    }
  } else if (key == "_routing" || key == "_field_names" || key == "_size" || key == "_all") {
    if (!value.is_object()) return mapping_error("[" + key + "] must be an object");
  } else {
    return mapping_error("Root mapping definition has unsupported parameters:  [" + key + " : " + value.dump() + "]");
  }
  extra[key] = value;  // echoed verbatim by to_json
  return Status::ok();
}

Result<Mapping> MappingParser::parse_root(const json& body_in) const {
  Mapping out;
  if (body_in.is_null()) return out;
  if (!body_in.is_object()) return mapping_error("Failed to parse mapping: mappings must be a JSON object");
  const json* body = &body_in;
  // Legacy typed form {"_doc": {...}}.
  if (body->size() == 1 && body->contains("_doc") && (*body)["_doc"].is_object()) body = &(*body)["_doc"];
  json extra = json::object();
  for (const auto& [key, value] : body->items()) {
    PHAROS_RETURN_IF_ERROR(parse_root_key(key, value, out, extra));
  }
  if (!extra.empty()) out.extra_json_ = extra.dump();
  out.rebuild_index();
  for (const FieldMapping* field : out.leaf_fields()) {
    if (field->type != FieldType::alias) continue;
    const FieldMapping* target = out.find(*field->alias_path);
    if (target == nullptr || target->type == FieldType::alias || is_object_like(target->type)) {
      return mapping_error("Invalid [path] value [" + *field->alias_path + "] for field alias [" + field->path +
                           "]: an alias must refer to an existing field in the mappings.");
    }
  }
  return out;
}

json MappingParser::field_to_json(const FieldMapping& f) {
  json j = json::object();
  if (!f.extra_json.empty()) {
    json extra = json::parse(f.extra_json, nullptr, false);
    if (extra.is_object()) j = std::move(extra);
  }
  const bool object_like = is_object_like(f.type);
  if (!object_like || f.type == FieldType::nested || f.properties.empty()) j["type"] = field_type_name(f.type);
  if (f.alias_path) j["path"] = *f.alias_path;
  if (f.analyzer) j["analyzer"] = *f.analyzer;
  if (f.search_analyzer) j["search_analyzer"] = *f.search_analyzer;
  if (f.search_quote_analyzer) j["search_quote_analyzer"] = *f.search_quote_analyzer;
  if (f.normalizer) j["normalizer"] = *f.normalizer;
  if (f.ignore_above) j["ignore_above"] = *f.ignore_above;
  if (f.format) j["format"] = *f.format;
  if (f.scaling_factor) j["scaling_factor"] = *f.scaling_factor;
  if (f.dimension) j["dimension"] = *f.dimension;
  if (f.coerce) j["coerce"] = *f.coerce;
  if (f.ignore_malformed) j["ignore_malformed"] = *f.ignore_malformed;
  if (f.null_value) j["null_value"] = json::parse(*f.null_value, nullptr, false);
  if (f.similarity) j["similarity"] = *f.similarity;
  if (f.norms) j["norms"] = *f.norms;
  if (f.index_options) j["index_options"] = *f.index_options;
  if (f.position_increment_gap) j["position_increment_gap"] = *f.position_increment_gap;
  if (!f.copy_to.empty()) j["copy_to"] = f.copy_to;
  if (!f.index && !object_like) j["index"] = false;
  if (!object_like && f.type != FieldType::alias && f.doc_values != default_doc_values(f.type)) {
    j["doc_values"] = f.doc_values;
  }
  if (f.store) j["store"] = true;
  if (object_like && f.dynamic) j["dynamic"] = dynamic_mode_name(*f.dynamic);
  if (object_like && !f.enabled) j["enabled"] = false;
  if (!f.fields.empty()) {
    json fields = json::object();
    for (const auto& [name, sub] : f.fields) fields[name] = field_to_json(sub);
    j["fields"] = std::move(fields);
  }
  if (!f.properties.empty()) {
    json properties = json::object();
    for (const auto& [name, child] : f.properties) properties[name] = field_to_json(child);
    j["properties"] = std::move(properties);
  }
  return j;
}

json MappingParser::root_to_json(const Mapping& m) {
  json j = json::object();
  if (!m.extra_json_.empty()) {
    json extra = json::parse(m.extra_json_, nullptr, false);
    if (extra.is_object()) j = std::move(extra);
  }
  if (m.root_.dynamic) j["dynamic"] = dynamic_mode_name(*m.root_.dynamic);
  if (!m.meta_json_.empty()) j["_meta"] = json::parse(m.meta_json_, nullptr, false);
  if (!m.root_.properties.empty()) {
    json properties = json::object();
    for (const auto& [name, child] : m.root_.properties) properties[name] = field_to_json(child);
    j["properties"] = std::move(properties);
  }
  return j;
}

Mapping MappingParser::make_update(FieldMapping root) {
  Mapping out;
  out.root_ = std::move(root);
  out.rebuild_index();
  return out;
}

}  // namespace pharos::mapping
