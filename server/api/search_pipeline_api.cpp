// Search pipelines: PUT/GET/DELETE /_search/pipeline/{id} (GET /_search/pipeline lists all).
// Bodies are validated here (search_pipeline.h) and stored by the catalog as given, so they
// persist with the node's metadata like index templates.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/search_pipeline.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

Response put_pipeline(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(400, "parse_exception", "request body is required");
  const std::string& id = request.path_param("id");
  auto pipeline = parse_search_pipeline(id, *body);
  if (!pipeline.is_ok()) return error_response(pipeline.status());
  Status status = ctx.catalog->put_search_pipeline(id, *body);
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

// 404 with an empty object when nothing matched, as OpenSearch's GetSearchPipelineResponse.
Response get_pipelines(ApiContext& ctx, Request& request) {
  nlohmann::json pipelines = ctx.catalog->get_search_pipelines(request.path_param("id"));
  return json_response(request, pipelines.empty() ? 404 : 200, pipelines);
}

Response delete_pipeline(ApiContext& ctx, Request& request) {
  Status status = ctx.catalog->delete_search_pipeline(request.path_param("id"));
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

}  // namespace

void register_search_pipeline_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::put, "/_search/pipeline/{id}", [&ctx](Request& r) { return put_pipeline(ctx, r); });
  router.add(Method::get, "/_search/pipeline", [&ctx](Request& r) { return get_pipelines(ctx, r); });
  router.add(Method::get, "/_search/pipeline/{id}", [&ctx](Request& r) { return get_pipelines(ctx, r); });
  router.add(Method::delete_, "/_search/pipeline/{id}",
             [&ctx](Request& r) { return delete_pipeline(ctx, r); });
}

}  // namespace pharos::api
