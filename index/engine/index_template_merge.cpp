#include "index/engine/index_template_merge.h"

#include <nlohmann/json.hpp>

namespace pharos::engine {
namespace {

using nlohmann::json;

std::string setting_string(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

void flatten_into(const json& node, const std::string& prefix, bool stringify, json& out) {
  for (const auto& [key, value] : node.items()) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      flatten_into(value, path, stringify, out);
      continue;
    }
    if (path.rfind("index.", 0) != 0) path = "index." + path;
    if (!stringify || value.is_null()) {
      out[path] = value;
    } else if (value.is_array()) {
      json list = json::array();
      for (const auto& element : value) list.push_back(setting_string(element));
      out[path] = std::move(list);
    } else {
      out[path] = setting_string(value);
    }
  }
}

json merge_dynamic_templates(const json& base, const json& overlay) {
  if (!base.is_array() || !overlay.is_array()) return overlay;
  json out = json::array();
  auto name_of = [](const json& entry) {
    return entry.is_object() && entry.size() == 1 ? entry.begin().key() : std::string();
  };
  for (const auto& entry : base) {
    bool replaced = false;
    for (const auto& candidate : overlay)
      replaced = replaced || (!name_of(entry).empty() && name_of(entry) == name_of(candidate));
    if (!replaced) out.push_back(entry);
  }
  for (const auto& entry : overlay) out.push_back(entry);
  return out;
}

json merge_properties(const json& base, const json& overlay) {
  json out = base.is_object() ? base : json::object();
  if (!overlay.is_object()) return out;
  for (const auto& [field, definition] : overlay.items()) {
    auto existing = out.find(field);
    bool both_objects = existing != out.end() && existing->is_object() && definition.is_object() &&
                        existing->contains("properties") && definition.contains("properties");
    out[field] = both_objects ? merge_mappings(*existing, definition) : definition;
  }
  return out;
}

}  // namespace

Result<json> flatten_index_settings(const json& settings, bool stringify) {
  json out = json::object();
  if (settings.is_null()) return out;
  if (!settings.is_object()) return Status(ErrorKind::invalid_argument, "settings must be an object");
  flatten_into(settings, "", stringify, out);
  return out;
}

json nest_settings(const json& flat) {
  json out = json::object();
  for (const auto& [key, value] : flat.items()) {
    json* node = &out;
    size_t start = 0;
    for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      node = &(*node)[key.substr(start, dot - start)];
      if (!node->is_object()) *node = json::object();
      start = dot + 1;
    }
    (*node)[key.substr(start)] = value;
  }
  return out;
}

json unwrap_mapping_type(const json& mappings) {
  if (mappings.is_object() && mappings.size() == 1 && mappings.contains("_doc") &&
      mappings["_doc"].is_object()) {
    return mappings["_doc"];
  }
  return mappings;
}

json merge_mappings(const json& base, const json& overlay) {
  if (!base.is_object() || base.empty()) return overlay.is_object() ? overlay : base;
  if (!overlay.is_object()) return base;
  json out = base;
  for (const auto& [key, value] : overlay.items()) {
    if (key == "properties") {
      out[key] = merge_properties(out.value(key, json::object()), value);
    } else if (key == "dynamic_templates") {
      out[key] = merge_dynamic_templates(out.value(key, json::array()), value);
    } else if (value.is_object() && out.contains(key) && out[key].is_object()) {
      out[key].update(value);  // _source, _routing, _meta: overlay keys win
    } else {
      out[key] = value;
    }
  }
  return out;
}

Result<json> compose_index_body(const json& template_contents, const json& request_body) {
  const json empty = json::object();
  const json& from_template = template_contents.is_object() ? template_contents : empty;
  const json& request = request_body.is_object() ? request_body : empty;

  PHAROS_ASSIGN_OR_RETURN(json settings,
                          flatten_index_settings(from_template.value("settings", json::object()), false));
  PHAROS_ASSIGN_OR_RETURN(json request_settings,
                          flatten_index_settings(request.value("settings", json::object()), false));
  settings.update(request_settings);

  json mappings = merge_mappings(unwrap_mapping_type(from_template.value("mappings", json::object())),
                                 unwrap_mapping_type(request.value("mappings", json::object())));
  if (!mappings.is_object())
    return Status(ErrorKind::mapping_error, "Failed to parse mapping: mappings must be an object");

  json aliases = from_template.value("aliases", json::object());
  const json request_aliases = request.value("aliases", json::object());
  if (!aliases.is_object() || !request_aliases.is_object()) {
    return Status(ErrorKind::parse_error, "Failed to parse aliases: expected an object");
  }
  aliases.update(request_aliases);
  return json{
      {"settings", std::move(settings)}, {"mappings", std::move(mappings)}, {"aliases", std::move(aliases)}};
}

}  // namespace pharos::engine
