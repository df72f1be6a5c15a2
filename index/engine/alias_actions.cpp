#include "index/engine/alias_actions.h"

#include <nlohmann/json.hpp>

#include "index/engine/index_expression.h"
#include "index/engine/index_name_rules.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

// Routing values may arrive as strings or numbers (OpenSearch accepts both).
Result<std::string> routing_value(const json& value, std::string_view field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return Status(ErrorKind::invalid_argument, "[" + std::string(field) + "] must be a string");
}

Result<std::optional<bool>> flag_value(const json& value, std::string_view field) {
  if (value.is_null()) return std::optional<bool>();
  if (value.is_boolean()) return std::optional<bool>(value.get<bool>());
  if (value.is_string() && (value == "true" || value == "false")) return std::optional<bool>(value == "true");
  return Status(ErrorKind::invalid_argument, "[" + std::string(field) + "] must be a boolean");
}

// A string or a list of strings (the "index"/"indices" and "alias"/"aliases" pairs).
Result<std::vector<std::string>> names_of(const json& action, const char* single, const char* plural) {
  std::vector<std::string> names;
  auto add = [&](const json& value) -> Status {
    if (!value.is_string())
      return Status(ErrorKind::invalid_argument, std::string("[") + single + "] must be a string");
    names.push_back(value.get<std::string>());
    return Status::ok();
  };
  if (auto it = action.find(single); it != action.end()) PHAROS_RETURN_IF_ERROR(add(*it));
  if (auto it = action.find(plural); it != action.end()) {
    if (it->is_string()) {
      PHAROS_RETURN_IF_ERROR(add(*it));
    } else if (it->is_array()) {
      for (const auto& value : *it) PHAROS_RETURN_IF_ERROR(add(value));
    } else {
      return Status(ErrorKind::invalid_argument, std::string("[") + plural + "] must be a list of strings");
    }
  }
  return names;
}

Result<std::vector<std::string>> action_indices(const CatalogState& state, const json& action) {
  PHAROS_ASSIGN_OR_RETURN(auto expressions, names_of(action, "index", "indices"));
  if (expressions.empty()) {
    return Status(ErrorKind::invalid_argument, "Validation Failed: 1: One of [index/indices] is required;");
  }
  ResolveRules rules;
  rules.options = IndicesOptions{
      .ignore_unavailable = false, .allow_no_indices = false, .expand_open = true, .expand_closed = true};
  rules.ignore_aliases = true;
  std::vector<std::string> indices;
  for (const auto& expression : expressions) {
    PHAROS_ASSIGN_OR_RETURN(auto resolved, resolve_index_expression(state, expression, rules));
    indices.insert(indices.end(), resolved.begin(), resolved.end());
  }
  return indices;
}

Result<std::vector<std::string>> action_aliases(const json& action) {
  PHAROS_ASSIGN_OR_RETURN(auto aliases, names_of(action, "alias", "aliases"));
  if (aliases.empty()) {
    return Status(ErrorKind::invalid_argument, "Validation Failed: 1: One of [alias/aliases] is required;");
  }
  return aliases;
}

Status apply_add(CatalogState& state, const json& action) {
  PHAROS_ASSIGN_OR_RETURN(auto indices, action_indices(state, action));
  PHAROS_ASSIGN_OR_RETURN(auto aliases, action_aliases(action));
  json definition = json::object();
  for (const auto& [key, value] : action.items()) {
    if (key != "index" && key != "indices" && key != "alias" && key != "aliases") definition[key] = value;
  }
  for (const auto& alias : aliases) {
    PHAROS_RETURN_IF_ERROR(validate_alias_name(alias));
    if (state.has_index(alias)) {
      return Status(ErrorKind::invalid_alias_name,
                    "Invalid alias name [" + alias +
                        "], an index or data stream exists with the same name as the alias");
    }
    for (const auto& index : indices) {
      PHAROS_ASSIGN_OR_RETURN(AliasInfo info, parse_alias_definition(alias, index, definition));
      state.aliases[alias][index] = std::move(info);
    }
  }
  return Status::ok();
}

Status apply_remove(CatalogState& state, const json& action) {
  PHAROS_ASSIGN_OR_RETURN(auto indices, action_indices(state, action));
  PHAROS_ASSIGN_OR_RETURN(auto aliases, action_aliases(action));
  auto must_exist_it = action.find("must_exist");
  bool must_exist =
      must_exist_it != action.end() && must_exist_it->is_boolean() && must_exist_it->get<bool>();
  std::string missing;
  for (const auto& pattern : aliases) {
    bool found = false;
    for (auto alias = state.aliases.begin(); alias != state.aliases.end();) {
      bool match = has_wildcard(pattern) ? wildcard_match(pattern, alias->first) : alias->first == pattern;
      if (match) {
        for (const auto& index : indices) found = alias->second.erase(index) > 0 || found;
      }
      alias = alias->second.empty() ? state.aliases.erase(alias) : std::next(alias);
    }
    if (!found && (!has_wildcard(pattern) || must_exist)) missing += (missing.empty() ? "" : ",") + pattern;
  }
  if (!missing.empty()) return Status(ErrorKind::aliases_missing, "aliases [" + missing + "] missing");
  return Status::ok();
}

Status apply_remove_index(CatalogState& state, const json& action, std::vector<std::string>& removed) {
  PHAROS_ASSIGN_OR_RETURN(auto indices, action_indices(state, action));
  for (const auto& index : indices) {
    state.indexes.erase(index);
    state.remove_index_from_aliases(index);
    removed.push_back(index);
  }
  return Status::ok();
}

}  // namespace

