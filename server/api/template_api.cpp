// Composable index templates: PUT/POST/GET/HEAD/DELETE /_index_template/{name}.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

Response put_template(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(400, "parse_exception", "request body is required");
  Status status = ctx.catalog->put_index_template(request.path_param("name"), *body, request.flag("create", false));
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

Response get_templates(ApiContext& ctx, Request& request) {
  auto templates = ctx.catalog->get_index_templates(request.path_param("name"));
  if (!templates.is_ok()) return error_response(templates.status());
  return json_response(request, 200, *templates);
}

Response template_exists(ApiContext& ctx, Request& request) {
  Response response;
  response.status = ctx.catalog->get_index_templates(request.path_param("name")).is_ok() ? 200 : 404;
  return response;
}

Response delete_template(ApiContext& ctx, Request& request) {
  Status status = ctx.catalog->delete_index_template(request.path_param("name"));
  if (!status.is_ok()) return error_response(status);
  return acknowledged(request);
}

}  // namespace

void register_template_routes(http::Router& router, ApiContext& ctx) {
  router.add(Method::put, "/_index_template/{name}", [&ctx](Request& r) { return put_template(ctx, r); });
  router.add(Method::post, "/_index_template/{name}", [&ctx](Request& r) { return put_template(ctx, r); });
  router.add(Method::get, "/_index_template", [&ctx](Request& r) { return get_templates(ctx, r); });
  router.add(Method::get, "/_index_template/{name}", [&ctx](Request& r) { return get_templates(ctx, r); });
  router.add(Method::head, "/_index_template/{name}", [&ctx](Request& r) { return template_exists(ctx, r); });
  router.add(Method::delete_, "/_index_template/{name}", [&ctx](Request& r) { return delete_template(ctx, r); });
}

}  // namespace pharos::api
