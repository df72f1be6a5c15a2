#include "index/engine/catalog_state.h"

#include <nlohmann/json.hpp>

#include "index/engine/alias_actions.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

constexpr int kCatalogFormatVersion = 1;

Status corrupt(const std::string& what) { return Status(ErrorKind::corrupt, "catalog.json: " + what); }

Status read_indexes(const json& indexes, CatalogState& state) {
  if (!indexes.is_object()) return corrupt("[indexes] must be an object");
  for (const auto& [name, entry] : indexes.items()) {
    if (!entry.is_object() || !entry.contains("uuid") || !entry["uuid"].is_string()) {
      return corrupt("index [" + name + "] has no uuid");
    }
    IndexEntry index;
    index.name = name;
    index.uuid = entry["uuid"].get<std::string>();
    const auto state_it = entry.find("state");
    bool closed = state_it != entry.end() && state_it->is_string() && *state_it == "close";
    index.state = closed ? IndexState::closed : IndexState::open;
    state.indexes.emplace(name, std::move(index));
  }
  return Status::ok();
}

Status read_aliases(const json& aliases, CatalogState& state) {
  if (!aliases.is_object()) return corrupt("[aliases] must be an object");
  for (const auto& [alias, members] : aliases.items()) {
    if (!members.is_object()) return corrupt("alias [" + alias + "] must be an object");
    for (const auto& [index, definition] : members.items()) {
      if (!state.has_index(index)) continue;  // defensive: never resurrect a dangling membership
      state.aliases[alias][index] = alias_info_from_json(alias, index, definition);
    }
  }
  return Status::ok();
}

Status read_templates(const json& templates, CatalogState& state) {
  if (!templates.is_object()) return corrupt("[templates] must be an object");
  for (const auto& [name, body] : templates.items()) {
    auto parsed = parse_index_template(name, body);
    if (!parsed.is_ok()) return corrupt("template [" + name + "]: " + parsed.status().message());
    state.templates.emplace(name, std::move(parsed).value());
  }
  return Status::ok();
}

Status read_search_pipelines(const json& pipelines, CatalogState& state) {
  if (!pipelines.is_object()) return corrupt("[search_pipelines] must be an object");
  for (const auto& [id, body] : pipelines.items()) {
    if (!body.is_object()) return corrupt("search pipeline [" + id + "] must be an object");
    state.search_pipelines.emplace(id, body.dump());
  }
  return Status::ok();
}

}  // namespace

void CatalogState::remove_index_from_aliases(std::string_view index) {
  for (auto it = aliases.begin(); it != aliases.end();) {
    if (auto member = it->second.find(index); member != it->second.end()) it->second.erase(member);
    it = it->second.empty() ? aliases.erase(it) : std::next(it);
  }
}

std::vector<AliasInfo> CatalogState::alias_list() const {
  std::vector<AliasInfo> out;
  for (const auto& [alias, members] : aliases) {
    for (const auto& [index, info] : members) out.push_back(info);
  }
  return out;
}

std::string catalog_state_to_json(const CatalogState& state) {
  json indexes = json::object();
  for (const auto& [name, entry] : state.indexes) {
    indexes[name] = {{"uuid", entry.uuid}, {"state", entry.state == IndexState::closed ? "close" : "open"}};
  }
  json aliases = json::object();
  for (const auto& [alias, members] : state.aliases) {
    for (const auto& [index, info] : members) aliases[alias][index] = alias_definition_json(info);
  }
  json templates = json::object();
  for (const auto& [name, index_template] : state.templates) {
    templates[name] = json::parse(index_template.body_json, nullptr, false);
  }
  json out = {{"format_version", kCatalogFormatVersion},
              {"indexes", std::move(indexes)},
              {"aliases", std::move(aliases)},
              {"templates", std::move(templates)}};
  if (!state.search_pipelines.empty()) {
    json pipelines = json::object();
    for (const auto& [id, body] : state.search_pipelines) pipelines[id] = json::parse(body, nullptr, false);
    out["search_pipelines"] = std::move(pipelines);
  }
  return out.dump(2);
}

Result<CatalogState> catalog_state_from_json(std::string_view text) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return corrupt("not a JSON object");
  if (!root.contains("format_version") || !root["format_version"].is_number_integer() ||
      root["format_version"].get<int>() != kCatalogFormatVersion) {
    return corrupt("unsupported format_version");
  }
  CatalogState state;
  PHAROS_RETURN_IF_ERROR(read_indexes(root.value("indexes", json::object()), state));
  PHAROS_RETURN_IF_ERROR(read_aliases(root.value("aliases", json::object()), state));
  PHAROS_RETURN_IF_ERROR(read_templates(root.value("templates", json::object()), state));
  PHAROS_RETURN_IF_ERROR(read_search_pipelines(root.value("search_pipelines", json::object()), state));
  return state;
}

}  // namespace pharos::engine
