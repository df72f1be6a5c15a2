#include "server/api/cluster_state.h"

#include "index/engine/catalog.h"

namespace pharos::api {
namespace {

int severity(const std::string& status) { return status == "green" ? 0 : status == "yellow" ? 1 : 2; }

}  // namespace

ClusterHealth compute_health(const engine::Catalog& catalog, const std::vector<std::string>& names) {
  ClusterHealth health;
  for (const auto& name : names) {
    IndexHealth index_health;
    index_health.name = name;
    // Closed indexes keep their shards allocated (as OpenSearch >= 7.2 replicates them), so
    // they count toward health like open ones; only an unreadable index is red.
    auto entry = catalog.index_entry(name);
    index_health.open = entry && entry->state == engine::IndexState::open;
    auto settings = catalog.index_settings(name);
    if (!entry || entry->state == engine::IndexState::failed || !settings.is_ok()) {
      index_health.status = "red";
      health.status = "red";
      health.indices.push_back(index_health);
      continue;
    }
    index_health.shards = (*settings)->number_of_shards;
    index_health.replicas = (*settings)->number_of_replicas;
    index_health.active_primary = index_health.shards;
    index_health.active = index_health.shards;
    index_health.unassigned = index_health.shards * index_health.replicas;
    index_health.status = index_health.unassigned > 0 ? "yellow" : "green";
    health.active_primary += index_health.active_primary;
    health.active += index_health.active;
    health.unassigned += index_health.unassigned;
    if (severity(index_health.status) > severity(health.status)) health.status = index_health.status;
    health.indices.push_back(index_health);
  }
  uint32_t all = health.active + health.unassigned;
  health.active_percent = all == 0 ? 100.0 : 100.0 * health.active / all;
  return health;
}

}  // namespace pharos::api
