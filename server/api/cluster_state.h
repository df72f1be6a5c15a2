// Shard-level health of a one-node cluster: every primary is active; replicas can never be
// allocated (there is no second node), so an index with replicas is yellow.
#pragma once

#include <string>
#include <vector>

namespace pharos::engine {
class Catalog;
}

namespace pharos::api {

struct IndexHealth {
  std::string name;
  std::string status;  // green / yellow / red
  bool open = true;
  uint32_t shards = 0;
  uint32_t replicas = 0;
  uint32_t active_primary = 0;
  uint32_t active = 0;
  uint32_t unassigned = 0;
};

struct ClusterHealth {
  std::string status = "green";
  uint32_t active_primary = 0;
  uint32_t active = 0;
  uint32_t unassigned = 0;
  double active_percent = 100.0;
  std::vector<IndexHealth> indices;
};

// Health of the named indexes (pass catalog.index_names() for the whole cluster).
ClusterHealth compute_health(const engine::Catalog& catalog, const std::vector<std::string>& names);

}  // namespace pharos::api
