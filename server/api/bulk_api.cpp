// POST|PUT /_bulk and /{index}/_bulk. The body is parsed into items that point into
// request.body (no copies until a source becomes an engine IndexRequest), validated as a
// whole like OpenSearch, then executed: consecutive items for the same index go to one
// IndexService::bulk call (one translog sync per group), results keep the request order.
#include <cctype>
#include <chrono>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "index/engine/catalog.h"
#include "index/engine/index_service.h"
#include "server/api/api_context.h"
#include "server/api/bulk_parser.h"
#include "server/api/document_response.h"
#include "server/api/errors.h"
#include "server/api/write_params.h"
#include "server/http/router.h"

namespace pharos::api {

namespace {

using OrderedJson = nlohmann::ordered_json;

struct ItemOutcome {
  std::string index;  // concrete index when resolved, else the requested name
  std::optional<engine::WriteResult> result;
  std::optional<RequestError> error;
  int copies = 1;
};

class BulkExecutor {
 public:
  BulkExecutor(engine::Catalog& catalog, std::vector<BulkItem>& items, bool forced_refresh)
      : catalog_(catalog), items_(items), outcomes_(items.size()), forced_refresh_(forced_refresh) {}

  void run();
  Status refresh_touched();
  std::string response_body(int64_t took_ms) const;

 private:
  struct Group {
    std::shared_ptr<engine::IndexService> service;
    std::vector<engine::BulkOp> ops;
    std::vector<size_t> slots;
  };

  std::optional<RequestError> precheck(const BulkItem& item);
  Result<std::shared_ptr<engine::IndexService>> resolve(const BulkItem& item);
  bool is_alias(const std::string& name);
  engine::BulkOp make_op(BulkItem& item);
  void flush();
  std::string item_json(size_t slot) const;
  bool append_simple_item(std::string& out, size_t slot) const;

