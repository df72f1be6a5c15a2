// LocalCatalog startup: loading the state files, opening every index, cleaning up directories
// left by interrupted creates and deletes, and the maintenance scheduler.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "index/base/file_io.h"
#include "index/engine/local_catalog.h"

namespace pharos::engine {

Result<std::unique_ptr<Catalog>> Catalog::open(const NodeSettings& settings) {
  PHAROS_ASSIGN_OR_RETURN(auto catalog, LocalCatalog::open_local(settings));
  return std::unique_ptr<Catalog>(std::move(catalog));
}

Result<std::unique_ptr<LocalCatalog>> LocalCatalog::open_local(const NodeSettings& settings) {
  const std::string state_dir = settings.data_path + "/_state";
  PHAROS_RETURN_IF_ERROR(create_directories(state_dir));
  PHAROS_RETURN_IF_ERROR(create_directories(settings.data_path + "/indices"));
  PHAROS_ASSIGN_OR_RETURN(NodeIdentity identity, load_or_create_node_identity(state_dir));

  const std::string catalog_path = state_dir + "/catalog.json";
  CatalogState state;
  if (path_exists(catalog_path)) {
    PHAROS_ASSIGN_OR_RETURN(std::string text, read_file(catalog_path));
    PHAROS_ASSIGN_OR_RETURN(state, catalog_state_from_json(text));
  } else {
    PHAROS_RETURN_IF_ERROR(write_file_atomic(catalog_path, catalog_state_to_json(state)));
  }

  std::unique_ptr<LocalCatalog> catalog(new LocalCatalog(settings, std::move(identity), std::move(state)));
  catalog->remove_orphan_directories();
  catalog->open_all_indexes();
  catalog->scheduler_ = std::thread([raw = catalog.get()] { raw->maintenance_loop(); });
  return catalog;
}

void LocalCatalog::open_all_indexes() {
  // Runs before the catalog is shared, but takes the lock anyway so the invariants hold.
  std::unique_lock lock(state_mutex_);
  for (auto& [name, entry] : state_.indexes) {
    if (entry.state != IndexState::open) continue;
    auto opened = open_index_service(service_config(entry));
    if (opened.is_ok()) {
      services_[name] = std::move(opened).value();
      continue;
    }
    // One damaged index must not keep the node (and every healthy index) down: keep it
    // listed as failed so it shows red, can be deleted, or retried with open_index.
    spdlog::error("index [{}/{}] could not be opened and is marked failed: {}", name, entry.uuid,
                  opened.status().to_string());
    entry.state = IndexState::failed;
    entry.failure = opened.status().message();
  }
}

void LocalCatalog::remove_orphan_directories() {
  // A directory whose uuid the catalog does not list comes from a create that failed before
  // its catalog write (never acknowledged) or a delete that was persisted but not finished.
  auto names = list_directory(indices_dir_);
  if (!names.is_ok()) return;
  std::vector<std::string> known;
  for (const auto& [name, entry] : state_.indexes) known.push_back(entry.uuid);
  for (const auto& dir : names.value()) {
    if (std::find(known.begin(), known.end(), dir) != known.end()) continue;
    spdlog::warn("removing index directory [{}] that the catalog does not list", index_dir(dir));
    Status removed = remove_all(index_dir(dir));
    if (!removed.is_ok()) spdlog::warn("could not remove [{}]: {}", index_dir(dir), removed.to_string());
  }
}

void LocalCatalog::maintenance_loop() {
  using namespace std::chrono_literals;
  for (;;) {
    {
      std::unique_lock stop_lock(stop_mutex_);
      if (stop_signal_.wait_for(stop_lock, 100ms, [this] { return stopping_; })) return;
    }
    std::lock_guard pass(maintenance_mutex_);
    std::vector<std::shared_ptr<IndexService>> open;
    {
      std::shared_lock lock(state_mutex_);
      for (const auto& [name, service] : services_) open.push_back(service);
    }
    for (const auto& service : open) {
      // A throwing index must not take the scheduler (and so every other index) down with it.
      try {
        run_index_maintenance(*service);
      } catch (const std::exception& e) {
        spdlog::error("maintenance of index [{}] failed: {}", service->name(), e.what());
      }
    }
  }
}

Status LocalCatalog::shutdown() {
  {
    std::lock_guard stop_lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();

  std::lock_guard ddl(ddl_mutex_);
  if (shut_down_) return Status::ok();
  shut_down_ = true;
  std::vector<std::shared_ptr<IndexService>> open;
  {
    std::unique_lock lock(state_mutex_);
    for (auto& [name, service] : services_) open.push_back(std::move(service));
    services_.clear();
  }
  return release(open);
}

}  // namespace pharos::engine
