// An index's metadata as the engine persists it in <index dir>/meta.json: settings and
// mapping (plus the analysis registry built from the settings). Owns the index's mapping
// lock: dynamic mapping updates from any shard are merged here and made durable (meta.json
// replaced atomically with fsync) before the write that introduced them is acknowledged.
//
// meta.json = one JSON object {"format":1,"name":..,"settings":{flat},"mappings":{..}},
// then a line "#crc32c=<8 hex digits>" over the JSON bytes.
//
// Thread-safe: every accessor returns an immutable snapshot (shared_ptr to const); updates
// are serialised by an internal mutex and swap the snapshot.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "index/base/status.h"
#include "index/engine/index_settings.h"

namespace pharos::mapping {
class Mapping;
}
namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::engine {

struct VectorFieldConfig;  // segment_vectors.h
using VectorFieldConfigs = std::map<std::string, VectorFieldConfig>;

class IndexMetadata {
 public:
  // Validates settings.analysis and the mappings, then writes meta.json into `dir`.
  static Result<std::unique_ptr<IndexMetadata>> create(const std::string& dir, const std::string& name,
                                                       const IndexSettings& settings,
                                                       const nlohmann::json& mappings);
  // Reads meta.json from `dir`; a missing/damaged file → corrupt.
  static Result<std::unique_ptr<IndexMetadata>> load(const std::string& dir, const std::string& name);

  std::shared_ptr<const IndexSettings> settings() const;
  std::shared_ptr<const mapping::Mapping> mapping() const;
  std::shared_ptr<const analysis::AnalysisRegistry> analysis() const;
  // The knn_vector fields' method specs, derived from the mapping and settings whenever either
  // changes, so neither a search nor a new segment re-reads the mapping's JSON.
  std::shared_ptr<const VectorFieldConfigs> vector_fields() const;

  // Merges a dynamic mapping update (new fields found while parsing a document), persists it
  // and returns the new mapping. A conflicting concurrent update → the merge's error.
  Result<std::shared_ptr<const mapping::Mapping>> merge_dynamic_update(const mapping::Mapping& update);
  // PUT _mapping.
  Status put_mapping(const nlohmann::json& mappings);
  // PUT _settings (dynamic settings; analysis only when the index is closed).
  Status put_settings(const nlohmann::json& update, bool index_open);

 private:
  IndexMetadata(std::string dir, std::string name);
  Status persist_locked(const IndexSettings& settings, const mapping::Mapping& mapping) const;
  void derive_vector_fields_locked();

  const std::string dir_;
  const std::string name_;
  mutable std::mutex mutex_;  // guards the snapshots and serialises updates
  std::shared_ptr<const IndexSettings> settings_;
  std::shared_ptr<const mapping::Mapping> mapping_;
  std::shared_ptr<const analysis::AnalysisRegistry> analysis_;
  std::shared_ptr<const VectorFieldConfigs> vector_fields_;
};

}  // namespace pharos::engine
