// GET / and HEAD /: the node's identity, shaped like OpenSearch 3.x so clients that gate on
// version.distribution / version.number accept us.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "server/api/api_context.h"
#include "server/api/json_response.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

nlohmann::json root_info(const ApiContext& ctx) {
  return {
      {"name", ctx.node_name},
      {"cluster_name", ctx.cluster_name},
      {"cluster_uuid", ctx.catalog->cluster_uuid()},
      {"version",
       {{"distribution", "opensearch"},
        {"number", ctx.version_number},
        {"build_type", "tar"},
        {"build_hash", "pharos"},
        {"build_date", "2026-11-01T00:00:00.000000Z"},
        {"build_snapshot", false},
        {"lucene_version", "10.3.1"},
        {"minimum_wire_compatibility_version", "2.19.0"},
        {"minimum_index_compatibility_version", "2.0.0"}}},
      {"tagline", "The OpenSearch Project: https://opensearch.org/"},
  };
}

}  // namespace

void register_root_routes(http::Router& router, ApiContext& ctx) {
  auto handler = [&ctx](http::Request& request) { return json_response(request, 200, root_info(ctx)); };
  router.add(http::Method::get, "/", handler);
  router.add(http::Method::head, "/", handler);
}

}  // namespace pharos::api
