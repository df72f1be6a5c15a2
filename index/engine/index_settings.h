// Parsed index settings. Unknown settings are kept verbatim so GET _settings echoes them.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"

namespace pharos::engine {

enum class TranslogDurability { request, async };

struct IndexSettings {
  uint32_t number_of_shards = 1;
  uint32_t number_of_replicas = 1;  // accepted and reported; one node never allocates replicas
  int64_t refresh_interval_ms = 1000;  // -1 disables periodic refresh
  TranslogDurability durability = TranslogDurability::request;
  int64_t translog_sync_interval_ms = 5000;
  uint32_t max_result_window = 10000;
  bool knn = false;
  // `index.knn.remote_index_build.enabled` (dynamic): false keeps this index's vector builds on the
  // CPU even when the node has a GPU builder. Default true: the GPU is used when the node has one.
  bool knn_remote_build = true;
  std::string uuid;
  int64_t creation_date_ms = 0;
  std::string provided_name;
  // Every setting as a flat map {"index.number_of_shards":"1", ...} with string values,
  // the way OpenSearch reports them.
  std::string flat_json;

  // Parses the `settings` of a create-index body (nested or flat, with or without "index.").
  static Result<IndexSettings> parse(const nlohmann::json& settings);
  // Applies an update of dynamic settings; static ones → invalid_argument.
  Result<IndexSettings> updated_with(const nlohmann::json& update, bool index_open) const;
  nlohmann::json to_json(bool flat) const;  // GET _settings ("index": {...} nested, or flat)
  nlohmann::json analysis_json() const;     // the "index.analysis" subtree (or null)
};

// Parses an OpenSearch time value ("-1", "0", "500ms", "1s", "1m", "2h", "1d") into
// milliseconds; a missing or unknown unit → invalid_argument naming `key`.
Result<int64_t> parse_time_value_ms(const std::string& key, const std::string& text);

}  // namespace pharos::engine
