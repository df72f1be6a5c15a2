// The single-node Catalog: metadata in data/_state/catalog.json (written atomically before any
// change is acknowledged), node identity in data/_state/node.json, one directory per index
// under data/indices/<uuid>/ owned by that index's IndexService, and a scheduler thread that
// drives run_index_maintenance for every open index about every 100 ms.
//
// Thread-safety: every public method may be called from any thread. Three locks, always taken
// in this order and never the other way round:
//   ddl_mutex_         serialises metadata changes (create/delete/open/close/aliases/templates);
//                      held across storage work so two creates of one name cannot race.
//   maintenance_mutex_ held for one scheduler pass; an index is closed only after it is out of
//                      services_ and the current pass has ended, so maintenance never touches a
//                      closed IndexService.
//   state_mutex_       (shared) guards state_ and services_; held only to read or swap them, so
//                      lookups and resolution never wait for index I/O.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "index/engine/catalog.h"
#include "index/engine/catalog_state.h"
#include "index/engine/local_index_service.h"
#include "index/engine/node_state.h"

namespace pharos::engine {

class LocalCatalog final : public Catalog {
 public:
  static Result<std::unique_ptr<LocalCatalog>> open_local(const NodeSettings& settings);
  ~LocalCatalog() override;
  LocalCatalog(const LocalCatalog&) = delete;
  LocalCatalog& operator=(const LocalCatalog&) = delete;

  Result<std::shared_ptr<IndexService>> create_index(const std::string& name,
                                                     const nlohmann::json& body) override;
  Status delete_index(const std::string& name) override;
  Status close_index(const std::string& name) override;
  Status open_index(const std::string& name) override;
  std::shared_ptr<IndexService> index(std::string_view name) const override;
  std::vector<std::string> index_names() const override;
  std::optional<IndexEntry> index_entry(std::string_view name) const override;
  std::vector<IndexEntry> index_entries() const override;
  Result<std::shared_ptr<const IndexSettings>> index_settings(std::string_view name) const override;

  Result<std::vector<std::string>> resolve(std::string_view expression,
                                           const IndicesOptions& options) const override;
  Result<std::shared_ptr<IndexService>> resolve_write_index(std::string_view name, bool auto_create) override;

  Status update_aliases(const nlohmann::json& body) override;
  std::vector<AliasInfo> aliases() const override;

  Status put_index_template(const std::string& name, const nlohmann::json& body, bool create_only) override;
  Status delete_index_template(const std::string& name) override;
  Result<nlohmann::json> get_index_templates(std::string_view pattern) const override;

  // local_catalog_pipelines.cpp
  Status put_search_pipeline(const std::string& id, const nlohmann::json& body) override;
  Status delete_search_pipeline(const std::string& id) override;
  nlohmann::json get_search_pipelines(std::string_view ids) const override;

  const std::string& cluster_uuid() const override { return identity_.cluster_uuid; }
  const std::string& node_id() const override { return identity_.node_id; }
  Status shutdown() override;

 private:
  using ServiceMap = std::map<std::string, std::shared_ptr<IndexService>, std::less<>>;

  LocalCatalog(NodeSettings settings, NodeIdentity identity, CatalogState state);

  // ---- startup (catalog_recovery.cpp)
  void open_all_indexes();
  void remove_orphan_directories();

  IndexServiceConfig service_config(const IndexEntry& entry) const;
  std::string index_dir(const std::string& uuid) const;
  Status persist(const CatalogState& next) const;
  // A copy of state_ taken under state_mutex_: DDL edits it, persists it, then install()s it.
  CatalogState copy_state() const;
  // Replaces state_ (and drops services of indexes no longer open) under state_mutex_.
  void install(CatalogState next, ServiceMap added);
  // Closes services already removed from services_, once the current maintenance pass ends.
  Status release(const std::vector<std::shared_ptr<IndexService>>& services);
  Status check_running() const;
  // Body of create_index; ddl_mutex_ held by the caller.
  Result<std::shared_ptr<IndexService>> create_index_locked(const std::string& name,
                                                            const nlohmann::json& body);
  Status delete_indexes_locked(CatalogState next, const std::vector<std::string>& removed);
  Result<std::vector<std::string>> resolve_locked_for_admin(std::string_view expression,
                                                            bool ignore_aliases) const;

  void maintenance_loop();

  const NodeSettings settings_;
  const NodeIdentity identity_;
  const std::string state_dir_;
  const std::string indices_dir_;

  std::mutex ddl_mutex_;
  bool shut_down_ = false;  // guarded by ddl_mutex_

  std::mutex maintenance_mutex_;

  mutable std::shared_mutex state_mutex_;
  CatalogState state_;
  ServiceMap services_;

  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;  // guarded by stop_mutex_
  std::thread scheduler_;
};

}  // namespace pharos::engine
