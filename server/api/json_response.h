// Building JSON responses and reading JSON request bodies with OpenSearch's conventions
// (?pretty, parse errors as 400 parse_exception / json_parse_exception).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "index/base/status.h"
#include "server/http/request.h"

namespace pharos::api {

http::Response json_response(int http_status, const nlohmann::json& body, bool pretty = false);
// Uses the request's ?pretty flag.
http::Response json_response(const http::Request& request, int http_status, const nlohmann::json& body);
// The same for a body whose keys keep their insertion order (search responses: took, hits, ...).
http::Response ordered_json_response(const http::Request& request, int http_status,
                                     const nlohmann::ordered_json& body);

// A search response rendered as JSON text (search_execution.h): sent as is, or re-indented
// for ?pretty.
http::Response search_body_response(const http::Request& request, std::string json_text);

// Parses the request body as a JSON object. Empty body → `empty_value` (null by default).
// Malformed → parse_error with a json_parse_exception-like message.
Result<nlohmann::json> parse_json_body(const http::Request& request);
Result<nlohmann::json> parse_json(std::string_view text);

// {"acknowledged":true} style helpers.
http::Response acknowledged(const http::Request& request, bool shards_acknowledged = false,
                            std::string_view index = {});

}  // namespace pharos::api
