// `_source` filtering as OpenSearch does it (FetchSourceContext + XContentMapValues.filter):
// fetch or not, include and exclude patterns with `*` wildcards over dotted paths. A pattern
// matching an object takes its whole subtree; arrays are transparent (objects inside an array
// are filtered with the array's path); objects emptied by includes disappear.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "server/http/request.h"

namespace pharos::api {

struct SourceFilter {
  bool fetch = true;
  std::vector<std::string> includes;
  std::vector<std::string> excludes;

  // True when filtering keeps the source as it is (fetch and no patterns).
  bool is_identity() const { return fetch && includes.empty() && excludes.empty(); }

  // From `_source` (true/false/"a,b"), `_source_includes`, `_source_excludes` (and the older
  // `_source_include`/`_source_exclude`). nullopt when none of them is present.
  static Result<std::optional<SourceFilter>> from_params(const http::Request& request);
  // From a JSON `_source` value: bool, "a,b"-free string, array of strings, or an object with
  // includes/include and excludes/exclude (each a string or an array of strings).
  static Result<SourceFilter> from_json(const nlohmann::json& value);

  // Filters a JSON object given as text; the result is JSON text. An identity filter returns
  // the input unchanged (no parse). Source that is not a JSON object → parse_error.
  Result<std::string> apply(std::string_view source_json) const;
  // Filters a parsed object (keys keep their order).
  nlohmann::ordered_json apply_json(const nlohmann::ordered_json& source) const;
};

// Splits "a,b , c" into trimmed, non-empty parts (OpenSearch's comma-delimited params).
std::vector<std::string> split_comma_list(std::string_view text);

}  // namespace pharos::api
