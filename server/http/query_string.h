// Splitting a request target into its path and query parameters.
// Parameters are split on '&' then on the first '='; names and values are percent-decoded
// ('+' stays '+', see percent_decoding.h). A name without '=' ("?pretty") has the value "",
// which Request::flag reads as true. The last occurrence of a repeated name wins, as in
// OpenSearch. Empty pieces ("a=1&&b=2") are skipped.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace pharos::http {

struct SplitTarget {
  std::string_view raw_path;   // before '?' (and before any '#'), still percent-encoded
  std::string_view raw_query;  // after '?', "" when absent
};

SplitTarget split_target(std::string_view target);

// Parses "a=1&b=x%20y" into {a: "1", b: "x y"}; existing entries with the same name are replaced.
void parse_query_string(std::string_view query, std::map<std::string, std::string>& out);

}  // namespace pharos::http
