#include "server/api/json_response.h"

#include <nlohmann/json.hpp>

#include "server/api/fast_json_parse.h"

namespace pharos::api {

namespace {

template <typename Json>
http::Response render(int http_status, const Json& body, bool pretty) {
  http::Response response;
  response.status = http_status;
  response.body = pretty ? body.dump(2) + "\n" : body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

}  // namespace

http::Response json_response(int http_status, const nlohmann::json& body, bool pretty) {
  return render(http_status, body, pretty);
}

http::Response json_response(const http::Request& request, int http_status, const nlohmann::json& body) {
  return render(http_status, body, request.flag("pretty", false));
}

http::Response ordered_json_response(const http::Request& request, int http_status,
                                     const nlohmann::ordered_json& body) {
  return render(http_status, body, request.flag("pretty", false));
}

http::Response search_body_response(const http::Request& request, std::string json_text) {
  if (request.flag("pretty", false)) {
    auto tree = nlohmann::ordered_json::parse(json_text, nullptr, false);
    if (!tree.is_discarded()) return render(200, tree, true);
  }
  http::Response response;
  response.status = 200;
  response.body = std::move(json_text);
  return response;
}

Result<nlohmann::json> parse_json(std::string_view text) {
  if (auto fast = fast_json_parse(text)) return std::move(*fast);
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Status(ErrorKind::parse_error, std::string("Failed to parse JSON: ") + e.what());
  }
}

Result<nlohmann::json> parse_json_body(const http::Request& request) {
  std::string_view body = request.body;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return nlohmann::json();  // empty body
  return parse_json(body);
}

http::Response acknowledged(const http::Request& request, bool shards_acknowledged, std::string_view index) {
  nlohmann::json body = {{"acknowledged", true}};
  if (shards_acknowledged) body["shards_acknowledged"] = true;
  if (!index.empty()) body["index"] = index;
  return json_response(request, 200, body);
}

}  // namespace pharos::api
