// _cat/indices, _cat/count, _cat/health, _cat/aliases, _cat/templates.
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "index/base/wall_clock.h"
#include "index/engine/catalog.h"
#include "index/mapping/date_format.h"
#include "index/mapping/index_pattern.h"
#include "server/api/api_context.h"
#include "server/api/cat_table.h"
#include "server/api/cluster_state.h"
#include "server/api/errors.h"
#include "server/api/request_options.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

struct ShardTotals {
  uint64_t docs = 0, deleted = 0, store = 0;
};

ShardTotals totals(const engine::IndexService& index) {
  ShardTotals t;
  for (const auto& s : index.stats()) {
    t.docs += s.docs_count;
    t.deleted += s.docs_deleted;
    t.store += s.store_bytes;
  }
  return t;
}

std::string clock_time(int64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

Response cat_indices(ApiContext& ctx, Request& request) {
  engine::IndicesOptions options = indices_options(request);
  options.expand_closed = !request.has_param("expand_wildcards") || options.expand_closed;
  std::string expression = request.path_param("index").empty() ? "_all" : request.path_param("index");
  auto names = ctx.catalog->resolve(expression, options);
  if (!names.is_ok()) return error_response(names.status());
  CatTable table({{"health", {"h"}, "current health status"},
                  {"status", {"s"}, "open/close status"},
                  {"index", {"i", "idx"}, "index name"},
                  {"uuid", {"id", "uuid"}, "index uuid"},
                  {"pri", {"p", "shards.primary", "shardsPrimary"}, "number of primary shards", true},
                  {"rep", {"r", "shards.replica", "shardsReplica"}, "number of replica shards", true},
                  {"docs.count", {"dc", "docsCount"}, "available docs", true},
                  {"docs.deleted", {"dd", "docsDeleted"}, "deleted docs", true},
                  {"store.size", {"ss", "storeSize"}, "store size of primaries & replicas", true},
                  {"pri.store.size", {}, "store size of primaries", true},
                  {"creation.date", {"cd"}, "index creation date (millisecond value)", true, false},
                  {"creation.date.string", {"cds"}, "index creation date (as string)", false, false}});
  ClusterHealth health = compute_health(*ctx.catalog, *names);
  const std::string health_filter = request.param_or("health", "");
  if (!health_filter.empty() && health_filter != "green" && health_filter != "yellow" &&
      health_filter != "red") {
    return error_response(400, "illegal_argument_exception",
                          "request [/_cat/indices] contains unrecognized health: [" + health_filter + "]");
  }
  for (const auto& h : health.indices) {
    if (!health_filter.empty() && h.status != health_filter) continue;
    auto index = ctx.catalog->index(h.name);
    if (!h.open || index == nullptr) {
      auto entry = ctx.catalog->index_entry(h.name);
      std::string shards = h.shards ? std::to_string(h.shards) : "";
      std::string replicas = h.shards ? std::to_string(h.replicas) : "";
      table.add_row(
          {h.status, "close", h.name, entry ? entry->uuid : "", shards, replicas, "", "", "", "", "", ""});
      continue;
    }
    ShardTotals t = totals(*index);
    int64_t created = index->creation_date_millis();
    table.add_row({h.status, "open", h.name, index->uuid(), std::to_string(h.shards),
                   std::to_string(h.replicas), std::to_string(t.docs), std::to_string(t.deleted),
                   cat_bytes(t.store, request), cat_bytes(t.store, request), std::to_string(created),
                   mapping::DateFormat::default_format().format_millis(created)});
  }
  return table.render(request);
}

Response cat_count(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  uint64_t count = 0;
  for (const auto& index : *indexes) count += totals(*index).docs;
  int64_t now = wall_clock_millis();
  CatTable table({{"epoch", {"t", "time"}, "seconds since 1970-01-01 00:00:00", true},
                  {"timestamp", {"ts", "hms", "hhmmss"}, "time in HH:MM:SS"},
                  {"count", {"dc", "docs.count", "docsCount"}, "the document count", true}});
  table.add_row({std::to_string(now / 1000), clock_time(now), std::to_string(count)});
  return table.render(request);
}

Response cat_health(ApiContext& ctx, Request& request) {
  ClusterHealth health = compute_health(*ctx.catalog, ctx.catalog->index_names());
  int64_t now = wall_clock_millis();
  CatTable table(
      {{"epoch", {"t", "time"}, "seconds since 1970-01-01 00:00:00", true},
       {"timestamp", {"ts", "hms", "hhmmss"}, "time in HH:MM:SS"},
       {"cluster", {"cl"}, "cluster name"},
       {"status", {"st"}, "health status"},
       {"node.total", {"nt", "nodeTotal"}, "total number of nodes", true},
       {"node.data", {"nd", "nodeData"}, "number of nodes that can store data", true},
       {"discovered_cluster_manager", {"dcm"}, "cluster manager is discovered"},
       {"shards", {"t", "sh", "shards.total", "shardsTotal"}, "total number of shards", true},
       {"pri", {"p", "shards.primary", "shardsPrimary"}, "number of primary shards", true},
       {"relo", {"r", "shards.relocating", "shardsRelocating"}, "number of relocating nodes", true},
       {"init", {"i", "shards.initializing", "shardsInitializing"}, "number of initializing nodes", true},
       {"unassign", {"u", "shards.unassigned", "shardsUnassigned"}, "number of unassigned shards", true},
       {"pending_tasks", {"pt", "pendingTasks"}, "number of pending tasks", true},
       {"max_task_wait_time", {"mtwt", "maxTaskWaitTime"}, "wait time of longest task pending"},
       {"active_shards_percent", {"asp", "activeShardsPercent"}, "active number of shards in percent"}});
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.1f%%", health.active_percent);
  table.add_row({std::to_string(now / 1000), clock_time(now), ctx.cluster_name, health.status, "1", "1",
                 "true", std::to_string(health.active), std::to_string(health.active_primary), "0", "0",
                 std::to_string(health.unassigned), "0", "-", percent});
  return table.render(request);
}

Response cat_aliases(ApiContext& ctx, Request& request) {
  CatTable table({{"alias", {"a"}, "alias name"},
                  {"index", {"i", "idx"}, "index alias points to"},
                  {"filter", {"f", "fi"}, "filter"},
                  {"routing.index", {"ri", "routingIndex"}, "index routing"},
                  {"routing.search", {"rs", "routingSearch"}, "search routing"},
                  {"is_write_index", {"w", "isWriteIndex"}, "write index"}});
  const std::string& name = request.path_param("name");
  for (const auto& alias : ctx.catalog->aliases()) {
    if (!name.empty() && !mapping::simple_wildcard_match(name, alias.alias)) continue;
    table.add_row({alias.alias, alias.index, alias.filter_json.empty() ? "-" : "*",
                   alias.index_routing.empty() ? "-" : alias.index_routing,
                   alias.search_routing.empty() ? "-" : alias.search_routing,
                   alias.is_write_index ? (*alias.is_write_index ? "true" : "false") : "-"});
  }
  return table.render(request);
}

Response cat_templates(ApiContext& ctx, Request& request) {
  CatTable table({{"name", {"n"}, "template name"},
                  {"index_patterns", {"t"}, "template index patterns"},
                  {"order", {"o", "p"}, "template application order/priority number", true},
                  {"version", {"v"}, "version", true},
                  {"composed_of", {"c"}, "component templates comprising index template"}});
  auto templates = ctx.catalog->get_index_templates(request.path_param("name"));
  if (templates.is_ok()) {
    for (const auto& entry : (*templates)["index_templates"]) {
      const auto& body = entry["index_template"];
      std::string patterns = "[";
      for (const auto& p : body.value("index_patterns", nlohmann::json::array())) {
        patterns += (patterns.size() > 1 ? ", " : "") + p.get<std::string>();
      }
      patterns += "]";
      std::string version = body.contains("version") ? body["version"].dump() : "";
      std::string composed = "[";
      for (const auto& c : body.value("composed_of", nlohmann::json::array())) {
        composed += (composed.size() > 1 ? ", " : "") + c.get<std::string>();
      }
      composed += "]";
      table.add_row({entry["name"].get<std::string>(), patterns, std::to_string(body.value("priority", 0)),
                     version, composed});
    }
  }
  return table.render(request);
}

}  // namespace

void register_cat_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::get, "/_cat/indices", [&ctx](Request& r) { return cat_indices(ctx, r); });
  router.add(Method::get, "/_cat/indices/{index}", [&ctx](Request& r) { return cat_indices(ctx, r); });
  router.add(Method::get, "/_cat/count", [&ctx](Request& r) { return cat_count(ctx, r); });
  router.add(Method::get, "/_cat/count/{index}", [&ctx](Request& r) { return cat_count(ctx, r); });
  router.add(Method::get, "/_cat/health", [&ctx](Request& r) { return cat_health(ctx, r); });
  router.add(Method::get, "/_cat/aliases", [&ctx](Request& r) { return cat_aliases(ctx, r); });
  router.add(Method::get, "/_cat/aliases/{name}", [&ctx](Request& r) { return cat_aliases(ctx, r); });
  router.add(Method::get, "/_cat/templates", [&ctx](Request& r) { return cat_templates(ctx, r); });
  router.add(Method::get, "/_cat/templates/{name}", [&ctx](Request& r) { return cat_templates(ctx, r); });
}

}  // namespace pharos::api
