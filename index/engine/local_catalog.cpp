#include "index/engine/local_catalog.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "index/base/file_io.h"
#include "index/base/wall_clock.h"
#include "index/engine/alias_actions.h"
#include "index/engine/index_expression.h"
#include "index/engine/index_metadata.h"
#include "index/engine/index_name_rules.h"
#include "index/engine/index_template_merge.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

Status with_index(Status status, const std::string& index) {
  status.with_index(index);
  return status;
}

Status no_such_index(std::string_view name) {
  return with_index(Status(ErrorKind::index_not_found, "no such index [" + std::string(name) + "]"),
                    std::string(name));
}

Status check_create_body(const json& body) {
  if (body.is_null()) return Status::ok();
  if (!body.is_object()) return Status(ErrorKind::parse_error, "request body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "settings" && key != "mappings" && key != "aliases") {
      return Status(ErrorKind::parse_error, "unknown key [" + key + "] for create index");
    }
  }
  return Status::ok();
}

}  // namespace

LocalCatalog::LocalCatalog(NodeSettings settings, NodeIdentity identity, CatalogState state)
    : settings_(std::move(settings)),
      identity_(std::move(identity)),
      state_dir_(settings_.data_path + "/_state"),
      indices_dir_(settings_.data_path + "/indices"),
      state_(std::move(state)) {}

LocalCatalog::~LocalCatalog() {
  Status status = shutdown();
  if (!status.is_ok()) spdlog::error("catalog shutdown: {}", status.to_string());
}

// ---------------------------------------------------------------- helpers

std::string LocalCatalog::index_dir(const std::string& uuid) const { return indices_dir_ + "/" + uuid; }

IndexServiceConfig LocalCatalog::service_config(const IndexEntry& entry) const {
  return IndexServiceConfig{index_dir(entry.uuid), entry.name, &settings_};
}

Status LocalCatalog::persist(const CatalogState& next) const {
  return write_file_atomic(state_dir_ + "/catalog.json", catalog_state_to_json(next));
}

CatalogState LocalCatalog::copy_state() const {
  std::shared_lock lock(state_mutex_);
  return state_;
}

void LocalCatalog::install(CatalogState next, ServiceMap added) {
  std::unique_lock lock(state_mutex_);
  state_ = std::move(next);
  for (auto& [name, service] : added) services_[name] = std::move(service);
  for (auto it = services_.begin(); it != services_.end();) {
    auto entry = state_.indexes.find(it->first);
    bool keep = entry != state_.indexes.end() && entry->second.state == IndexState::open;
    it = keep ? std::next(it) : services_.erase(it);
  }
}

Status LocalCatalog::release(const std::vector<std::shared_ptr<IndexService>>& services) {
  std::lock_guard pass(maintenance_mutex_);
  Status first;
  for (const auto& service : services) {
    if (!service) continue;
    Status closed = close_index_service(*service);
    if (!closed.is_ok()) {
      spdlog::error("closing index [{}]: {}", service->name(), closed.to_string());
      if (first.is_ok()) first = closed;
    }
  }
  return first;
}

Status LocalCatalog::check_running() const {
  if (shut_down_) return Status(ErrorKind::internal, "the node is shutting down");
  return Status::ok();
}

Result<std::vector<std::string>> LocalCatalog::resolve_locked_for_admin(std::string_view expression,
                                                                        bool ignore_aliases) const {
  ResolveRules rules;
  rules.options = IndicesOptions{
      .ignore_unavailable = false, .allow_no_indices = true, .expand_open = true, .expand_closed = true};
  rules.ignore_aliases = ignore_aliases;
  std::shared_lock lock(state_mutex_);
  return resolve_index_expression(state_, expression, rules);
}

// ---------------------------------------------------------------- indexes

Result<std::shared_ptr<IndexService>> LocalCatalog::create_index(const std::string& name, const json& body) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  return create_index_locked(name, body);
}

