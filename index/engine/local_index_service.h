// Opening one index's storage: the seam between the Catalog (which indexes exist, their
// names, aliases, templates) and the per-index engine (shards, translogs, segments, the
// index's own settings + mapping file). The catalog calls these; nothing else does.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/engine/index_service.h"
#include "index/engine/index_settings.h"

namespace pharos::engine {

struct NodeSettings;

struct IndexServiceConfig {
  std::string dir;   // the index directory (data/indices/<uuid>); owned by the index service
  std::string name;  // the index name
  const NodeSettings* node = nullptr;
};

// Creates a new index in an empty `config.dir`: validates settings + mappings (mapping and
// analysis errors are returned before anything is written), writes the index metadata
// (settings + mapping) durably, creates the shards.
Result<std::shared_ptr<IndexService>> create_index_service(const IndexServiceConfig& config,
                                                           const IndexSettings& settings,
                                                           const nlohmann::json& mappings);

// Opens an existing index from `config.dir` and recovers each shard (segments + translog replay).
Result<std::shared_ptr<IndexService>> open_index_service(const IndexServiceConfig& config);

// Background work the catalog drives for every open index: periodic refresh per
// refresh_interval, async translog sync, merges. Called ~every 100 ms by the catalog's
// scheduler thread; cheap when there is nothing to do.
void run_index_maintenance(IndexService& index);

// Flushes and releases every shard (graceful shutdown, close, delete).
Status close_index_service(IndexService& index);

}  // namespace pharos::engine
