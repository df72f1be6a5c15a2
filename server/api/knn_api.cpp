// The k-NN plugin's REST surface: GET _plugins/_knn[/{node_id}]/stats[/{stat}],
// GET _plugins/_knn/warmup/{index}, POST _plugins/_knn/clear_cache/{index}.
#include <nlohmann/json.hpp>
#include <set>

#include "index/engine/catalog.h"
#include "index/engine/segment_vectors.h"
#include "index/engine/vector_index_service.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/request_options.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

// Stats that describe the cluster rather than a node (OpenSearch puts them at the top level).
const std::set<std::string>& cluster_stats() {
  static const std::set<std::string> names = {"circuit_breaker_triggered", "model_index_status"};
  return names;
}

uint64_t kilobytes(uint64_t bytes) { return (bytes + 1023) / 1024; }

double percentage(uint64_t bytes, uint64_t limit) {
  return limit == 0 ? 0.0 : 100.0 * static_cast<double>(bytes) / static_cast<double>(limit);
}

// Each index's vector fields: how their segments are served ("hnsw ..." or "flat (why)").
json vector_index_descriptions(ApiContext& ctx) {
  json out = json::object();
  for (const std::string& name : ctx.catalog->index_names()) {
    auto index = ctx.catalog->index(name);
    if (!index || !index->is_open()) continue;
    for (const auto& searcher : index->acquire_searchers()) {
      for (const auto& view : searcher->segments) {
        auto vectors = std::dynamic_pointer_cast<const engine::SegmentVectors>(view.vectors);
        if (!vectors) continue;
        for (const auto& [field, description] : vectors->describe()) {
          json& count = out[name][field][description];
          count = count.is_null() ? 1 : count.get<int>() + 1;
        }
      }
    }
  }
  return out;
}

json node_stats(ApiContext& ctx) {
  engine::KnnStatsSnapshot s = ctx.vectors ? ctx.vectors->stats() : engine::KnnStatsSnapshot{};
  json indices = json::object();
  for (const auto& [name, usage] : s.indices_in_cache) {
    indices[name] = {{"graph_memory_usage", kilobytes(usage.memory_bytes)},
                     {"graph_memory_usage_percentage", percentage(usage.memory_bytes, s.memory_limit_bytes)},
                     {"graph_count", usage.graph_count}};
  }
  json builders = json::object();
  for (const auto& [name, b] : s.builders) {
    builders[name] = {
        {"count", b.builds}, {"vectors", b.vectors}, {"millis", b.millis}, {"failures", b.failures}};
  }
  return {
      {"graph_memory_usage", kilobytes(s.graph_memory_usage_bytes)},
      {"graph_memory_usage_percentage", percentage(s.graph_memory_usage_bytes, s.memory_limit_bytes)},
      {"graph_query_requests", s.graph_query_requests},
      {"graph_query_errors", s.graph_query_errors},
      {"graph_index_requests", s.graph_index_requests},
      {"graph_index_errors", s.graph_index_errors},
      {"hit_count", s.hit_count},
      {"miss_count", s.miss_count},
      {"eviction_count", s.eviction_count},
      {"load_success_count", s.load_success_count},
      {"load_exception_count", s.load_exception_count},
      {"total_load_time", s.total_load_time_nanos},
      {"knn_query_requests", s.knn_query_requests},
      {"cache_capacity_reached", s.cache_capacity_reached},
      {"indices_in_cache", indices},
      {"faiss_initialized", true},
      {"lucene_initialized", true},
      {"nmslib_initialized", false},
      {"indexing_from_model_degraded", false},
      {"training_requests", 0},
      {"training_errors", 0},
      {"training_memory_usage", 0},
      {"training_memory_usage_percentage", 0.0},
      {"script_compilations", 0},
      {"script_query_requests", 0},
      {"script_query_errors", 0},
      // Pharos additions: per-builder build counters, queued builds, how each field is served.
      {"build_stats", builders},
      {"pending_builds", s.pending_builds},
      {"vector_indexes", vector_index_descriptions(ctx)},
  };
}

