// zlib glue for HTTP bodies: inflating `Content-Encoding: gzip|deflate` request bodies under a
// size limit (a small gzip bomb must not allocate gigabytes) and gzipping response bodies.
// Thread-safety: pure functions; each call owns its zlib stream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "index/base/status.h"

namespace pharos::http {

enum class ContentCoding { identity, gzip, deflate, unsupported };

// Reads a Content-Encoding header value ("gzip", "x-gzip", "deflate", "identity", "";
// case-insensitive). A list of codings ("gzip, identity") is reduced to its single
// non-identity coding; more than one real coding is unsupported.
ContentCoding parse_content_coding(std::string_view header_value);

// Inflates `compressed`. gzip accepts concatenated members and zlib-wrapped data as well;
// deflate accepts both zlib-wrapped (RFC 1950, what the RFC means) and raw (RFC 1951, what some
// clients send) data. Errors: resource_exhausted when the output would exceed `max_output`
// bytes (the caller answers 413), parse_error for corrupt or truncated data (400).
Result<std::string> inflate_body(std::string_view compressed, ContentCoding coding, size_t max_output);

// gzip-wraps `data`. Level 3 is OpenSearch's default (http.compression_level): most of the
// size win for a fraction of level 6's CPU.
std::string gzip_compress(std::string_view data, int level = 3);

// True when an Accept-Encoding header value admits gzip ("gzip", "x-gzip", "*", not "gzip;q=0").
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace pharos::http
