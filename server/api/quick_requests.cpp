#include "server/api/quick_requests.h"

#include <array>
#include <vector>

namespace pharos::api {
namespace {

std::vector<std::string_view> path_segments(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::vector<std::string_view> segments;
  while (!target.empty()) {
    size_t slash = target.find('/');
    std::string_view segment = target.substr(0, slash);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    target.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace

bool is_quick_request(std::string_view method, std::string_view target) {
  const bool get = method == "GET" || method == "HEAD";
  if (!get && method != "POST") return false;
  const auto segments = path_segments(target);
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