bool node_selected(ApiContext& ctx, const std::string& filter) {
  if (filter.empty()) return true;
  size_t start = 0;
  while (start <= filter.size()) {
    size_t comma = filter.find(',', start);
    std::string id = filter.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (id == "_all" || id == "_local" || id == "*" || id == ctx.catalog->node_id() || id == ctx.node_name) {
      return true;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

Response knn_stats(ApiContext& ctx, Request& request) {
  json node = node_stats(ctx);
  json top = {
      {"circuit_breaker_triggered", ctx.vectors ? ctx.vectors->stats().circuit_breaker_triggered : false},
      {"model_index_status", nullptr}};
  std::string wanted = request.path_param("stat");
  std::set<std::string> stats;
  for (size_t start = 0; !wanted.empty() && start <= wanted.size();) {
    size_t comma = wanted.find(',', start);
    std::string name = wanted.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!node.contains(name) && !cluster_stats().count(name)) {
      return error_response(400, "illegal_argument_exception",
                            "request [" + request.path + "] contains unrecognized stat: [" + name + "]");
    }
    stats.insert(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (!stats.empty()) {
    for (auto it = node.begin(); it != node.end();)
      it = stats.count(it.key()) ? std::next(it) : node.erase(it);
    for (auto it = top.begin(); it != top.end();) it = stats.count(it.key()) ? std::next(it) : top.erase(it);
  }
  json nodes = json::object();
  const bool selected = node_selected(ctx, request.path_param("node_id"));
  if (selected) nodes[ctx.catalog->node_id()] = std::move(node);
  json body = {{"_nodes", {{"total", selected ? 1 : 0}, {"successful", selected ? 1 : 0}, {"failed", 0}}},
               {"cluster_name", ctx.cluster_name}};
  for (auto& [key, value] : top.items()) body[key] = value;
  body["nodes"] = std::move(nodes);
  return json_response(request, 200, body);
}

// The open indexes an expression names, with their shard counts.
Result<std::vector<std::shared_ptr<engine::IndexService>>> target_indexes(ApiContext& ctx, Request& request) {
  PHAROS_ASSIGN_OR_RETURN(auto names,
                          ctx.catalog->resolve(request.path_param("index"), indices_options(request)));
  std::vector<std::shared_ptr<engine::IndexService>> out;
  for (const auto& name : names) {
    auto index = ctx.catalog->index(name);
    if (!index) return Status(ErrorKind::index_closed, "closed").with_index(name);
    out.push_back(std::move(index));
  }
  return out;
}

json shards_header(size_t total) { return {{"total", total}, {"successful", total}, {"failed", 0}}; }

// Waits for each segment's pending builds and loads its indexes into the cache.
Response warmup(ApiContext& ctx, Request& request) {
  auto indexes = target_indexes(ctx, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  size_t shards = 0;
  for (const auto& index : indexes.value()) {
    for (const auto& searcher : index->acquire_searchers()) {
      ++shards;
      for (const auto& view : searcher->segments) {
        auto vectors = std::dynamic_pointer_cast<const engine::SegmentVectors>(view.vectors);
        if (!vectors) continue;
        Status s = vectors->warmup();
        if (!s.is_ok()) return error_response(Status(s).with_index(index->name()));
      }
    }
  }
  return json_response(request, 200, {{"_shards", shards_header(shards)}});
}

// Drops the indexes' loaded k-NN indexes from memory; the next search reloads them from disk.
Response clear_cache(ApiContext& ctx, Request& request) {
  auto indexes = target_indexes(ctx, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  size_t shards = 0;
  for (const auto& index : indexes.value()) {
    shards += index->number_of_shards();
    if (ctx.vectors) ctx.vectors->evict_index(index->name());
  }
  return json_response(request, 200, {{"_shards", shards_header(shards)}});
}

}  // namespace

void register_knn_routes(http::Router& router, ApiContext& ctx) {
  auto stats = [&ctx](Request& r) { return knn_stats(ctx, r); };
  router.add(Method::get, "/_plugins/_knn/stats", stats);
  router.add(Method::get, "/_plugins/_knn/stats/{stat}", stats);
  router.add(Method::get, "/_plugins/_knn/{node_id}/stats", stats);
  router.add(Method::get, "/_plugins/_knn/{node_id}/stats/{stat}", stats);
  router.add(Method::get, "/_plugins/_knn/warmup/{index}", [&ctx](Request& r) { return warmup(ctx, r); });
  router.add(Method::post, "/_plugins/_knn/clear_cache/{index}",
             [&ctx](Request& r) { return clear_cache(ctx, r); });
}

}  // namespace pharos::api
