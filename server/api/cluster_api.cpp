// GET /_cluster/health[/{index}] and the few cluster-level reads clients make at start-up.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "server/api/api_context.h"
#include "server/api/cluster_state.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/request_options.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

int severity(const std::string& status) { return status == "green" ? 0 : status == "yellow" ? 1 : 2; }

// Per-shard entries for level=shards: every primary active, every replica unassigned.
nlohmann::json shard_health(const IndexHealth& index) {
  nlohmann::json shards = nlohmann::json::object();
  for (uint32_t shard = 0; shard < index.shards; ++shard) {
    shards[std::to_string(shard)] = {{"status", index.status},
                                     {"primary_active", true},
                                     {"active_shards", 1},
                                     {"relocating_shards", 0},
                                     {"initializing_shards", 0},
                                     {"unassigned_shards", index.replicas}};
  }
  return shards;
}

Response cluster_health(ApiContext& ctx, Request& request) {
  std::vector<std::string> names = ctx.catalog->index_names();
  if (!request.path_param("index").empty()) {
    engine::IndicesOptions options = indices_options(request);
    options.expand_closed = true;
    auto resolved = ctx.catalog->resolve(request.path_param("index"), options);
    if (!resolved.is_ok()) return error_response(resolved.status());
    names = *resolved;
  }
  ClusterHealth health = compute_health(*ctx.catalog, names);
  // Nothing changes while we wait on one node, so an unmet wait_for_status times out at once.
  bool timed_out = false;
  if (const std::string* wanted = request.param("wait_for_status")) {
    timed_out = severity(health.status) > severity(*wanted);
  }
  nlohmann::json body = {
      {"cluster_name", ctx.cluster_name},
      {"status", health.status},
      {"timed_out", timed_out},
      {"number_of_nodes", 1},
      {"number_of_data_nodes", 1},
      {"discovered_master", true},
      {"discovered_cluster_manager", true},
      {"active_primary_shards", health.active_primary},
      {"active_shards", health.active},
      {"relocating_shards", 0},
      {"initializing_shards", 0},
      {"unassigned_shards", health.unassigned},
      {"delayed_unassigned_shards", 0},
      {"number_of_pending_tasks", 0},
      {"number_of_in_flight_fetch", 0},
      {"task_max_waiting_in_queue_millis", 0},
      {"active_shards_percent_as_number", health.active_percent},
  };
  std::string level = request.param_or("level", "cluster");
  if (level == "indices" || level == "shards") {
    nlohmann::json indices = nlohmann::json::object();
    for (const auto& index : health.indices) {
      nlohmann::json& entry = indices[index.name];
      entry = {{"status", index.status},
                             {"number_of_shards", index.shards},
                             {"number_of_replicas", index.replicas},
                             {"active_primary_shards", index.active_primary},
                             {"active_shards", index.active},
                             {"relocating_shards", 0},
                             {"initializing_shards", 0},
                             {"unassigned_shards", index.unassigned}};
      if (level == "shards") entry["shards"] = shard_health(index);
    }
    body["indices"] = indices;
  }
  return json_response(request, timed_out ? 408 : 200, body);
}

Response cluster_settings(Request& request) {
  return json_response(request, 200, {{"persistent", nlohmann::json::object()}, {"transient", nlohmann::json::object()}});
}

}  // namespace

void register_cluster_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::get, "/_cluster/health", [&ctx](Request& r) { return cluster_health(ctx, r); });
  router.add(Method::get, "/_cluster/health/{index}", [&ctx](Request& r) { return cluster_health(ctx, r); });
  router.add(Method::get, "/_cluster/settings", [](Request& r) { return cluster_settings(r); });
}

}  // namespace pharos::api
