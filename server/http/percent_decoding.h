// Percent-decoding of URL components (RFC 3986 %XX escapes).
// '+' is kept as a literal '+', everywhere: OpenSearch (RestUtils.decodeComponent) does not treat
// '+' as a space, and a document id like "a+b" must survive a round trip. Malformed escapes
// ("%", "%G1") are kept verbatim rather than rejected, as lenient servers do.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace pharos::http {

std::string percent_decode(std::string_view text);

}  // namespace pharos::http
