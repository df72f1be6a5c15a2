#include "server/api/document_get_api.h"

#include <memory>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/engine/index_service.h"
#include "server/api/api_context.h"
#include "server/api/document_response.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/api/source_filter.h"
#include "server/api/write_params.h"
#include "server/http/router.h"

namespace pharos::api {

namespace {

using OrderedJson = nlohmann::ordered_json;
using ServicePtr = std::shared_ptr<engine::IndexService>;

// Single-document reads address exactly one index: a name, or an alias of one index.
Result<ServicePtr> read_index(engine::Catalog& catalog, const std::string& name) {
  engine::IndicesOptions options;
  options.allow_no_indices = false;
  auto names = catalog.resolve(name, options);
  if (!names.is_ok()) return names.status();
  if (names->empty()) return Status(ErrorKind::index_not_found, "no such index [" + name + "]").with_index(name);
  if (names->size() > 1) {
    std::string list;
    for (const std::string& index : names.value()) list += (list.empty() ? "" : ", ") + index;
    return Status(ErrorKind::invalid_argument, "alias [" + name + "] has more than one index associated with it [" +
                                                   list + "], can't execute a single index op");
  }
  ServicePtr service = catalog.index(names->front());
  if (!service) return Status(ErrorKind::index_not_found, "no such index [" + name + "]").with_index(name);
  return service;
}

struct GetParams {
  GetOptions options;
  std::string routing;
  bool realtime = true;
  bool refresh = false;
  std::optional<int64_t> version;
};

Result<GetParams> parse_get_params(const http::Request& request) {
  GetParams params;
  PHAROS_ASSIGN_OR_RETURN(params.options.source, SourceFilter::from_params(request));
  if (const std::string* fields = request.param("stored_fields")) {
    params.options.stored_fields_given = true;
    params.options.stored_fields = split_comma_list(*fields);
  }
  params.routing = request.param_or("routing", "");
  params.realtime = request.flag("realtime", true);
  params.refresh = request.flag("refresh", false);
  PHAROS_ASSIGN_OR_RETURN(params.version, parse_long_param(request, "version"));
  if (const std::string* type = request.param("version_type")) {
    PHAROS_RETURN_IF_ERROR(parse_version_type(*type).status());
  }
  return params;
}

std::optional<RequestError> version_conflict(const engine::GetResult& result, std::optional<int64_t> version,
                                             std::string_view index) {
  if (!version || !result.found || result.version == *version) return std::nullopt;
  return RequestError{409, "version_conflict_engine_exception",
                      "[" + result.id + "]: version conflict, current version [" + std::to_string(result.version) +
                          "] is different than the one provided [" + std::to_string(*version) + "]",
                      std::string(index)};
}

http::Response status_only(int status) {
  http::Response response;
  response.status = status;
  return response;
}

http::Response get_error(bool head, const RequestError& error) {
  return head ? status_only(error.http_status) : error.to_response();
}

http::Response source_response(http::Request& request, const engine::GetResult& result, const GetParams& params,
                               const std::string& index) {
  const std::string reason = "[" + index + "]/[" + result.id + "]";
  if (!result.found) return error_response(404, "resource_not_found_exception", "Document not found " + reason, index);
  if (!params.options.fetch_source() || result.source.empty()) {
    return error_response(404, "resource_not_found_exception", "Source not found " + reason, index);
  }
  if (!params.options.source) return raw_json_response(request, 200, result.source);
  auto filtered = params.options.source->apply(result.source);
  if (!filtered.is_ok()) return error_response(filtered.status());
  return raw_json_response(request, 200, std::move(filtered).value());
}

// GET/HEAD /{index}/_doc/{id} and, with source_only, /{index}/_source/{id}.
http::Response handle_get(ApiContext& ctx, http::Request& request, bool source_only) {
  const bool head = request.method == http::Method::head;
  auto params = parse_get_params(request);
  if (!params.is_ok()) return get_error(head, RequestError::from_status(params.status()));
  const std::string& id = request.path_param("id");
  if (id.empty()) return get_error(head, RequestError::illegal_argument(std::string(kEmptyIdMessage)));
  auto service = read_index(*ctx.catalog, request.path_param("index"));
  if (!service.is_ok()) return get_error(head, RequestError::from_status(service.status()));
  const std::string& index = service.value()->name();
  if (params->refresh) {
    Status status = service.value()->refresh();
    if (!status.is_ok()) return get_error(head, RequestError::from_status(status));
  }
  engine::GetRequest get_request{id, params->routing, params->realtime};
  auto result = service.value()->get(get_request);
  if (!result.is_ok()) {
    Status status = result.status();
    if (status.index().empty()) status.with_index(index);
    return get_error(head, RequestError::from_status(status));
  }
  if (result->id.empty()) result->id = id;
  if (auto conflict = version_conflict(result.value(), params->version, index)) return get_error(head, *conflict);
  if (head) return status_only(result->found ? 200 : 404);
  if (source_only) return source_response(request, result.value(), params.value(), index);
  auto body = get_result_body(index, result.value(), params->options);
  if (!body.is_ok()) return error_response(body.status());
  return raw_json_response(request, result->found ? 200 : 404, std::move(body).value());
}

// ---- _mget

struct MgetDoc {
  std::string index;
  std::optional<std::string> id;
  std::string routing;
  GetOptions options;
  std::optional<int64_t> version;
};

Result<std::optional<std::string>> id_value(const nlohmann::json& value) {
  if (value.is_string()) return std::optional<std::string>(value.get<std::string>());
  if (value.is_number_integer()) return std::optional<std::string>(value.dump());
  if (value.is_null()) return std::optional<std::string>();
  return Status(ErrorKind::parse_error, "Failed to parse [_id]: expected a string but found [" +
                                            std::string(value.type_name()) + "]");
}

Status parse_mget_doc(const nlohmann::json& spec, MgetDoc& doc) {
  if (!spec.is_object()) {
    return Status(ErrorKind::parse_error, "docs array element should include an object");
  }
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    if (key == "_index" && value.is_string()) {
      doc.index = value.get<std::string>();
    } else if (key == "_id") {
      PHAROS_ASSIGN_OR_RETURN(doc.id, id_value(value));
    } else if ((key == "routing" || key == "_routing") && value.is_string()) {
      doc.routing = value.get<std::string>();
    } else if (key == "_source") {
      PHAROS_ASSIGN_OR_RETURN(SourceFilter filter, SourceFilter::from_json(value));
      doc.options.source = std::move(filter);
    } else if (key == "stored_fields") {
      doc.options.stored_fields_given = true;
      doc.options.stored_fields.clear();
      if (value.is_string()) doc.options.stored_fields = split_comma_list(value.get<std::string>());
      if (value.is_array()) {
        for (const auto& name : value) {
          if (name.is_string()) doc.options.stored_fields.push_back(name.get<std::string>());
        }
      }
    } else if (key == "version" && value.is_number_integer()) {
      doc.version = value.get<int64_t>();
    } else if (key == "_index" || key == "routing" || key == "_routing" || key == "version") {
      return Status(ErrorKind::parse_error, "Failed to parse [" + key + "] of a docs element: unexpected [" +
                                                std::string(value.type_name()) + "]");
    }
    // `_type`, `version_type` and unknown keys are ignored.
  }
  return Status::ok();
}

// The docs of an mget body, with request-level defaults applied.
Result<std::vector<MgetDoc>> parse_mget_docs(const http::Request& request, const MgetDoc& defaults) {
  PHAROS_ASSIGN_OR_RETURN(nlohmann::json body, parse_json_body(request));
  std::vector<MgetDoc> docs;
  if (body.is_null()) return docs;
  if (!body.is_object()) return Status(ErrorKind::parse_error, "request body must be a JSON object");
  if (auto found = body.find("docs"); found != body.end()) {
    if (!found->is_array()) return Status(ErrorKind::parse_error, "docs must be an array");
    for (const auto& spec : *found) {
      MgetDoc doc = defaults;
      PHAROS_RETURN_IF_ERROR(parse_mget_doc(spec, doc));
      docs.push_back(std::move(doc));
    }
  }
  if (auto found = body.find("ids"); found != body.end()) {
    if (!found->is_array()) return Status(ErrorKind::parse_error, "ids must be an array");
    for (const auto& value : *found) {
      MgetDoc doc = defaults;
      PHAROS_ASSIGN_OR_RETURN(doc.id, id_value(value));
      if (!doc.id) return Status(ErrorKind::parse_error, "ids must contain strings");
      docs.push_back(std::move(doc));
    }
  }
  return docs;
}

ValidationErrors validate_mget(const std::vector<MgetDoc>& docs) {
  ValidationErrors errors;
  if (docs.empty()) errors.add("no documents to get");
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].index.empty()) errors.add("index is missing for doc " + std::to_string(i));
    if (!docs[i].id) errors.add("id is missing for doc " + std::to_string(i));
  }
  return errors;
}

