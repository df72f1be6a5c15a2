// Error responses the HTTP layer produces itself, before any handler runs (413 body too large,
// 400 malformed request or corrupt gzip, 500 escaped exception, 503 shutting down), in
// OpenSearch's error shape:
//   {"error":{"root_cause":[{"type":T,"reason":R}],"type":T,"reason":R},"status":N}
// server/http may not use a JSON library, so the body is built by hand (reason is escaped).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "server/http/request.h"

namespace pharos::http {

Response make_error_response(int status, std::string_view type, std::string_view reason);

// JSON string escaping (quotes not included); control characters become \u00XX.
std::string json_escape(std::string_view text);

}  // namespace pharos::http
