#include "index/engine/index_template.h"

#include <nlohmann/json.hpp>

#include "index/engine/alias_actions.h"
#include "index/engine/index_expression.h"
#include "index/engine/index_name_rules.h"
#include "index/engine/index_template_merge.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

Status invalid_template(const std::string& name, const std::string& cause) {
  return Status(ErrorKind::invalid_argument, "index_template [" + name + "] invalid, cause [" + cause + "]");
}

std::string java_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// MetadataIndexTemplateService.validateIndexTemplateV2's per-pattern checks.
std::string pattern_violation(const std::string& pattern) {
  if (pattern.find(' ') != std::string::npos) return "must not contain a space";
  if (pattern.find(',') != std::string::npos) return "must not contain a ','";
  if (pattern.find('#') != std::string::npos) return "must not contain a '#'";
  if (pattern.find(':') != std::string::npos) return "must not contain a ':'";
  if (!pattern.empty() && pattern[0] == '_') return "must not start with '_'";
  return {};
}

Result<std::vector<std::string>> parse_patterns(const std::string& name, const json& body) {
  auto it = body.find("index_patterns");
  if (it == body.end() || it->is_null())
    return Status(ErrorKind::invalid_argument, "Required [index_patterns]");
  std::vector<std::string> patterns;
  if (it->is_string()) {
    patterns.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& pattern : *it) {
      if (!pattern.is_string())
        return Status(ErrorKind::parse_error, "[index_template] failed to parse field [index_patterns]");
      patterns.push_back(pattern.get<std::string>());
    }
  } else {
    return Status(ErrorKind::parse_error, "[index_template] failed to parse field [index_patterns]");
  }
  if (patterns.empty()) return invalid_template(name, "Validation Failed: 1: index patterns are missing;");
  for (const auto& pattern : patterns) {
    std::string violation = pattern_violation(pattern);
    if (!violation.empty())
      return invalid_template(name,
                              "Validation Failed: 1: index_pattern [" + pattern + "] " + violation + ";");
  }
  return patterns;
}

// The "template" object: settings nested with string values, mappings without a type
// wrapper, aliases validated. Checks only shapes; the index service validates contents.
Result<json> normalize_contents(const json& contents) {
  if (!contents.is_object())
    return Status(ErrorKind::parse_error, "[index_template] failed to parse field [template]");
  json out = json::object();
  for (const auto& [key, value] : contents.items()) {
    if (key == "settings") {
      PHAROS_ASSIGN_OR_RETURN(json flat, flatten_index_settings(value, true));
      out["settings"] = nest_settings(flat);
    } else if (key == "mappings") {
      json mappings = unwrap_mapping_type(value);
      if (!mappings.is_null() && !mappings.is_object())
        return Status(ErrorKind::mapping_error, "Failed to parse mapping: mappings must be an object");
      if (!mappings.is_null()) out["mappings"] = std::move(mappings);
    } else if (key == "aliases") {
      if (!value.is_object())
        return Status(ErrorKind::parse_error, "[template] failed to parse field [aliases]");
      for (const auto& [alias, definition] : value.items()) {
        PHAROS_RETURN_IF_ERROR(validate_alias_name(alias));
        PHAROS_RETURN_IF_ERROR(parse_alias_definition(alias, "", definition).status());
      }
      out["aliases"] = value;
    } else {
      return Status(ErrorKind::parse_error, "[template] unknown field [" + key + "]");
    }
  }
  return out;
}

Status parse_optional_fields(const std::string& name, const json& body, IndexTemplate& result,
                             json& normalized) {
  for (const auto& [key, value] : body.items()) {
    if (key == "index_patterns") continue;
    if (key == "priority") {
      if (!value.is_number_integer())
        return Status(ErrorKind::parse_error, "[index_template] failed to parse field [priority]");
      if (value.get<int64_t>() < 0) return invalid_template(name, "index template priority must be >= 0");
      result.priority = value.get<int64_t>();
      normalized[key] = value;
    } else if (key == "version") {
      if (!value.is_number_integer())
        return Status(ErrorKind::parse_error, "[index_template] failed to parse field [version]");
      normalized[key] = value;
    } else if (key == "_meta" || key == "data_stream") {
      if (!value.is_object())
        return Status(ErrorKind::parse_error, "[index_template] failed to parse field [" + key + "]");
      normalized[key] = value;
    } else if (key == "composed_of") {
      if (!value.is_array())
        return Status(ErrorKind::parse_error, "[index_template] failed to parse field [composed_of]");
      // There is no _component_template API (outside issue 2), so no component exists and any
      // name in composed_of gets the error OpenSearch gives for a missing component template.
      std::vector<std::string> components;
      for (const auto& component : value) {
        if (!component.is_string())
          return Status(ErrorKind::parse_error, "[index_template] failed to parse field [composed_of]");
        components.push_back(component.get<std::string>());
      }
      if (!components.empty()) {
        return invalid_template(name, "index template [" + name + "] specifies component templates " +
                                          java_list(components) + " that do not exist");
      }
    } else if (key == "template") {
      PHAROS_ASSIGN_OR_RETURN(normalized["template"], normalize_contents(value));
    } else {
      return Status(ErrorKind::parse_error, "[index_template] unknown field [" + key + "]");
    }
  }
  return Status::ok();
}

}  // namespace

