// GET/PUT _mapping and GET/PUT _settings.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/mapping/index_pattern.h"
#include "index/mapping/mapping.h"
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

Response get_mapping(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  nlohmann::json out = nlohmann::json::object();
  for (const auto& index : *indexes) out[index->name()] = {{"mappings", index->mapping()->to_json()}};
  return json_response(request, 200, out);
}

// The JSON definition of one field (full dotted path, multi-fields included) within to_json().
const nlohmann::json* field_definition(const nlohmann::json& mappings, const std::string& path) {
  const nlohmann::json* node = &mappings;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const nlohmann::json* next = nullptr;
    for (const char* container : {"properties", "fields"}) {
      if (node->contains(container) && (*node)[container].contains(part)) {
        next = &(*node)[container][part];
        break;
      }
    }
    if (next == nullptr) return nullptr;
    node = next;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

// GET /{index}/_mapping/field/{fields}: each matching leaf as {full_name, mapping:{leaf: def}}.
Response get_field_mapping(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  const std::string& patterns = request.path_param("fields");
  nlohmann::json out = nlohmann::json::object();
  for (const auto& index : *indexes) {
    auto mapping = index->mapping();
    nlohmann::json all = mapping->to_json();
    nlohmann::json fields = nlohmann::json::object();
    for (const auto* field : mapping->leaf_fields()) {
      bool wanted = false;
      size_t start = 0;
      while (start <= patterns.size() && !wanted) {
        size_t comma = patterns.find(',', start);
        wanted = mapping::simple_wildcard_match(
            patterns.substr(start, comma == std::string::npos ? std::string::npos : comma - start), field->path);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      const nlohmann::json* definition = wanted ? field_definition(all, field->path) : nullptr;
      if (definition == nullptr) continue;
      fields[field->path] = {{"full_name", field->path}, {"mapping", {{field->name, *definition}}}};
    }
    out[index->name()] = {{"mappings", fields}};
  }
  return json_response(request, 200, out);
}

Response put_mapping(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) {
    return error_response(400, "action_request_validation_exception",
                          "Validation Failed: 1: mapping source is empty;");
  }
  if (body->size() == 1 && body->contains("_doc")) {
    return error_response(400, "illegal_argument_exception", "Types cannot be provided in put mapping requests");
  }
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  for (const auto& index : *indexes) {
    Status status = index->put_mapping(*body);
    if (!status.is_ok()) return error_response(status.with_index(index->name()));
  }
  return acknowledged(request);
}

// Keeps the settings whose flat name matches one of the comma-separated `names` patterns.
nlohmann::json filter_settings(const nlohmann::json& flat, const std::string& names) {
  if (names.empty() || names == "_all") return flat;
  nlohmann::json out = nlohmann::json::object();
  size_t start = 0;
  while (start <= names.size()) {
    size_t comma = names.find(',', start);
    std::string pattern = names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    for (auto it = flat.begin(); it != flat.end(); ++it) {
      if (mapping::simple_wildcard_match(pattern, it.key())) out[it.key()] = it.value();
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Rebuilds the nested {"index":{"a":{"b":...}}} form from flat "index.a.b" keys.
nlohmann::json unflatten(const nlohmann::json& flat) {
  nlohmann::json nested = nlohmann::json::object();
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    nlohmann::json* node = &nested;
    const std::string& key = it.key();
    size_t start = 0;
    for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      node = &(*node)[key.substr(start, dot - start)];
      start = dot + 1;
    }
    (*node)[key.substr(start)] = it.value();
  }
  return nested;
}

// Defaults of the index settings Pharos implements, shown by ?include_defaults when not set.
const nlohmann::json kDefaultSettings = {
    {"index.refresh_interval", "1s"},
    {"index.max_result_window", "10000"},
    {"index.translog.durability", "REQUEST"},
    {"index.translog.sync_interval", "5s"},
    {"index.knn", "false"},
    {"index.codec", "default"},
    {"index.query.bool.max_clause_count", "1024"},
    {"index.mapping.total_fields.limit", "1000"},
};

Response get_settings(ApiContext& ctx, Request& request) {
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  bool flat = request.flag("flat_settings", false);
  const std::string& names = request.path_param("name");
  nlohmann::json out = nlohmann::json::object();
  for (const auto& index : *indexes) {
    nlohmann::json settings = filter_settings(index->settings()->to_json(true), names);
    out[index->name()] = {{"settings", flat ? settings : unflatten(settings)}};
    if (request.flag("include_defaults", false)) {
      nlohmann::json defaults = nlohmann::json::object();
      for (auto it = kDefaultSettings.begin(); it != kDefaultSettings.end(); ++it) {
        if (!settings.contains(it.key())) defaults[it.key()] = it.value();
      }
      defaults = filter_settings(defaults, names);
      out[index->name()]["defaults"] = flat ? defaults : unflatten(defaults);
    }
  }
  return json_response(request, 200, out);
}

Response put_settings(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object() || body->empty()) {
    return error_response(400, "action_request_validation_exception",
                          "Validation Failed: 1: no settings to update;");
  }
  nlohmann::json settings = body->contains("settings") ? (*body)["settings"] : *body;
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  for (const auto& index : *indexes) {
    Status status = index->put_settings(settings);
    if (!status.is_ok()) return error_response(status.with_index(index->name()));
  }
  return acknowledged(request);
}

}  // namespace

void register_mapping_routes(http::Router& router, ApiContext& ctx) {
  auto get_m = [&ctx](Request& r) { return get_mapping(ctx, r); };
  auto put_m = [&ctx](Request& r) { return put_mapping(ctx, r); };
  router.add(Method::get, "/_mapping", get_m);
  router.add(Method::get, "/{index}/_mapping", get_m);
  router.add(Method::get, "/{index}/_mapping/field/{fields}", [&ctx](Request& r) { return get_field_mapping(ctx, r); });
  router.add(Method::get, "/_mapping/field/{fields}", [&ctx](Request& r) { return get_field_mapping(ctx, r); });
  router.add(Method::put, "/{index}/_mapping", put_m);
  router.add(Method::post, "/{index}/_mapping", put_m);

  auto get_s = [&ctx](Request& r) { return get_settings(ctx, r); };
  auto put_s = [&ctx](Request& r) { return put_settings(ctx, r); };
  for (const char* path : {"/_settings", "/_settings/{name}", "/{index}/_settings", "/{index}/_settings/{name}"}) {
    router.add(Method::get, path, get_s);
  }
  router.add(Method::put, "/_settings", put_s);
  router.add(Method::put, "/{index}/_settings", put_s);
}

}  // namespace pharos::api
