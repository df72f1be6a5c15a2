#include "server/api/quick_requests.h"

#include <array>

#include "index/base/split.h"

namespace pharos::api {

bool is_quick_request(std::string_view method, std::string_view target) {
  const bool get = method == "GET" || method == "HEAD";
  if (!get && method != "POST") return false;
  const auto segments = split_skipping_empty(target.substr(0, target.find('?')), '/');
  if (segments.empty()) return false;
  // _search, _msearch and _count, over all indexes or some; not _search/scroll or point_in_time
  // (they create or free contexts) and not _delete_by_query / _update_by_query (they write).
  constexpr std::array<std::string_view, 3> kSearches = {"_search", "_msearch", "_count"};
  for (std::string_view name : kSearches)
    if (segments.back() == name && segments.size() <= 2) return true;
  // GET /{index}/_doc/{id} and /{index}/_source/{id}: a lookup in the live version map.
  return get && segments.size() == 3 && (segments[1] == "_doc" || segments[1] == "_source");
}

}  // namespace pharos::api