  engine::Catalog& catalog_;
  std::vector<BulkItem>& items_;
  std::vector<ItemOutcome> outcomes_;
  bool forced_refresh_;
  Group group_;
  std::unordered_map<std::string, std::shared_ptr<engine::IndexService>> resolved_;
  std::vector<std::shared_ptr<engine::IndexService>> touched_;
  std::optional<std::unordered_set<std::string>> aliases_;
};

bool BulkExecutor::is_alias(const std::string& name) {
  if (!aliases_) {
    aliases_.emplace();
    for (const engine::AliasInfo& alias : catalog_.aliases()) aliases_->insert(alias.alias);
  }
  return aliases_->contains(name);
}

std::optional<RequestError> BulkExecutor::precheck(const BulkItem& item) {
  if (item.id && item.id->empty()) {
    RequestError error = RequestError::illegal_argument(std::string(kEmptyIdMessage));
    error.index = item.index;
    return error;
  }
  if (item.update && item.update->has_script) {
    RequestError error = RequestError::illegal_argument(std::string(kScriptUnsupportedMessage));
    error.index = item.index;
    return error;
  }
  if (item.require_alias && !is_alias(item.index)) {
    return RequestError{404, "index_not_found_exception",
                        "no such index [" + item.index + "] and [require_alias] request flag is [true] and [" +
                            item.index + "] is not an alias",
                        item.index};
  }
  return std::nullopt;
}

Result<std::shared_ptr<engine::IndexService>> BulkExecutor::resolve(const BulkItem& item) {
  auto cached = resolved_.find(item.index);
  if (cached != resolved_.end()) return cached->second;
  // Deletes do not create indexes, unless they carry an external version (OpenSearch).
  const bool auto_create = item.action != BulkAction::delete_ ||
                           item.check.version_type != engine::VersionType::internal;
  auto service = catalog_.resolve_write_index(item.index, auto_create);
  if (service.is_ok() && service.value()) resolved_.emplace(item.index, service.value());
  if (service.is_ok() && !service.value()) {
    return Status(ErrorKind::index_not_found, "no such index [" + item.index + "]").with_index(item.index);
  }
  return service;
}

engine::BulkOp BulkExecutor::make_op(BulkItem& item) {
  engine::BulkOp op;
  switch (item.action) {
    case BulkAction::index:
    case BulkAction::create:
      op.kind = item.action == BulkAction::create ? engine::BulkOp::Kind::create : engine::BulkOp::Kind::index;
      op.index.id = item.id.value_or("");
      op.index.routing = item.routing;
      op.index.source = std::string(item.source);  // the one copy of the source
      op.index.op_type = item.action == BulkAction::create ? engine::OpType::create : engine::OpType::index;
      op.index.check = item.check;
      break;
    case BulkAction::update:
      op.kind = engine::BulkOp::Kind::update;
      op.update.id = item.id.value_or("");
      op.update.routing = item.routing;
      op.update.retry_on_conflict = item.retry_on_conflict;
      op.update.check = item.check;
      if (item.update) fill_update_request(*item.update, op.update);
      break;
    case BulkAction::delete_:
      op.kind = engine::BulkOp::Kind::delete_;
      op.remove.id = item.id.value_or("");
      op.remove.routing = item.routing;
      op.remove.check = item.check;
      break;
  }
  return op;
}

void BulkExecutor::run() {
  for (size_t slot = 0; slot < items_.size(); ++slot) {
    BulkItem& item = items_[slot];
    ItemOutcome& outcome = outcomes_[slot];
    outcome.index = item.index;
    if (auto error = precheck(item)) {
      outcome.error = std::move(error);
      continue;
    }
    auto service = resolve(item);
    if (!service.is_ok()) {
      Status status = service.status();
      if (status.index().empty()) status.with_index(item.index);
      outcome.error = RequestError::from_status(status);
      continue;
    }
    if (group_.service != service.value()) flush();
    group_.service = service.value();
    outcome.index = group_.service->name();
    outcome.copies = shard_copies(*group_.service);
    group_.ops.push_back(make_op(item));
    group_.slots.push_back(slot);
  }
  flush();
}

void BulkExecutor::flush() {
  if (group_.ops.empty()) return;
  std::vector<Result<engine::WriteResult>> results = group_.service->bulk(group_.ops);
  for (size_t i = 0; i < group_.slots.size(); ++i) {
    ItemOutcome& outcome = outcomes_[group_.slots[i]];
    if (i >= results.size()) {
      outcome.error = RequestError{500, "exception", "the engine returned no result for this item", outcome.index};
    } else if (results[i].is_ok()) {
      outcome.result = std::move(results[i]).value();
    } else {
      Status status = results[i].status();
      if (status.index().empty()) status.with_index(outcome.index);
      outcome.error = RequestError::from_status(status);
    }
  }
  bool seen = false;
  for (const auto& service : touched_) seen = seen || service == group_.service;
  if (!seen) touched_.push_back(group_.service);
  group_.ops.clear();
  group_.slots.clear();
}

Status BulkExecutor::refresh_touched() {
  for (const auto& service : touched_) PHAROS_RETURN_IF_ERROR(service->refresh());
  return Status::ok();
}

std::string BulkExecutor::item_json(size_t slot) const {
  const BulkItem& item = items_[slot];
  const ItemOutcome& outcome = outcomes_[slot];
  std::string inner;
  if (outcome.error) {
    OrderedJson body = OrderedJson::object();
    body["_index"] = outcome.index;
    body["_id"] = item.id ? OrderedJson(*item.id) : OrderedJson(nullptr);
    body["status"] = outcome.error->http_status;
    body["error"] = OrderedJson(outcome.error->to_item_json());
    inner = dump_ordered(body);
  } else {
    const engine::WriteResult& result = *outcome.result;
    OrderedJson body = write_result_json(outcome.index, result, outcome.copies, forced_refresh_);
    body["status"] = write_status(result.outcome);
    inner = dump_ordered(body);
    if (item.action == BulkAction::update && item.source_filter && item.source_filter->fetch) {
      engine::GetResult get{true, result.id, result.version, result.seq_no, result.primary_term, item.routing,
                            result.source};
      GetOptions options;
      options.source = item.source_filter;
      auto get_body = get_result_body(outcome.index, get, options, /*with_index_and_id=*/false);
      if (get_body.is_ok()) inner = append_raw_fields(std::move(inner), {{"get", get_body.value()}});
    }
  }
  std::string json;
  json.reserve(inner.size() + 16);
  json.append("{\"").append(bulk_action_name(item.action)).append("\":").append(inner).append("}");
  return json;
}

// Printable ASCII other than '"' and '\\' is its own JSON string encoding.
bool is_plain_json_text(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  return true;
}

// The usual successful index/create/delete item, appended directly: the same bytes as
// write_result_json() + dump_ordered() without a JSON tree per item (a bulk answers
// thousands). Anything unusual returns false and takes the general path.
bool BulkExecutor::append_simple_item(std::string& out, size_t slot) const {
  const BulkItem& item = items_[slot];
  const ItemOutcome& outcome = outcomes_[slot];
  if (outcome.error || !outcome.result || item.action == BulkAction::update) return false;
  const engine::WriteResult& r = *outcome.result;
  if (r.outcome == engine::WriteOutcome::noop || !is_plain_json_text(outcome.index) || !is_plain_json_text(r.id)) {
    return false;
  }
  out.append("{\"").append(bulk_action_name(item.action)).append("\":{\"_index\":\"").append(outcome.index);
  out.append("\",\"_id\":\"").append(r.id).append("\",\"_version\":").append(std::to_string(r.version));
  out.append(",\"result\":\"").append(engine::write_outcome_name(r.outcome));
  out.append("\",\"_shards\":{\"total\":").append(std::to_string(outcome.copies));
  out.append(",\"successful\":1,\"failed\":0}");
  if (forced_refresh_) out.append(",\"forced_refresh\":true");
  out.append(",\"_seq_no\":").append(std::to_string(r.seq_no));
  out.append(",\"_primary_term\":").append(std::to_string(r.primary_term));
  out.append(",\"status\":").append(std::to_string(write_status(r.outcome))).append("}}");
  return true;
}

std::string BulkExecutor::response_body(int64_t took_ms) const {
  bool errors = false;
  for (const ItemOutcome& outcome : outcomes_) errors = errors || outcome.error.has_value();
  std::string body = "{\"took\":" + std::to_string(took_ms) + ",\"errors\":" + (errors ? "true" : "false") +
                     ",\"items\":[";
  body.reserve(body.size() + outcomes_.size() * 200);
  for (size_t slot = 0; slot < outcomes_.size(); ++slot) {
    if (slot > 0) body += ',';
    if (!append_simple_item(body, slot)) body += item_json(slot);
  }
  body += "]}";
  return body;
}

// OpenSearch accepts NDJSON bodies sent as application/json or application/x-ndjson (any
// charset) and answers other declared types with 406.
std::optional<http::Response> check_content_type(const http::Request& request) {
  const std::string* header = request.header("content-type");
  if (header == nullptr) return std::nullopt;
  std::string media = header->substr(0, header->find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  size_t start = media.find_first_not_of(" \t");
  media = start == std::string::npos ? std::string() : media.substr(start);
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media.empty() || media == "application/json" || media == "application/x-ndjson") return std::nullopt;
  nlohmann::json body = {{"error", "Content-Type header [" + *header + "] is not supported"}, {"status", 406}};
  http::Response response;
  response.status = 406;
  response.body = body.dump();
  return response;
}

http::Response handle_bulk(ApiContext& ctx, http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  if (auto rejected = check_content_type(request)) return *rejected;
  auto params = parse_write_params(request);
  if (!params.is_ok()) return error_response(params.status());
  auto source = SourceFilter::from_params(request);
  if (!source.is_ok()) return error_response(source.status());
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return error_response(400, "parse_exception", "request body is required");
  }

  BulkDefaults defaults;
  defaults.index = request.path_param("index");
  defaults.routing = params->routing;
  defaults.pipeline = params->pipeline;
  defaults.require_alias = params->require_alias;
  defaults.source = source.value();
  std::vector<BulkItem> items;
  if (auto error = parse_bulk_body(request.body, defaults, items)) return error->to_response();
  ValidationErrors validation = validate_bulk_items(items);
  if (!validation.empty()) return validation.to_error().to_response();

  const bool refresh = params->refresh != RefreshPolicy::none;
  BulkExecutor executor(*ctx.catalog, items, params->refresh == RefreshPolicy::immediate);
  executor.run();
  if (refresh) {
    Status status = executor.refresh_touched();
    if (!status.is_ok()) return error_response(status);
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return raw_json_response(request, 200, executor.response_body(took.count()));
}

}  // namespace

void register_bulk_routes(http::Router& router, ApiContext& ctx) {
  auto handler = [&ctx](http::Request& request) { return handle_bulk(ctx, request); };
  for (http::Method method : {http::Method::post, http::Method::put}) {
    router.add(method, "/_bulk", handler);
    router.add(method, "/{index}/_bulk", handler);
  }
}

}  // namespace pharos::api