std::string mget_error_doc(const MgetDoc& doc, const RequestError& error) {
  OrderedJson entry = OrderedJson::object();
  entry["_index"] = doc.index;
  entry["_id"] = *doc.id;
  entry["error"] = OrderedJson(error.to_json());
  return dump_ordered(entry);
}

class MgetRunner {
 public:
  MgetRunner(engine::Catalog& catalog, bool refresh, bool realtime)
      : catalog_(catalog), refresh_(refresh), realtime_(realtime) {}

  std::string doc_json(const MgetDoc& doc) {
    auto service = service_for(doc.index);
    if (!service.is_ok()) return mget_error_doc(doc, RequestError::from_status(service.status()));
    const std::string& index = service.value()->name();
    engine::GetRequest request{*doc.id, doc.routing, realtime_};
    auto result = service.value()->get(request);
    if (!result.is_ok()) {
      Status status = result.status();
      if (status.index().empty()) status.with_index(index);
      return mget_error_doc(doc, RequestError::from_status(status));
    }
    if (result->id.empty()) result->id = *doc.id;
    if (auto conflict = version_conflict(result.value(), doc.version, index)) return mget_error_doc(doc, *conflict);
    auto body = get_result_body(index, result.value(), doc.options);
    if (!body.is_ok()) return mget_error_doc(doc, RequestError::from_status(body.status()));
    return std::move(body).value();
  }

