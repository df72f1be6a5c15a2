// GET|POST /_analyze and /{index}/_analyze: run an analyzer (named, from a field's mapping,
// or built ad hoc from tokenizer + filters) over text and list the tokens.
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/engine/catalog.h"
#include "index/mapping/mapping.h"
#include "server/api/api_context.h"
#include "server/api/errors.h"
#include "server/api/json_response.h"
#include "server/http/router.h"

namespace pharos::api {
namespace {

using http::Method;
using http::Request;
using http::Response;

// The analyzer the request names: "analyzer", or the analyzer of "field", or tokenizer/filters.
Result<std::shared_ptr<const analysis::Analyzer>> choose_analyzer(const nlohmann::json& body,
                                                                 const analysis::AnalysisRegistry& registry,
                                                                 const mapping::Mapping* mapping) {
  if (body.contains("analyzer")) {
    if (!body["analyzer"].is_string()) return Status(ErrorKind::invalid_argument, "[analyzer] must be a string");
    std::string name = body["analyzer"].get<std::string>();
    auto analyzer = registry.get(name);
    if (!analyzer) return Status(ErrorKind::invalid_argument, "failed to find analyzer [" + name + "]");
    return analyzer;
  }
  if (body.contains("tokenizer") || body.contains("filter") || body.contains("char_filter")) {
    return registry.build_adhoc(body);
  }
  std::string name = "standard";
  if (body.contains("field") && body["field"].is_string() && mapping != nullptr) {
    if (const auto* field = mapping->find(body["field"].get<std::string>())) {
      if (field->type == mapping::FieldType::keyword) name = "keyword";
      if (field->analyzer) name = *field->analyzer;
    }
  }
  auto analyzer = registry.get(name);
  if (!analyzer) return Status(ErrorKind::invalid_argument, "failed to find analyzer [" + name + "]");
  return analyzer;
}

Response analyze(ApiContext& ctx, Request& request) {
  auto body = parse_json_body(request);
  if (!body.is_ok()) return error_response(body.status());
  nlohmann::json request_body = body->is_object() ? *body : nlohmann::json::object();
  if (const std::string* text = request.param("text")) request_body["text"] = *text;
  if (const std::string* name = request.param("analyzer")) request_body["analyzer"] = *name;
  if (!request_body.contains("text")) {
    return error_response(400, "action_request_validation_exception", "Validation Failed: 1: text is missing;");
  }
  std::shared_ptr<const analysis::AnalysisRegistry> registry = analysis::AnalysisRegistry::builtin();
  std::shared_ptr<const mapping::Mapping> mapping;
  const std::string& index_name = request.path_param("index");
  if (!index_name.empty()) {
    auto index = ctx.catalog->index(index_name);
    if (!index) {
      return error_response(Status(ErrorKind::index_not_found, "no such index [" + index_name + "]").with_index(index_name));
    }
    registry = index->analysis();
    mapping = index->mapping();
  }
  auto analyzer = choose_analyzer(request_body, *registry, mapping.get());
  if (!analyzer.is_ok()) return error_response(analyzer.status());

  std::vector<std::string> texts;
  const auto& text = request_body["text"];
  if (text.is_string()) texts.push_back(text.get<std::string>());
  if (text.is_array()) {
    for (const auto& t : text) {
      if (t.is_string()) texts.push_back(t.get<std::string>());
    }
  }
  nlohmann::json tokens = nlohmann::json::array();
  uint32_t next_position = 0;
  uint32_t offset_base = 0;
  for (const auto& t : texts) {
    std::vector<analysis::Token> out;
    (*analyzer)->analyze(t, out, next_position);
    for (const auto& token : out) {
      tokens.push_back({{"token", token.term},
                        {"start_offset", token.start_offset + offset_base},
                        {"end_offset", token.end_offset + offset_base},
                        {"type", token.type},
                        {"position", token.position}});
      next_position = std::max(next_position, token.position + 1);
    }
    next_position += 100;  // position_increment_gap between values, as for multi-valued fields
    offset_base += static_cast<uint32_t>(t.size()) + 1;
  }
  return json_response(request, 200, {{"tokens", tokens}});
}

}  // namespace

void register_analyze_routes(http::Router& router, ApiContext& ctx) {
  for (const char* path : {"/_analyze", "/{index}/_analyze"}) {
    router.add(Method::get, path, [&ctx](Request& r) { return analyze(ctx, r); });
    router.add(Method::post, path, [&ctx](Request& r) { return analyze(ctx, r); });
  }
}

}  // namespace pharos::api
