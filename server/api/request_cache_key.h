// Whether a search may use the shard request cache, and the bytes it is cached under: the search
// body after the coordinator's rewrite (terms lookups inlined) plus every URL parameter. Follows
// OpenSearch's IndicesService.canCache: never scrolls, dfs_query_then_fetch or profiled
// searches, nor requests whose result depends on the clock or chance (`now` date math, scripts,
// random_score); `request_cache=false` refuses; without the parameter only `size: 0` searches
// of indexes with `index.requests.cache.enable` (default true) are cached.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "query/dsl/search_request.h"

namespace pharos::http {
struct Request;
}

namespace pharos::api {

struct RequestCacheKey {
  std::string bytes;    // empty = this search is not cacheable
  bool forced = false;  // request_cache=true: cache even when size != 0 or the index disables it
};

RequestCacheKey request_cache_key(const nlohmann::json& body, const query::SearchRequest& search,
                                  const http::Request& request);

// The index setting index.requests.cache.enable (flat settings JSON), default true.
bool index_request_cache_enabled(const std::string& flat_settings_json);

}  // namespace pharos::api
