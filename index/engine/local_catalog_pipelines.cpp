// Search pipelines in the catalog: like templates, every change is applied to a copy of the
// state, persisted to catalog.json, and only then installed and acknowledged.
#include <nlohmann/json.hpp>

#include "index/base/split.h"
#include "index/engine/index_expression.h"
#include "index/engine/local_catalog.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

bool id_matches(std::string_view pattern, std::string_view id) {
  return has_wildcard(pattern) ? wildcard_match(pattern, id) : pattern == id;
}

}  // namespace

Status LocalCatalog::put_search_pipeline(const std::string& id, const json& body) {
  if (id.empty()) return Status(ErrorKind::invalid_argument, "pipeline id must not be empty");
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  CatalogState next = copy_state();
  next.search_pipelines[id] = body.dump();
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return Status::ok();
}

Status LocalCatalog::delete_search_pipeline(const std::string& id) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  CatalogState next = copy_state();
  size_t removed = 0;
  for (auto it = next.search_pipelines.begin(); it != next.search_pipelines.end();) {
    it = id_matches(id, it->first) ? (++removed, next.search_pipelines.erase(it)) : std::next(it);
  }
  if (removed == 0) {
    if (id == "*") return Status::ok();  // deleting everything from nothing is a no-op
    return Status(ErrorKind::not_found, "pipeline [" + id + "] is missing");
  }
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return Status::ok();
}

json LocalCatalog::get_search_pipelines(std::string_view ids) const {
  std::vector<std::string_view> patterns = split_skipping_empty(ids, ',');
  json out = json::object();
  std::shared_lock lock(state_mutex_);
  for (const auto& [id, body] : state_.search_pipelines) {
    bool wanted = patterns.empty();
    for (std::string_view pattern : patterns) wanted = wanted || id_matches(pattern, id);
    if (wanted) out[id] = json::parse(body, nullptr, false);
  }
  return out;
}

}  // namespace pharos::engine
