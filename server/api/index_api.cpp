// Index lifecycle endpoints: create / get / exists / delete, open / close, refresh, flush,
// forcemerge and _stats.
#include <map>
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/engine/index_expression.h"
#include "index/mapping/mapping.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/request_cache.h"
#include "server/api/request_options.h"
#include "server/api/shards_header.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using IndexList = std::vector<std::shared_ptr<engine::IndexService>>;

nlohmann::json aliases_of(const engine::Catalog& catalog, const std::string& index) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& alias : catalog.aliases()) {
    if (alias.index != index) continue;
    nlohmann::json entry = nlohmann::json::object();
    if (!alias.filter_json.empty()) entry["filter"] = nlohmann::json::parse(alias.filter_json, nullptr, false);
    if (!alias.index_routing.empty()) entry["index_routing"] = alias.index_routing;
    if (!alias.search_routing.empty()) entry["search_routing"] = alias.search_routing;
    if (alias.is_write_index) entry["is_write_index"] = *alias.is_write_index;
    if (alias.is_hidden) entry["is_hidden"] = *alias.is_hidden;
    out[alias.alias] = entry;
  }
  return out;
}

Response create_index(ApiContext& ctx, Request& request) {
  const std::string& name = request.path_param("index");
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_null() && !body->is_object()) {
    return error_response(400, "parse_exception", "request body must be a JSON object");
  }
  if (body->is_object() && body->contains("mappings") && (*body)["mappings"].is_object() &&
      (*body)["mappings"].size() == 1 && (*body)["mappings"].contains("_doc")) {
    return error_response(400, "illegal_argument_exception",
                          "The mapping definition cannot be nested under a type [_doc] unless include_type_name is "
                          "set to true.");
  }
  auto created = ctx.catalog->create_index(name, body->is_null() ? nlohmann::json::object() : *body);
  if (!created.is_ok()) return error_response(created.status());
  nlohmann::json response = {{"acknowledged", true}, {"shards_acknowledged", true}, {"index", name}};
  http::Response http_response = json_response(request, 200, response);
  // Soft deletes are how Pharos works; turning them off is accepted with OpenSearch's deprecation warning.
  nlohmann::json flat = (*created)->settings()->to_json(true);
  auto soft_deletes = flat.find("index.soft_deletes.enabled");
  if (soft_deletes != flat.end() && (soft_deletes->dump() == "false" || soft_deletes->dump() == "\"false\"")) {
    http_response.headers.emplace_back(
        "Warning", "299 OpenSearch-" + ctx.version_number +
                       " \"Creating indices with soft-deletes disabled is deprecated and will be removed in future "
                       "OpenSearch versions. Please do not specify value for setting [index.soft_deletes.enabled] of "
                       "index [" + name + "].\"");
  }
  return http_response;
}

Response get_index(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  bool flat = request.flag("flat_settings", false);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& index : *indexes) {
    out[index->name()] = {{"aliases", aliases_of(*ctx.catalog, index->name())},
                          {"mappings", index->mapping()->to_json()},
                          {"settings", index->settings()->to_json(flat)}};
  }
  return json_response(request, 200, out);
}

Response index_exists(ApiContext& ctx, Request& request) {
  auto names = ctx.catalog->resolve(request.path_param("index"), indices_options(request, false));
  Response response;
  response.status = (names.is_ok() && !names->empty()) ? 200 : 404;
  return response;
}

Response delete_index(ApiContext& ctx, Request& request) {
  auto names = ctx.catalog->resolve(request.path_param("index"), indices_options(request));
  if (!names.is_ok()) return error_response(names.status());
  for (const auto& name : *names) {
    Status status = ctx.catalog->delete_index(name);
    if (!status.is_ok()) return error_response(status);
  }
  return acknowledged(request);
}

