// Turns a parsed HTTP message (method, target, header fields, raw body) into the Request the
// API layer sees: method enum, decoded path, parsed query, lower-cased headers, and the body
// inflated from Content-Encoding gzip/deflate under the body limit. Kept free of Beast types so
// the fuzz target and tests can drive it directly.
// Errors: resource_exhausted (decompressed body over the limit → 413), parse_error (corrupt
// compressed body → 400), invalid_argument (unsupported Content-Encoding → 400).
// Thread-safety: pure function; runs on a worker thread (inflating must not block I/O threads).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "server/http/request.h"

namespace pharos::http {

struct HeaderField {
  std::string_view name;  // any case
  std::string_view value;
};

// `body` is moved into the Request when it is not compressed (a 10 MB _bulk is never copied).
// Repeated header fields are joined with ", " (RFC 9110 §5.3). After inflation the
// content-encoding header is removed, so nobody decodes the body twice.
Result<Request> build_request(std::string_view method, std::string_view target,
                              const std::vector<HeaderField>& headers, std::string body,
                              size_t max_body_bytes);

// The error response for a build_request failure.
Response request_error_response(const Status& status, size_t max_body_bytes);

// The 413 answer for a body over the limit (raw or decompressed).
Response body_too_large_response(size_t max_body_bytes);

}  // namespace pharos::http
