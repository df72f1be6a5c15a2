#include "server/api/json_response.h"

#include <nlohmann/json.hpp>

namespace pharos::api {

http::Response json_response(int http_status, const nlohmann::json& body, bool pretty) {
  http::Response response;
  response.status = http_status;
  response.body = pretty ? body.dump(2) + "\n"
                         : body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

http::Response json_response(const http::Request& request, int http_status, const nlohmann::json& body) {
  return json_response(http_status, body, request.flag("pretty", false));
}

Result<nlohmann::json> parse_json(std::string_view text) {
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
