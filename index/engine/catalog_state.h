// The catalog's metadata as plain values — indexes, aliases, templates — and its on-disk form
// (data/_state/catalog.json). LocalCatalog mutates a copy, persists it, then swaps it in, so a
// failed write never leaves memory ahead of disk. Not thread-safe by itself: the owner locks.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "index/engine/catalog.h"
#include "index/engine/index_template.h"

namespace pharos::engine {

// alias name → index name → how that index belongs to the alias.
using AliasTable = std::map<std::string, std::map<std::string, AliasInfo, std::less<>>, std::less<>>;

struct CatalogState {
  std::map<std::string, IndexEntry, std::less<>> indexes;
  AliasTable aliases;
  IndexTemplateMap templates;
  // Search pipelines: id → body as JSON text (interpreted by server/api, not here).
  std::map<std::string, std::string, std::less<>> search_pipelines;

  bool has_index(std::string_view name) const { return indexes.find(name) != indexes.end(); }
  bool has_alias(std::string_view name) const { return aliases.find(name) != aliases.end(); }
  // Drops every alias membership of `index` (and aliases left empty).
  void remove_index_from_aliases(std::string_view index);
  // Every membership, sorted by alias then index.
  std::vector<AliasInfo> alias_list() const;
};

// catalog.json. `failed` is a runtime state and is written as `open`, so the next start
// retries opening the index.
std::string catalog_state_to_json(const CatalogState& state);
// Malformed content → corrupt (the node refuses to start rather than forget indexes).
Result<CatalogState> catalog_state_from_json(std::string_view text);

}  // namespace pharos::engine
