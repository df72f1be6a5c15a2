// Which requests are quick enough to run on the HTTP I/O thread that read them
// (http::ServerOptions::runs_inline): read-only searches and document reads. Writes are never
// quick — they wait for fsync, and group commit needs many of them waiting at once.
#pragma once

#include <string_view>

namespace pharos::api {

// `target` is the raw request target (path and query string).
bool is_quick_request(std::string_view method, std::string_view target);

}  // namespace pharos::api
