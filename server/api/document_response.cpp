#include "server/api/document_response.h"

#include <nlohmann/json.hpp>

#include "index/engine/index_service.h"
#include "server/api/source_values.h"

namespace pharos::api {

namespace {

using OrderedJson = nlohmann::ordered_json;

// Stored fields are answered from the source (values of the named fields, as arrays).
// OpenSearch only answers fields mapped with store:true; this is the close approximation the
// API can give without the mapping.
OrderedJson stored_fields_json(std::string_view source, const std::vector<std::string>& names) {
  OrderedJson fields = OrderedJson::object();
  if (names.empty()) return fields;
  OrderedJson parsed = OrderedJson::parse(source.begin(), source.end(), nullptr, false);
  if (!parsed.is_object()) return fields;
  for (const std::string& name : names) {
    if (name.empty() || name.front() == '_' || name.find('*') != std::string::npos) continue;
    OrderedJson values = OrderedJson::array();
    collect_source_values(parsed, name, values);
    if (!values.empty()) fields[name] = std::move(values);
  }
  return fields;
}

}  // namespace

int shard_copies(const engine::IndexService& index) {
  auto settings = index.settings();
  return settings ? 1 + static_cast<int>(settings->number_of_replicas) : 1;
}

nlohmann::ordered_json shards_json(int total, int successful, int failed) {
  OrderedJson shards = OrderedJson::object();
  shards["total"] = total;
  shards["successful"] = successful;
  shards["failed"] = failed;
  return shards;
}

int write_status(engine::WriteOutcome outcome) {
  switch (outcome) {
    case engine::WriteOutcome::created: return 201;
    case engine::WriteOutcome::not_found: return 404;
    default: return 200;
  }
}

nlohmann::ordered_json write_result_json(std::string_view index, const engine::WriteResult& result, int copies,
                                         bool forced_refresh) {
  OrderedJson body = OrderedJson::object();
  body["_index"] = index;
  body["_id"] = result.id;
  body["_version"] = result.version;
  body["result"] = engine::write_outcome_name(result.outcome);
  const bool noop = result.outcome == engine::WriteOutcome::noop;
  body["_shards"] = noop ? shards_json(0, 0) : shards_json(copies, 1);
  if (forced_refresh && !noop) body["forced_refresh"] = true;
  body["_seq_no"] = result.seq_no;
  body["_primary_term"] = result.primary_term;
  return body;
}

std::string dump_ordered(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string append_raw_fields(std::string object_json,
                              const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  if (fields.empty()) return object_json;
  // object_json ends with '}'; it is "{}" when empty.
  object_json.pop_back();
  bool first = object_json.size() == 1;
  for (const auto& [key, raw] : fields) {
    if (!first) object_json += ',';
    first = false;
    object_json += OrderedJson(key).dump();
    object_json += ':';
    object_json += raw;
  }
  object_json += '}';
  return object_json;
}

Result<std::string> get_result_body(std::string_view index, const engine::GetResult& result,
                                    const GetOptions& options, bool with_index_and_id) {
  OrderedJson body = OrderedJson::object();
  if (with_index_and_id) {
    body["_index"] = index;
    body["_id"] = result.id;
  }
  if (!result.found) {
    body["found"] = false;
    return dump_ordered(body);
  }
  if (with_index_and_id) body["_version"] = result.version;
  body["_seq_no"] = result.seq_no;
  body["_primary_term"] = result.primary_term;
  if (!result.routing.empty()) body["_routing"] = result.routing;
  body["found"] = true;
  std::string text = dump_ordered(body);
  std::string source;
  std::string fields;
  if (options.fetch_source()) {
    if (options.source) {
      PHAROS_ASSIGN_OR_RETURN(source, options.source->apply(result.source));
    } else {
      source = result.source;
    }
  }
  if (options.stored_fields_given) {
    OrderedJson stored = stored_fields_json(result.source, options.stored_fields);
    if (!stored.empty()) fields = dump_ordered(stored);
  }
  std::vector<std::pair<std::string_view, std::string_view>> raw;
  if (options.fetch_source() && !source.empty()) raw.emplace_back("_source", source);
  if (!fields.empty()) raw.emplace_back("fields", fields);
  return append_raw_fields(std::move(text), raw);
}

http::Response raw_json_response(const http::Request& request, int status, std::string body) {
  http::Response response;
  response.status = status;
  if (request.flag("pretty", false)) {
    OrderedJson parsed = OrderedJson::parse(body, nullptr, false);
    if (!parsed.is_discarded()) body = parsed.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
  }
  response.body = std::move(body);
  return response;
}

}  // namespace pharos::api