Result<std::shared_ptr<IndexService>> LocalCatalog::create_index_locked(const std::string& name,
                                                                        const json& body) {
  PHAROS_RETURN_IF_ERROR(validate_index_name(name));
  CatalogState next;
  {
    std::shared_lock lock(state_mutex_);
    if (auto it = state_.indexes.find(name); it != state_.indexes.end()) {
      return with_index(
          Status(ErrorKind::already_exists, "index [" + name + "/" + it->second.uuid + "] already exists"),
          name);
    }
    if (state_.has_alias(name)) {
      return with_index(
          Status(ErrorKind::invalid_index_name, "Invalid index name [" + name + "], already exists as alias"),
          name);
    }
    next = state_;
  }
  PHAROS_RETURN_IF_ERROR(check_create_body(body));
  // OpenSearch applies the matching composable template to explicit creates too.
  const IndexTemplate* matched = find_matching_template(name, next.templates);
  PHAROS_ASSIGN_OR_RETURN(json composed,
                          compose_index_body(matched ? template_contents(*matched) : json(), body));
  IndexEntry entry{name, random_base64_uuid(), IndexState::open, {}};
  // The catalog's uuid names the directory; the index reports the same one. index.uuid and
  // index.provided_name are private settings in OpenSearch, so the catalog's values win.
  json& flat_settings = composed["settings"];
  flat_settings["index.uuid"] = entry.uuid;
  flat_settings["index.provided_name"] = name;
  if (!flat_settings.contains("index.creation_date"))
    flat_settings["index.creation_date"] = std::to_string(wall_clock_millis());
  PHAROS_ASSIGN_OR_RETURN(IndexSettings settings, IndexSettings::parse(flat_settings));
  next.indexes[name] = entry;
  PHAROS_RETURN_IF_ERROR(with_index(add_index_aliases(next, name, composed["aliases"]), name));

  const std::string dir = index_dir(entry.uuid);
  PHAROS_RETURN_IF_ERROR(create_directories(dir));
  auto created = create_index_service(service_config(entry), settings, composed["mappings"]);
  if (!created.is_ok()) {
    (void)remove_all(dir);
    return with_index(created.status(), name);
  }
  std::shared_ptr<IndexService> service = std::move(created).value();
  if (Status persisted = persist(next); !persisted.is_ok()) {
    (void)release({service});
    (void)remove_all(dir);
    return persisted;
  }
  install(std::move(next), ServiceMap{{name, service}});
  return service;
}

Status LocalCatalog::delete_indexes_locked(CatalogState next, const std::vector<std::string>& removed) {
  std::vector<std::string> dirs;
  std::vector<std::shared_ptr<IndexService>> services;
  {
    std::shared_lock lock(state_mutex_);
    for (const auto& name : removed) {
      if (auto it = state_.indexes.find(name); it != state_.indexes.end())
        dirs.push_back(index_dir(it->second.uuid));
      if (auto it = services_.find(name); it != services_.end()) services.push_back(it->second);
    }
  }
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  // The deletion is durable from here on; leftovers are removed as orphans at the next start.
  (void)release(services);  // logs its own failures; the delete itself has happened
  for (const auto& dir : dirs) {
    Status removed_dir = remove_all(dir);
    if (!removed_dir.is_ok()) spdlog::warn("could not remove [{}]: {}", dir, removed_dir.to_string());
  }
  return Status::ok();
}

Status LocalCatalog::delete_index(const std::string& expression) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  PHAROS_ASSIGN_OR_RETURN(auto names, resolve_locked_for_admin(expression, /*ignore_aliases=*/true));
  if (names.empty()) return Status::ok();
  CatalogState next = copy_state();
  for (const auto& name : names) {
    next.indexes.erase(name);
    next.remove_index_from_aliases(name);
  }
  return delete_indexes_locked(std::move(next), names);
}

Status LocalCatalog::close_index(const std::string& expression) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  PHAROS_ASSIGN_OR_RETURN(auto names, resolve_locked_for_admin(expression, /*ignore_aliases=*/false));
  CatalogState next;
  std::vector<std::shared_ptr<IndexService>> services;
  {
    std::shared_lock lock(state_mutex_);
    next = state_;
    for (const auto& name : names) {
      if (auto it = services_.find(name); it != services_.end()) services.push_back(it->second);
    }
  }
  for (const auto& name : names) {
    next.indexes[name].state = IndexState::closed;
    next.indexes[name].failure.clear();
  }
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return release(services);
}

Status LocalCatalog::open_index(const std::string& expression) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  PHAROS_ASSIGN_OR_RETURN(auto names, resolve_locked_for_admin(expression, /*ignore_aliases=*/false));
  CatalogState next = copy_state();
  ServiceMap opened;
  for (const auto& name : names) {
    IndexEntry& entry = next.indexes[name];
    if (entry.state == IndexState::open) continue;
    auto service = open_index_service(service_config(entry));
    if (!service.is_ok()) {
      std::vector<std::shared_ptr<IndexService>> undo;
      for (auto& [opened_name, opened_service] : opened) undo.push_back(opened_service);
      (void)release(undo);
      return with_index(service.status(), name);
    }
    opened[name] = std::move(service).value();
    entry.state = IndexState::open;
    entry.failure.clear();
  }
  if (Status persisted = persist(next); !persisted.is_ok()) {
    std::vector<std::shared_ptr<IndexService>> undo;
    for (auto& [opened_name, opened_service] : opened) undo.push_back(opened_service);
    (void)release(undo);
    return persisted;
  }
  install(std::move(next), std::move(opened));
  return Status::ok();
}

std::shared_ptr<IndexService> LocalCatalog::index(std::string_view name) const {
  std::shared_lock lock(state_mutex_);
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second;
}

std::vector<std::string> LocalCatalog::index_names() const {
  std::shared_lock lock(state_mutex_);
  std::vector<std::string> names;
  for (const auto& [name, entry] : state_.indexes) names.push_back(name);
  return names;
}