Response open_close(ApiContext& ctx, Request& request, bool open) {
  engine::IndicesOptions options = indices_options(request);
  options.expand_closed = true;
  auto names = ctx.catalog->resolve(request.path_param("index"), options);
  if (!names.is_ok()) return error_response(names.status());
  nlohmann::json indices = nlohmann::json::object();
  for (const auto& name : *names) {
    Status status = open ? ctx.catalog->open_index(name) : ctx.catalog->close_index(name);
    if (!status.is_ok()) return error_response(status);
    indices[name] = {{"closed", !open}};
  }
  nlohmann::json body = {{"acknowledged", true}, {"shards_acknowledged", true}};
  if (!open) body["indices"] = indices;
  return json_response(request, 200, body);
}

// refresh / flush / forcemerge share the shape: resolve, act on each index, report _shards.
template <typename Action>
Response broadcast(ApiContext& ctx, Request& request, Action action) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  for (const auto& index : *indexes) {
    Status status = action(*index);
    if (!status.is_ok()) return error_response(status.with_index(index->name()));
  }
  return json_response(request, 200, {{"_shards", shards_header(*indexes)}});
}

// fielddata: bytes held by global ordinals and sorted numeric values (engine::FieldDataCache);
// `fields` lists the requested fields (fielddata_fields / fields, comma separated, `*` globs).
nlohmann::json fielddata_section(const std::vector<engine::ShardStats>& shards,
                                 const std::vector<std::string>& field_patterns) {
  uint64_t total = 0;
  std::map<std::string, uint64_t> by_field;
  for (const auto& s : shards) {
    total += s.fielddata_bytes;
    for (const auto& [field, bytes] : s.fielddata_bytes_by_field) by_field[field] += bytes;
  }
  nlohmann::json out = {{"memory_size_in_bytes", total}, {"evictions", 0}};
  if (field_patterns.empty()) return out;
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [field, bytes] : by_field) {
    for (const auto& pattern : field_patterns) {
      if (!engine::wildcard_match(pattern, field)) continue;
      fields[field] = {{"memory_size_in_bytes", bytes}};
      break;
    }
  }
  out["fields"] = std::move(fields);
  return out;
}

