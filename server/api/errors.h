// OpenSearch-shaped errors: the only place engine error kinds become HTTP statuses and
// OpenSearch exception types.
//   {"error":{"root_cause":[{...}],"type":"...","reason":"...","index":"..."},"status":N}
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "server/http/request.h"

namespace pharos::api {

struct ErrorInfo {
  int http_status = 500;
  std::string type;  // "index_not_found_exception", ...
};

// The OpenSearch type and HTTP status for an engine error kind.
ErrorInfo error_info(ErrorKind kind);

// The error object (the value of "error") for a Status, as bulk items and responses embed it.
nlohmann::json error_object(const Status& status);
nlohmann::json error_object(std::string_view type, std::string_view reason, std::string_view index = {});

// A complete error response for a Status.
http::Response error_response(const Status& status);
// A complete error response with an explicit type and status.
http::Response error_response(int http_status, std::string_view type, std::string_view reason,
                              std::string_view index = {});

}  // namespace pharos::api
