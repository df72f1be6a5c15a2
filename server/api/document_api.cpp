// Single-document writes: index (`_doc`, auto id), `_create`, `_update`, delete. The reads
// (get, exists, `_source`, `_mget`) live in document_get_api.cpp and are registered from here.
#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/engine/index_service.h"
#include "server/api/api_context.h"
#include "server/api/document_get_api.h"
#include "server/api/document_response.h"
#include "server/api/errors.h"
#include "server/api/update_body.h"
#include "server/api/write_params.h"
#include "server/http/router.h"

namespace pharos::api {

namespace {

using OrderedJson = nlohmann::ordered_json;

// OpenSearch answers a body that is not a JSON object with mapper_parsing_exception.
std::optional<RequestError> check_document_body(std::string_view body) {
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return RequestError::parse("request body is required");
  if (body[start] != '{' || !nlohmann::json::accept(body)) {
    return RequestError{400, "mapper_parsing_exception", "failed to parse", {}};
  }
  return std::nullopt;
}

std::optional<RequestError> check_id(const std::string& id) {
  if (id.empty()) return RequestError::illegal_argument(std::string(kEmptyIdMessage));
  return std::nullopt;
}

// The index a write goes to, honouring ?require_alias.
Result<std::shared_ptr<engine::IndexService>> write_index(ApiContext& ctx, const std::string& name,
                                                          bool require_alias, bool auto_create) {
  if (require_alias) {
    bool alias = false;
    for (const engine::AliasInfo& info : ctx.catalog->aliases()) alias = alias || info.alias == name;
    if (!alias) {
      return Status(ErrorKind::index_not_found, "no such index [" + name + "] and [require_alias] request flag is [true] and [" +
                                                    name + "] is not an alias")
          .with_index(name);
    }
  }
  auto service = ctx.catalog->resolve_write_index(name, auto_create);
  if (service.is_ok() && !service.value()) {
    return Status(ErrorKind::index_not_found, "no such index [" + name + "]").with_index(name);
  }
  return service;
}

http::Response engine_error(Status status, std::string_view index) {
  if (status.index().empty()) status.with_index(std::string(index));
  return error_response(status);
}

// Applies ?refresh after a write; true when the response should say forced_refresh.
Result<bool> apply_refresh(RefreshPolicy policy, engine::IndexService& service) {
  if (policy == RefreshPolicy::none) return false;
  PHAROS_RETURN_IF_ERROR(service.refresh());
  return policy == RefreshPolicy::immediate;
}

http::Response handle_index(ApiContext& ctx, http::Request& request, bool with_id, bool create_route) {
  auto params = parse_write_params(request);
  if (!params.is_ok()) return error_response(params.status());
  const std::string& index_name = request.path_param("index");
  engine::IndexRequest index_request;
  if (with_id) {
    index_request.id = request.path_param("id");
    if (auto error = check_id(index_request.id)) return error->to_response();
  }
  if (auto error = check_document_body(request.body)) return error->to_response();
  index_request.routing = params->routing;
  index_request.check = params->check;
  index_request.op_type = params->op_type.value_or(engine::OpType::index);
  // _create always creates; an auto-generated id is a create too (as in OpenSearch).
  if (create_route || !with_id) index_request.op_type = engine::OpType::create;
  ValidationErrors validation;
  validate_index_request(index_request, validation);
  if (!validation.empty()) return validation.to_error().to_response();

  auto service = write_index(ctx, index_name, params->require_alias, /*auto_create=*/true);
  if (!service.is_ok()) return error_response(service.status());
  index_request.source = std::move(request.body);  // the body is not needed any more
  auto result = service.value()->index(index_request);
  if (!result.is_ok()) return engine_error(result.status(), service.value()->name());
  auto forced = apply_refresh(params->refresh, *service.value());
  if (!forced.is_ok()) return engine_error(forced.status(), service.value()->name());

  const std::string& concrete = service.value()->name();
  OrderedJson body = write_result_json(concrete, result.value(), shard_copies(*service.value()), forced.value());
  http::Response response = raw_json_response(request, write_status(result->outcome), dump_ordered(body));
  if (result->outcome == engine::WriteOutcome::created) {
    response.headers.emplace_back("Location", "/" + concrete + "/_doc/" + result->id);
  }
  return response;
}

http::Response handle_delete(ApiContext& ctx, http::Request& request) {
  auto params = parse_write_params(request);
  if (!params.is_ok()) return error_response(params.status());
  const std::string& index_name = request.path_param("index");
  engine::DeleteRequest delete_request;
  delete_request.id = request.path_param("id");
  if (auto error = check_id(delete_request.id)) return error->to_response();
  delete_request.routing = params->routing;
  delete_request.check = params->check;
  ValidationErrors validation;
  validate_delete_request(delete_request, validation);
  if (!validation.empty()) return validation.to_error().to_response();

  // A delete creates no index unless it carries an external version (OpenSearch).
  const bool auto_create = params->check.version_type != engine::VersionType::internal;
  auto service = write_index(ctx, index_name, params->require_alias, auto_create);
  if (!service.is_ok()) return error_response(service.status());
  auto result = service.value()->remove(delete_request);
  if (!result.is_ok()) return engine_error(result.status(), service.value()->name());
  auto forced = apply_refresh(params->refresh, *service.value());
  if (!forced.is_ok()) return engine_error(forced.status(), service.value()->name());
  OrderedJson body = write_result_json(service.value()->name(), result.value(), shard_copies(*service.value()),
                                       forced.value());
  return raw_json_response(request, write_status(result->outcome), dump_ordered(body));
}

// The update's source filter: ?_source* first, the body's `_source` wins.
Result<std::optional<SourceFilter>> update_source_filter(const http::Request& request, const UpdateBody& body) {
  if (body.source) return std::optional<SourceFilter>(body.source);
  return SourceFilter::from_params(request);
}

http::Response handle_update(ApiContext& ctx, http::Request& request) {
  auto params = parse_write_params(request);
  if (!params.is_ok()) return error_response(params.status());
  const std::string& index_name = request.path_param("index");
  engine::UpdateRequest update_request;
  update_request.id = request.path_param("id");
  if (auto error = check_id(update_request.id)) return error->to_response();
  auto body = parse_update_body(request.body);
  if (!body.is_ok()) return error_response(body.status());
  auto filter = update_source_filter(request, body.value());
  if (!filter.is_ok()) return error_response(filter.status());

  update_request.routing = params->routing;
  update_request.retry_on_conflict = params->retry_on_conflict;
  update_request.check = params->check;
  ValidationErrors validation;
  if (request.has_param("version_type") && !request.has_param("version")) {
    validation.add(
        "internal versioning can not be used for optimistic concurrency control. "
        "Please use `if_seq_no` and `if_primary_term` instead");
  }
  validate_update_body(body.value(), validation);
  fill_update_request(body.value(), update_request);
  validate_update_cas(update_request, validation);
  if (!validation.empty()) return validation.to_error().to_response();

  auto service = write_index(ctx, index_name, params->require_alias, /*auto_create=*/true);
  if (!service.is_ok()) return error_response(service.status());
  auto result = service.value()->update(update_request);
  if (!result.is_ok()) return engine_error(result.status(), service.value()->name());
  auto forced = apply_refresh(params->refresh, *service.value());
  if (!forced.is_ok()) return engine_error(forced.status(), service.value()->name());

  const std::string& concrete = service.value()->name();
  const engine::WriteResult& written = result.value();
  std::string text = dump_ordered(write_result_json(concrete, written, shard_copies(*service.value()), forced.value()));
  if (filter.value() && filter.value()->fetch) {
    engine::GetResult get{true, written.id, written.version, written.seq_no, written.primary_term,
                          update_request.routing, written.source};
    GetOptions options;
    options.source = filter.value();
    auto get_body = get_result_body(concrete, get, options, /*with_index_and_id=*/false);
    if (!get_body.is_ok()) return error_response(get_body.status());
    text = append_raw_fields(std::move(text), {{"get", get_body.value()}});
  }
  return raw_json_response(request, write_status(written.outcome), std::move(text));
}

}  // namespace

void register_document_routes(http::Router& router, ApiContext& ctx) {
  for (http::Method method : {http::Method::put, http::Method::post}) {
    router.add(method, "/{index}/_doc/{id}",
               [&ctx](http::Request& request) { return handle_index(ctx, request, true, false); });
    router.add(method, "/{index}/_create/{id}",
               [&ctx](http::Request& request) { return handle_index(ctx, request, true, true); });
  }
  router.add(http::Method::post, "/{index}/_doc",
             [&ctx](http::Request& request) { return handle_index(ctx, request, false, false); });
  router.add(http::Method::delete_, "/{index}/_doc/{id}",
             [&ctx](http::Request& request) { return handle_delete(ctx, request); });
  router.add(http::Method::post, "/{index}/_update/{id}",
             [&ctx](http::Request& request) { return handle_update(ctx, request); });
  register_document_read_routes(router, ctx);
}

}  // namespace pharos::api