Result<AliasInfo> parse_alias_definition(std::string_view alias, std::string_view index,
                                         const json& definition) {
  AliasInfo info;
  info.alias = alias;
  info.index = index;
  if (definition.is_null()) return info;
  if (!definition.is_object()) {
    return Status(ErrorKind::invalid_argument,
                  "alias [" + std::string(alias) + "] definition must be an object");
  }
  for (const auto& [key, value] : definition.items()) {
    if (key == "filter") {
      if (value.is_null()) continue;
      if (!value.is_object())
        return Status(ErrorKind::invalid_argument,
                      "failed to parse filter for alias [" + std::string(alias) + "]");
      if (!value.empty()) info.filter_json = value.dump();
    } else if (key == "routing" || key == "index_routing" || key == "search_routing") {
      PHAROS_ASSIGN_OR_RETURN(std::string routing, routing_value(value, key));
      if (key != "search_routing") info.index_routing = routing;
      if (key != "index_routing") info.search_routing = routing;
    } else if (key == "is_write_index") {
      PHAROS_ASSIGN_OR_RETURN(info.is_write_index, flag_value(value, key));
    } else if (key == "is_hidden") {
      PHAROS_ASSIGN_OR_RETURN(info.is_hidden, flag_value(value, key));
    } else if (key != "must_exist") {
      return Status(ErrorKind::invalid_argument,
                    "Unknown field [" + key + "] in alias [" + std::string(alias) + "]");
    }
  }
  if (info.index_routing.find(',') != std::string::npos) {
    return Status(ErrorKind::invalid_argument,
                  "alias [" + std::string(alias) + "] has several index routing values associated with it");
  }
  return info;
}

json alias_definition_json(const AliasInfo& info) {
  json out = json::object();
  if (!info.filter_json.empty()) out["filter"] = json::parse(info.filter_json, nullptr, false);
  if (!info.index_routing.empty()) out["index_routing"] = info.index_routing;
  if (!info.search_routing.empty()) out["search_routing"] = info.search_routing;
  if (info.is_write_index) out["is_write_index"] = *info.is_write_index;
  if (info.is_hidden) out["is_hidden"] = *info.is_hidden;
  return out;
}

AliasInfo alias_info_from_json(std::string_view alias, std::string_view index, const json& definition) {
  auto parsed = parse_alias_definition(alias, index, definition);
  if (parsed.is_ok()) return std::move(parsed).value();
  AliasInfo info;  // stored definitions were validated when written; keep the membership anyway
  info.alias = alias;
  info.index = index;
  return info;
}

Status add_index_aliases(CatalogState& state, std::string_view index, const json& aliases) {
  if (aliases.is_null()) return Status::ok();
  if (!aliases.is_object())
    return Status(ErrorKind::parse_error, "Failed to parse aliases: expected an object");
  for (const auto& [alias, definition] : aliases.items()) {
    PHAROS_RETURN_IF_ERROR(validate_alias_name(alias));
    if (alias == index || state.has_index(alias)) {
      return Status(ErrorKind::invalid_alias_name,
                    "Invalid alias name [" + alias +
                        "], an index or data stream exists with the same name as the alias");
    }
    PHAROS_ASSIGN_OR_RETURN(AliasInfo info, parse_alias_definition(alias, index, definition));
    state.aliases[alias][std::string(index)] = std::move(info);
  }
  return check_write_indexes(state);
}

Result<std::vector<std::string>> apply_alias_actions(CatalogState& state, const json& body) {
  const json* actions = body.is_object() && body.contains("actions") ? &body["actions"] : nullptr;
  if (actions == nullptr || !actions->is_array() || actions->empty()) {
    return Status(ErrorKind::invalid_argument, "Validation Failed: 1: No action specified;");
  }
  std::vector<std::string> removed;
  for (const auto& element : *actions) {
    if (!element.is_object() || element.size() != 1 || !element.begin()->is_object()) {
      return Status(ErrorKind::parse_error, "[aliases] failed to parse field [actions]");
    }
    const std::string& type = element.begin().key();
    const json& action = element.begin().value();
    if (type == "add") {
      PHAROS_RETURN_IF_ERROR(apply_add(state, action));
    } else if (type == "remove") {
      PHAROS_RETURN_IF_ERROR(apply_remove(state, action));
    } else if (type == "remove_index") {
      PHAROS_RETURN_IF_ERROR(apply_remove_index(state, action, removed));
    } else {
      return Status(ErrorKind::parse_error, "Unknown action [" + type + "]");
    }
  }
  PHAROS_RETURN_IF_ERROR(check_write_indexes(state));
  return removed;
}

Status check_write_indexes(const CatalogState& state) {
  for (const auto& [alias, members] : state.aliases) {
    std::string writers;
    int count = 0;
    for (const auto& [index, info] : members) {
      if (info.is_write_index.value_or(false)) {
        writers += (count++ ? "," : "") + index;
      }
    }
    if (count > 1) {
      return Status(ErrorKind::invalid_argument,
                    "alias [" + alias + "] has more than one write index [" + writers + "]");
    }
  }
  return Status::ok();
}

Result<std::string> alias_write_index(const CatalogState& state, std::string_view alias) {
  auto it = state.aliases.find(alias);
  if (it != state.aliases.end()) {
    for (const auto& [index, info] : it->second) {
      if (info.is_write_index.value_or(false)) return index;
    }
    if (it->second.size() == 1 && it->second.begin()->second.is_write_index.value_or(true)) {
      return it->second.begin()->first;
    }
  }
  return Status(
      ErrorKind::invalid_argument,
      "no write index is defined for alias [" + std::string(alias) +
          "]. The write index may be explicitly disabled using is_write_index=false or the alias points to "
          "multiple indices without one being designated as a write index");
}

}  // namespace pharos::engine