 private:
  Result<ServicePtr> service_for(const std::string& name) {
    auto cached = cache_.find(name);
    if (cached != cache_.end()) return cached->second;
    Result<ServicePtr> service = read_index(catalog_, name);
    if (service.is_ok() && refresh_) {
      Status status = service.value()->refresh();
      if (!status.is_ok()) service = status;
    }
    cache_.emplace(name, service);
    return service;
  }

  engine::Catalog& catalog_;
  bool refresh_;
  bool realtime_;
  std::unordered_map<std::string, Result<ServicePtr>> cache_;
};

http::Response handle_mget(ApiContext& ctx, http::Request& request) {
  auto params = parse_get_params(request);
  if (!params.is_ok()) return error_response(params.status());
  MgetDoc defaults;
  defaults.index = request.path_param("index");
  defaults.routing = params->routing;
  defaults.options = params->options;
  auto docs = parse_mget_docs(request, defaults);
  if (!docs.is_ok()) return error_response(docs.status());
  ValidationErrors validation = validate_mget(docs.value());
  if (!validation.empty()) return validation.to_error().to_response();

  MgetRunner runner(*ctx.catalog, params->refresh, params->realtime);
  std::string body = "{\"docs\":[";
  for (size_t i = 0; i < docs->size(); ++i) {
    if (i > 0) body += ',';
    body += runner.doc_json(docs.value()[i]);
  }
  body += "]}";
  return raw_json_response(request, 200, std::move(body));
}

}  // namespace

void register_document_read_routes(http::Router& router, ApiContext& ctx) {
  for (http::Method method : {http::Method::get, http::Method::head}) {
    router.add(method, "/{index}/_doc/{id}",
               [&ctx](http::Request& request) { return handle_get(ctx, request, false); });
    router.add(method, "/{index}/_source/{id}",
               [&ctx](http::Request& request) { return handle_get(ctx, request, true); });
  }
  for (http::Method method : {http::Method::get, http::Method::post}) {
    router.add(method, "/_mget", [&ctx](http::Request& request) { return handle_mget(ctx, request); });
    router.add(method, "/{index}/_mget", [&ctx](http::Request& request) { return handle_mget(ctx, request); });
  }
}

}  // namespace pharos::api
