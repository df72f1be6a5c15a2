// Aliases: POST /_aliases, PUT|POST|DELETE /{index}/_alias/{name}, GET|HEAD /_alias...
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/mapping/index_pattern.h"
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

Response update_aliases(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object() || !body->contains("actions")) {
    return error_response(400, "action_request_validation_exception",
                          "Validation Failed: 1: no actions specified;");
  }
  Status status = ctx.catalog->update_aliases(*body);
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

// PUT /{index}/_alias/{name} with an optional body {filter, routing, is_write_index, ...}.
Response put_alias(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  nlohmann::json add = body->is_object() ? *body : nlohmann::json::object();
  add["index"] = request.path_param("index");
  add["alias"] = request.path_param("name");
  Status status = ctx.catalog->update_aliases({{"actions", nlohmann::json::array({{{"add", add}}})}});
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

Response delete_alias(ApiContext& ctx, Request& request) {
  nlohmann::json remove = {{"index", request.path_param("index")}, {"alias", request.path_param("name")}};
  Status status = ctx.catalog->update_aliases({{"actions", nlohmann::json::array({{{"remove", remove}}})}});
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

bool matches_any(const std::string& patterns, const std::string& name) {
  if (patterns.empty() || patterns == "_all" || patterns == "*") return true;
  size_t start = 0;
  for (;;) {
    size_t comma = patterns.find(',', start);
    std::string pattern = patterns.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (mapping::simple_wildcard_match(pattern, name)) return true;
    if (comma == std::string::npos) return false;
    start = comma + 1;
  }
}

nlohmann::json alias_body(const engine::AliasInfo& alias) {
  nlohmann::json entry = nlohmann::json::object();
  if (!alias.filter_json.empty()) entry["filter"] = nlohmann::json::parse(alias.filter_json, nullptr, false);
  if (!alias.index_routing.empty()) entry["index_routing"] = alias.index_routing;
  if (!alias.search_routing.empty()) entry["search_routing"] = alias.search_routing;
  if (alias.is_write_index) entry["is_write_index"] = *alias.is_write_index;
  if (alias.is_hidden) entry["is_hidden"] = *alias.is_hidden;
  return entry;
}

Response get_aliases(ApiContext& ctx, Request& request, bool head) {
  const std::string& names = request.path_param("name");
  bool has_index = !request.path_param("index").empty();
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  nlohmann::json out = nlohmann::json::object();
  if (names.empty()) {  // every resolved index appears, with or without aliases
    for (const auto& index : *indexes) out[index->name()] = {{"aliases", nlohmann::json::object()}};
  }
  bool found = false;
  for (const auto& alias : ctx.catalog->aliases()) {
    if (!matches_any(names, alias.alias)) continue;
    if (has_index && !out.contains(alias.index)) {
      bool resolved = false;
      for (const auto& index : *indexes) resolved |= index->name() == alias.index;
      if (!resolved) continue;
    }
    out[alias.index]["aliases"][alias.alias] = alias_body(alias);
    found = true;
  }
  int status = (!names.empty() && !found) ? 404 : 200;
  if (head) {
    Response response;
    response.status = status;
    return response;
  }
  if (status == 404) {
    out["error"] = "alias [" + names + "] missing";
    out["status"] = 404;
  }
  return json_response(request, status, out);
}

}  // namespace

void register_alias_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::post, "/_aliases", [&ctx](Request& r) { return update_aliases(ctx, r); });
  for (const char* path : {"/{index}/_alias/{name}", "/{index}/_aliases/{name}"}) {
    router.add(Method::put, path, [&ctx](Request& r) { return put_alias(ctx, r); });
    router.add(Method::post, path, [&ctx](Request& r) { return put_alias(ctx, r); });
    router.add(Method::delete_, path, [&ctx](Request& r) { return delete_alias(ctx, r); });
  }
  for (const char* path : {"/_alias", "/_alias/{name}", "/{index}/_alias", "/{index}/_alias/{name}", "/_aliases",
                           "/{index}/_aliases"}) {
    router.add(Method::get, path, [&ctx](Request& r) { return get_aliases(ctx, r, false); });
  }
  for (const char* path : {"/_alias/{name}", "/{index}/_alias/{name}"}) {
    router.add(Method::head, path, [&ctx](Request& r) { return get_aliases(ctx, r, true); });
  }
}

}  // namespace pharos::api
