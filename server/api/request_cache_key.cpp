#include "server/api/request_cache_key.h"

#include <nlohmann/json.hpp>

#include "server/http/request.h"

namespace pharos::api {
namespace {

using nlohmann::json;

// True when the result can change without the index changing: date math from `now`, scripts
// and random scores (OpenSearch's QueryShardContext.isCacheable).
bool depends_on_clock_or_chance(const json& node) {
  if (node.is_string()) return node.get_ref<const std::string&>().rfind("now", 0) == 0;
  if (node.is_array()) {
    for (const auto& item : node)
      if (depends_on_clock_or_chance(item)) return true;
  }
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "script" || key == "random_score" || key == "scripted_metric") return true;
      if (depends_on_clock_or_chance(value)) return true;
    }
  }
  return false;
}

}  // namespace

RequestCacheKey request_cache_key(const json& body, const query::SearchRequest& search,
                                  const http::Request& request) {
  RequestCacheKey key;
  const std::string* param = request.param("request_cache");
  if (param && *param == "false") return key;
  key.forced = param != nullptr;
  if (!key.forced && search.size_or_default() != 0) return key;
  if (request.param("scroll") || search.dfs_query_then_fetch || search.profile) return key;
  // The coordinator rewrote terms lookups into search.query / aggs_json: key on those.
  json rewritten = body.is_object() ? body : json::object();
  for (const char* name : {"query", "aggs", "aggregations"}) rewritten.erase(name);
  if (search.query) rewritten["query"] = *search.query;
  if (!search.aggs_json.empty()) rewritten["aggs"] = json::parse(search.aggs_json, nullptr, false);
  if (depends_on_clock_or_chance(rewritten)) return key;
  for (const auto& [name, value] : request.query) {
    if (value.rfind("now", 0) == 0) return key;
  }
  key.bytes = rewritten.dump();
  for (const auto& [name, value] : request.query) {  // std::map: sorted, so the key is canonical
    key.bytes += '\n';
    key.bytes += name;
    key.bytes += '=';
    key.bytes += value;
  }
  return key;
}

bool index_request_cache_enabled(const std::string& flat_settings_json) {
  constexpr const char* kSetting = "index.requests.cache.enable";
  if (flat_settings_json.find(kSetting) == std::string::npos) return true;
  json flat = json::parse(flat_settings_json, nullptr, false);
  if (!flat.is_object()) return true;
  auto it = flat.find(kSetting);
  if (it == flat.end()) return true;
  if (it->is_boolean()) return it->get<bool>();
  return !(it->is_string() && it->get<std::string>() == "false");
}

}  // namespace pharos::api