Result<IndexTemplate> parse_index_template(const std::string& name, const json& body) {
  if (!body.is_object()) return Status(ErrorKind::parse_error, "request body is required");
  if (name.empty() || name.find_first_of(" ,\"*\\<|>/?") != std::string::npos) {
    return invalid_template(
        name, "name must not contain a space, ',' or any of the characters [ , \", *, \\, <, |, ,, >, /, ?]");
  }
  IndexTemplate result;
  result.name = name;
  PHAROS_ASSIGN_OR_RETURN(result.index_patterns, parse_patterns(name, body));
  json normalized = json::object();
  normalized["index_patterns"] = result.index_patterns;
  normalized["composed_of"] = json::array();
  PHAROS_RETURN_IF_ERROR(parse_optional_fields(name, body, result, normalized));
  result.body_json = normalized.dump();
  return result;
}

Status check_template_conflicts(const IndexTemplate& candidate, const IndexTemplateMap& existing) {
  std::vector<std::string> names;
  std::string described;
  for (const auto& [name, other] : existing) {
    if (name == candidate.name || other.priority != candidate.priority) continue;
    bool overlap = false;
    for (const auto& a : candidate.index_patterns) {
      for (const auto& b : other.index_patterns) overlap = overlap || wildcard_patterns_overlap(a, b);
    }
    if (!overlap) continue;
    names.push_back(name);
    described += (described.empty() ? "" : ",") + name + " => " + java_list(other.index_patterns);
  }
  if (names.empty()) return Status::ok();
  std::string joined;
  for (size_t i = 0; i < names.size(); ++i) joined += (i ? "," : "") + names[i];
  return Status(
      ErrorKind::invalid_argument,
      "index template [" + candidate.name + "] has index patterns " + java_list(candidate.index_patterns) +
          " matching patterns from existing templates [" + joined + "] with patterns (" + described +
          ") that have the same priority [" + std::to_string(candidate.priority) +
          "], multiple index templates may not match during index creation, please use a different priority");
}

const IndexTemplate* find_matching_template(std::string_view index_name, const IndexTemplateMap& templates) {
  const IndexTemplate* best = nullptr;
  for (const auto& [name, candidate] : templates) {
    bool match = false;
    for (const auto& pattern : candidate.index_patterns) match = match || wildcard_match(pattern, index_name);
    // Equal priorities cannot overlap (rejected at put time); keep the first by name to be stable.
    if (match && (best == nullptr || candidate.priority > best->priority)) best = &candidate;
  }
  return best;
}

json template_contents(const IndexTemplate& index_template) {
  json body = json::parse(index_template.body_json, nullptr, false);
  if (!body.is_object() || !body.contains("template")) return json::object();
  return body["template"];
}

Result<json> get_index_templates_json(const IndexTemplateMap& templates, std::string_view pattern) {
  json list = json::array();
  auto add = [&](const IndexTemplate& index_template) {
    list.push_back({{"name", index_template.name},
                    {"index_template", json::parse(index_template.body_json, nullptr, false)}});
  };
  if (pattern.empty() || pattern == "_all" || pattern == "*") {
    for (const auto& [name, index_template] : templates) add(index_template);
    return json{{"index_templates", std::move(list)}};
  }
  std::vector<bool> selected(templates.size(), false);
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t comma = std::min(pattern.find(',', start), pattern.size());
    std::string_view part = pattern.substr(start, comma - start);
    start = comma + 1;
    size_t i = 0;
    bool found = false;
    for (const auto& [name, index_template] : templates) {
      if (has_wildcard(part) ? wildcard_match(part, name) : name == part) selected[i] = found = true;
      ++i;
    }
    if (!found && !has_wildcard(part)) {
      return Status(ErrorKind::not_found, "index template matching [" + std::string(part) + "] not found");
    }
  }
  size_t i = 0;
  for (const auto& [name, index_template] : templates) {
    if (selected[i++]) add(index_template);
  }
  return json{{"index_templates", std::move(list)}};
}

}  // namespace pharos::engine