std::optional<IndexEntry> LocalCatalog::index_entry(std::string_view name) const {
  std::shared_lock lock(state_mutex_);
  auto it = state_.indexes.find(name);
  if (it == state_.indexes.end()) return std::nullopt;
  return it->second;
}

std::vector<IndexEntry> LocalCatalog::index_entries() const {
  std::shared_lock lock(state_mutex_);
  std::vector<IndexEntry> out;
  for (const auto& [name, entry] : state_.indexes) out.push_back(entry);
  return out;
}

Result<std::shared_ptr<const IndexSettings>> LocalCatalog::index_settings(std::string_view name) const {
  std::optional<IndexEntry> entry = index_entry(name);
  if (!entry) {
    return Status(ErrorKind::index_not_found, "no such index [" + std::string(name) + "]")
        .with_index(std::string(name));
  }
  if (auto service = index(name)) return service->settings();
  PHAROS_ASSIGN_OR_RETURN(auto metadata, IndexMetadata::load(index_dir(entry->uuid), entry->name));
  return metadata->settings();
}

// ---------------------------------------------------------------- resolution

Result<std::vector<std::string>> LocalCatalog::resolve(std::string_view expression,
                                                       const IndicesOptions& options) const {
  std::shared_lock lock(state_mutex_);
  return resolve_index_expression(state_, expression, ResolveRules{options, false});
}

Result<std::shared_ptr<IndexService>> LocalCatalog::resolve_write_index(std::string_view name,
                                                                        bool auto_create) {
  auto lookup = [&]() -> Result<std::shared_ptr<IndexService>> {
    std::shared_lock lock(state_mutex_);
    std::string target(name);
    if (!state_.has_index(name) && state_.has_alias(name)) {
      PHAROS_ASSIGN_OR_RETURN(target, alias_write_index(state_, name));
    }
    auto entry = state_.indexes.find(target);
    if (entry == state_.indexes.end()) return no_such_index(name);
    if (entry->second.state == IndexState::closed)
      return with_index(Status(ErrorKind::index_closed, "closed"), target);
    auto service = services_.find(target);
    if (entry->second.state == IndexState::failed || service == services_.end()) {
      return with_index(
          Status(ErrorKind::corrupt, "index [" + target + "] could not be opened: " + entry->second.failure),
          target);
    }
    return service->second;
  };
  auto found = lookup();
  if (found.is_ok() || found.status().kind() != ErrorKind::index_not_found || !auto_create) return found;

  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  found = lookup();  // another writer may have created it while we waited for ddl_mutex_
  if (found.is_ok() || found.status().kind() != ErrorKind::index_not_found) return found;
  return create_index_locked(std::string(name), json::object());
}

// ---------------------------------------------------------------- aliases

Status LocalCatalog::update_aliases(const json& body) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  CatalogState next = copy_state();
  PHAROS_ASSIGN_OR_RETURN(auto removed, apply_alias_actions(next, body));
  if (!removed.empty()) return delete_indexes_locked(std::move(next), removed);
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return Status::ok();
}

std::vector<AliasInfo> LocalCatalog::aliases() const {
  std::shared_lock lock(state_mutex_);
  return state_.alias_list();
}

// ---------------------------------------------------------------- templates

Status LocalCatalog::put_index_template(const std::string& name, const json& body, bool create_only) {
  PHAROS_ASSIGN_OR_RETURN(IndexTemplate parsed, parse_index_template(name, body));
  // Catch bad settings now rather than at the first auto-create of a matching index.
  json contents = template_contents(parsed);
  PHAROS_ASSIGN_OR_RETURN(json flat,
                          flatten_index_settings(contents.value("settings", json::object()), false));
  PHAROS_RETURN_IF_ERROR(IndexSettings::parse(flat).status());

  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  CatalogState next = copy_state();
  if (create_only && next.templates.count(name) > 0) {
    return Status(ErrorKind::invalid_argument, "index template [" + name + "] already exists");
  }
  PHAROS_RETURN_IF_ERROR(check_template_conflicts(parsed, next.templates));
  next.templates[name] = std::move(parsed);
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return Status::ok();
}

Status LocalCatalog::delete_index_template(const std::string& name) {
  std::lock_guard ddl(ddl_mutex_);
  PHAROS_RETURN_IF_ERROR(check_running());
  CatalogState next = copy_state();
  size_t removed = 0;
  for (auto it = next.templates.begin(); it != next.templates.end();) {
    bool match = has_wildcard(name) ? wildcard_match(name, it->first) : it->first == name;
    it = match ? (++removed, next.templates.erase(it)) : std::next(it);
  }
  if (removed == 0) return Status(ErrorKind::template_missing, "index_template [" + name + "] missing");
  PHAROS_RETURN_IF_ERROR(persist(next));
  install(std::move(next), {});
  return Status::ok();
}

Result<json> LocalCatalog::get_index_templates(std::string_view pattern) const {
  std::shared_lock lock(state_mutex_);
  return get_index_templates_json(state_.templates, pattern);
}

}  // namespace pharos::engine
