// Aliases: parsing an alias definition (create-index "aliases", templates, POST /_aliases),
// applying POST /_aliases action lists to catalog metadata, and finding an alias's write index.
// Pure functions over a CatalogState so LocalCatalog can validate everything on a copy before
// persisting it (the whole request applies or none of it). Thread-safe (no shared state).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "index/engine/catalog.h"
#include "index/engine/catalog_state.h"

namespace pharos::engine {

// {filter, routing, index_routing, search_routing, is_write_index, is_hidden} for `alias` on
// `index`. A non-object filter, several index routing values or an unknown field → invalid_argument.
Result<AliasInfo> parse_alias_definition(std::string_view alias, std::string_view index,
                                         const nlohmann::json& definition);

// The definition as OpenSearch shows it under an index's "aliases" (and as catalog.json stores it).
nlohmann::json alias_definition_json(const AliasInfo& info);
AliasInfo alias_info_from_json(std::string_view alias, std::string_view index,
                               const nlohmann::json& definition);

// Adds the create-index body's "aliases" object ({alias: definition}) for the new `index`.
Status add_index_aliases(CatalogState& state, std::string_view index, const nlohmann::json& aliases);

// Applies POST /_aliases {"actions":[...]} to `state` in order. On error `state` is left
// partially changed: callers work on a copy. Returns the indexes removed by remove_index
// actions (their storage must be deleted once the new state is persisted).
Result<std::vector<std::string>> apply_alias_actions(CatalogState& state, const nlohmann::json& body);

// OpenSearch allows at most one is_write_index:true member per alias.
Status check_write_indexes(const CatalogState& state);

// The index that writes through `alias` go to: the member with is_write_index true, else the
// only member unless that one has is_write_index false. Otherwise invalid_argument with
// OpenSearch's "no write index is defined for alias [a]..." message.
Result<std::string> alias_write_index(const CatalogState& state, std::string_view alias);

}  // namespace pharos::engine
