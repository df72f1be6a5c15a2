// GET|POST /_count and /{index}/_count for the match-everything case: the number of live docs
// in the refreshed point-in-time view of every shard. Queries that select documents need the
// Query DSL (the search issue) and are answered with a clear 400 until then.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/request_options.h"
#include "server/api/shards_header.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

bool matches_everything(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("query")) return true;
  const auto& query = body["query"];
  return query.is_object() && query.size() == 1 && query.contains("match_all");
}

Response count(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (request.has_param("q") || !matches_everything(*body)) {
    return error_response(400, "illegal_argument_exception",
                          "only match_all queries can be counted by this version of pharos");
  }
  auto indexes = resolve_indices(*ctx.catalog, request);
  if (!indexes.is_ok()) return error_response(indexes.status());
  uint64_t total = 0;
  for (const auto& index : *indexes) {
    for (const auto& searcher : index->acquire_searchers()) total += searcher->live_doc_count;
  }
  return json_response(request, 200, {{"count", total}, {"_shards", shards_header(*indexes)}});
}

}  // namespace

void register_count_routes(http::Router& router, ApiContext& ctx) {
  for (const char* path : {"/_count", "/{index}/_count"}) {
    router.add(Method::get, path, [&ctx](Request& r) { return count(ctx, r); });
    router.add(Method::post, path, [&ctx](Request& r) { return count(ctx, r); });
  }
}

}  // namespace pharos::api
