// The node's catalog: every index, alias and index template, persisted under the data
// directory. Resolves index expressions (comma lists, wildcards, _all, aliases) and
// auto-creates indexes on write through matching templates. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/engine/index_service.h"

namespace pharos::engine {

class VectorIndexService;

struct NodeSettings {
  std::string data_path = "./data";
  uint64_t index_buffer_bytes = 256ull << 20;  // indices.memory.index_buffer_size, node-wide
  size_t merge_threads = 1;
  // k-NN index builds and the loaded-index cache, shared by every index; null = no ANN
  // indexes (every k-NN search is exact).
  std::shared_ptr<VectorIndexService> vectors;
};

struct IndicesOptions {
  bool ignore_unavailable = false;
  bool allow_no_indices = true;
  bool expand_open = true;
  bool expand_closed = false;
};

// What the catalog knows about an index independent of its storage. `failed` means the index is
// listed in the catalog but its storage could not be opened at startup (corrupt or missing
// files): it stays listed (health red) instead of stopping the node, and can be deleted, or
// retried with open_index.
enum class IndexState { open, closed, failed };

struct IndexEntry {
  std::string name;
  std::string uuid;  // also the directory name under data/indices/
  IndexState state = IndexState::open;
  std::string failure;  // why a failed index could not be opened
};

struct AliasInfo {
  std::string alias;
  std::string index;
  std::string filter_json;  // empty if none
  std::string index_routing, search_routing;
  std::optional<bool> is_write_index;
  std::optional<bool> is_hidden;
};

class Catalog {
 public:
  // Opens (or creates) the data directory and recovers every index (translog replay).
  static Result<std::unique_ptr<Catalog>> open(const NodeSettings& settings);
  virtual ~Catalog() = default;

  // ---- indexes
  // Body: {"settings":{...},"mappings":{...},"aliases":{...}}. Invalid names → invalid_argument
  // (OpenSearch's invalid_index_name rules), existing → already_exists.
  virtual Result<std::shared_ptr<IndexService>> create_index(const std::string& name, const nlohmann::json& body) = 0;
  // delete/close/open take an index expression (comma list, wildcards). delete names concrete
  // indices only: an alias → invalid_argument, a missing name → index_not_found, a wildcard that
  // matches nothing is fine. close/open also accept aliases. A closed index's IndexService is
  // released (index() returns nullptr for it).
  virtual Status delete_index(const std::string& name) = 0;
  virtual Status close_index(const std::string& name) = 0;
  virtual Status open_index(const std::string& name) = 0;
  // Exact concrete name; nullptr if none.
  virtual std::shared_ptr<IndexService> index(std::string_view name) const = 0;
  // Every concrete index name (open, closed and failed), sorted.
  virtual std::vector<std::string> index_names() const = 0;
  // State and uuid of one index (closed and failed ones included); nullopt if none.
  virtual std::optional<IndexEntry> index_entry(std::string_view name) const = 0;
  // Every index, sorted by name.
  virtual std::vector<IndexEntry> index_entries() const = 0;
  // Settings of an open or closed index (closed ones are read from their metadata file);
  // index_not_found if there is no such index, corrupt if its metadata cannot be read.
  virtual Result<std::shared_ptr<const IndexSettings>> index_settings(std::string_view name) const = 0;

  // Resolves "a,b*,alias,-c,_all" to concrete index names (sorted, unique).
  // A missing concrete name → index_not_found unless ignore_unavailable; nothing matched and
  // !allow_no_indices → index_not_found.
  virtual Result<std::vector<std::string>> resolve(std::string_view expression, const IndicesOptions& options) const = 0;

  // The index a write to `name` goes to: the index itself, an alias's write index, or a newly
  // auto-created index (templates applied) when `auto_create` and nothing matches.
  virtual Result<std::shared_ptr<IndexService>> resolve_write_index(std::string_view name, bool auto_create) = 0;

  // ---- aliases
  // POST /_aliases body {"actions":[{"add":{...}},{"remove":{...}},{"remove_index":{...}}]}; atomic.
  virtual Status update_aliases(const nlohmann::json& body) = 0;
  virtual std::vector<AliasInfo> aliases() const = 0;

  // ---- index templates (composable, /_index_template)
  virtual Status put_index_template(const std::string& name, const nlohmann::json& body, bool create_only) = 0;
  virtual Status delete_index_template(const std::string& name) = 0;
  // name → the template body as stored; `pattern` may contain wildcards ("" = all).
  virtual Result<nlohmann::json> get_index_templates(std::string_view pattern) const = 0;

  // ---- search pipelines (/_search/pipeline): stored as id → body, exactly as given. The catalog
  // only persists them; server/api validates bodies before put and interprets them at search time.
  virtual Status put_search_pipeline(const std::string& id, const nlohmann::json& body) = 0;
  // `id` may hold wildcards; nothing matched → not_found "pipeline [id] is missing" (a lone "*"
  // on an empty set is fine, as in OpenSearch).
  virtual Status delete_search_pipeline(const std::string& id) = 0;
  // id → body for a comma list of ids / wildcards ("" = all); unmatched names are left out.
  virtual nlohmann::json get_search_pipelines(std::string_view ids) const = 0;

  // ---- node
  virtual const std::string& cluster_uuid() const = 0;
  virtual const std::string& node_id() const = 0;
  // Refresh loops, async translog syncs, merges are scheduled by the catalog's own threads.
  // Flushes every index and stops background work (graceful shutdown).
  virtual Status shutdown() = 0;
};

}  // namespace pharos::engine