std::vector<std::string> fielddata_field_patterns(const Request& request) {
  std::vector<std::string> out;
  for (const char* param : {"fielddata_fields", "fields"}) {
    std::string list = request.param_or(param, "");
    for (size_t start = 0; start < list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      if (comma > start) out.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

nlohmann::json stats_section(const std::vector<engine::ShardStats>& shards, const RequestCacheStats& cache,
                             const std::vector<std::string>& fielddata_fields) {
  uint64_t docs = 0, deleted = 0, store = 0, segments = 0, index_total = 0, delete_total = 0;
  uint64_t refresh_total = 0, flush_total = 0, merge_total = 0, translog_ops = 0, translog_bytes = 0;
  for (const auto& s : shards) {
    docs += s.docs_count;
    deleted += s.docs_deleted;
    store += s.store_bytes;
    segments += s.segment_count;
    index_total += s.index_total;
    delete_total += s.delete_total;
    refresh_total += s.refresh_total;
    flush_total += s.flush_total;
    merge_total += s.merge_total;
    translog_ops += s.translog_ops;
    translog_bytes += s.translog_bytes;
  }
  return {{"docs", {{"count", docs}, {"deleted", deleted}}},
          {"store", {{"size_in_bytes", store}, {"reserved_in_bytes", 0}}},
          {"indexing", {{"index_total", index_total}, {"delete_total", delete_total}}},
          {"refresh", {{"total", refresh_total}}},
          {"flush", {{"total", flush_total}}},
          {"merges", {{"total", merge_total}}},
          {"segments", {{"count", segments}}},
          {"translog", {{"operations", translog_ops}, {"size_in_bytes", translog_bytes}}},
          {"fielddata", fielddata_section(shards, fielddata_fields)},
          // We keep no query cache: filters are evaluated per search.
          {"query_cache",
           {{"memory_size_in_bytes", 0},
            {"hit_count", 0},
            {"miss_count", 0},
            {"cache_size", 0},
            {"evictions", 0}}},
          {"request_cache",
           {{"memory_size_in_bytes", cache.memory_size_in_bytes},
            {"evictions", cache.evictions},
            {"hit_count", cache.hit_count},
            {"miss_count", cache.miss_count}}}};
}

Response index_stats(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  std::vector<engine::ShardStats> all;
  RequestCacheStats all_cache;
  const std::vector<std::string> fielddata_fields = fielddata_field_patterns(request);
  nlohmann::json per_index = nlohmann::json::object();
  for (const auto& index : *indexes) {
    auto shards = index->stats();
    all.insert(all.end(), shards.begin(), shards.end());
    RequestCacheStats cache;
    if (ctx.request_cache) cache = ctx.request_cache->stats(index->uuid());
    all_cache.add(cache);
    nlohmann::json section = stats_section(shards, cache, fielddata_fields);
    per_index[index->name()] = {{"uuid", index->uuid()}, {"primaries", section}, {"total", section}};
  }
  nlohmann::json section = stats_section(all, all_cache, fielddata_fields);
  nlohmann::json body = {{"_shards", shards_header(*indexes)},
                         {"_all", {{"primaries", section}, {"total", section}}},
                         {"indices", per_index}};
  return json_response(request, 200, body);
}

// POST [/{index}]/_cache/clear: with no cache named, clears them all; else only those flagged
// (request=true for the shard request cache, fielddata=true for fielddata; we keep no query cache).
Response clear_caches(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  bool named = request.param("request") || request.param("query") || request.param("fielddata");
  if (ctx.request_cache && (!named || request.flag("request", false))) {
    for (const auto& index : *indexes) ctx.request_cache->clear_index(index->uuid());
  }
  if (!named || request.flag("fielddata", false)) {
    for (const auto& index : *indexes) index->clear_fielddata();
  }
  return json_response(request, 200, {{"_shards", shards_header(*indexes)}});
}

}  // namespace

void register_index_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::put, "/{index}", [&ctx](Request& r) { return create_index(ctx, r); });
  router.add(Method::get, "/{index}", [&ctx](Request& r) { return get_index(ctx, r); });
  router.add(Method::head, "/{index}", [&ctx](Request& r) { return index_exists(ctx, r); });
  router.add(Method::delete_, "/{index}", [&ctx](Request& r) { return delete_index(ctx, r); });
  router.add(Method::post, "/{index}/_open", [&ctx](Request& r) { return open_close(ctx, r, true); });
  router.add(Method::post, "/{index}/_close", [&ctx](Request& r) { return open_close(ctx, r, false); });

  auto refresh = [&ctx](Request& r) { return broadcast(ctx, r, [](engine::IndexService& i) { return i.refresh(); }); };
  auto flush = [&ctx](Request& r) { return broadcast(ctx, r, [](engine::IndexService& i) { return i.flush(); }); };
  auto forcemerge = [&ctx](Request& r) {
    int max_segments = std::atoi(r.param_or("max_num_segments", "-1").c_str());
    bool expunge = r.flag("only_expunge_deletes", false);
    return broadcast(ctx, r, [&](engine::IndexService& i) { return i.force_merge(max_segments, expunge); });
  };
  for (const char* path : {"/_refresh", "/{index}/_refresh"}) {
    router.add(Method::post, path, refresh);
    router.add(Method::get, path, refresh);
  }
  for (const char* path : {"/_flush", "/{index}/_flush"}) {
    router.add(Method::post, path, flush);
    router.add(Method::get, path, flush);
  }
  for (const char* path : {"/_forcemerge", "/{index}/_forcemerge"}) router.add(Method::post, path, forcemerge);
  for (const char* path : {"/_cache/clear", "/{index}/_cache/clear"}) {
    router.add(Method::post, path, [&ctx](Request& r) { return clear_caches(ctx, r); });
  }
  for (const char* path : {"/_stats", "/_stats/{metric}", "/{index}/_stats", "/{index}/_stats/{metric}"}) {
    router.add(Method::get, path, [&ctx](Request& r) { return index_stats(ctx, r); });
  }
}

}  // namespace pharos::api
