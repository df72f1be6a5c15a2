// IP addresses as the `ip` field type stores them: 16 bytes, IPv4 mapped into IPv6
// (::ffff:a.b.c.d), so byte order is sort order and v4/v6 share one column.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pharos::mapping {

using IpBytes = std::array<uint8_t, 16>;

// Accepts dotted IPv4 ("10.0.0.1", no leading zeros) and IPv6 in every RFC 4291 text form
// ("::1", "2001:db8::8a2e:370:7334", "::ffff:1.2.3.4"). nullopt when not an address.
std::optional<IpBytes> parse_ip(std::string_view text);

// Canonical text: dotted quad for IPv4-mapped addresses, RFC 5952 (lower-case, longest
// zero run compressed) for the rest — what OpenSearch returns in aggregations.
std::string format_ip(const IpBytes& bytes);

inline std::string ip_bytes_to_string(const IpBytes& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace pharos::mapping
