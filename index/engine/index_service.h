// One index: its settings, mapping, analysis, and shards. All document writes, reads,
// refresh/flush/merge go through here. Thread-safe: concurrent writers are serialised per
// shard; readers never block writers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/engine/index_metadata.h"
#include "index/engine/index_settings.h"
#include "index/engine/shard_searcher.h"
#include "index/engine/write_ops.h"

namespace pharos::mapping {
class Mapping;
}
namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::engine {

struct ShardStats {
  uint32_t shard = 0;
  uint64_t docs_count = 0;  // live docs in refreshed segments
  uint64_t docs_deleted = 0;
  uint64_t store_bytes = 0;
  uint32_t segment_count = 0;
  int64_t max_seq_no = -1;
  int64_t local_checkpoint = -1;
  uint64_t translog_ops = 0;
  uint64_t translog_bytes = 0;
  uint64_t index_total = 0, delete_total = 0, refresh_total = 0, flush_total = 0, merge_total = 0;
  uint64_t fielddata_bytes = 0;  // held by fielddata (global ordinals, sorted numeric values)
  std::map<std::string, uint64_t> fielddata_bytes_by_field;
};

class IndexService {
 public:
  virtual ~IndexService() = default;

  virtual const std::string& name() const = 0;
  virtual const std::string& uuid() const = 0;  // 22-char base64url
  virtual int64_t creation_date_millis() const = 0;
  virtual bool is_open() const = 0;

  // ---- settings and mapping (snapshots: safe to hold while the index changes)
  virtual std::shared_ptr<const IndexSettings> settings() const = 0;
  virtual std::shared_ptr<const mapping::Mapping> mapping() const = 0;
  virtual std::shared_ptr<const analysis::AnalysisRegistry> analysis() const = 0;
  virtual std::shared_ptr<const VectorFieldConfigs> vector_fields() const = 0;  // IndexMetadata's
  // Merges a mapping update (PUT _mapping body); conflicts → invalid_argument.
  virtual Status put_mapping(const nlohmann::json& mappings) = 0;
  // Applies dynamic settings (refresh_interval, translog.durability, number_of_replicas,
  // max_result_window, ...); static ones on an open index → invalid_argument.
  virtual Status put_settings(const nlohmann::json& settings) = 0;

  // ---- documents. Each returned write is durable per index.translog.durability
  // (request: fsynced before return).
  virtual Result<WriteResult> index(const IndexRequest& request) = 0;
  virtual Result<WriteResult> remove(const DeleteRequest& request) = 0;
  virtual Result<WriteResult> update(const UpdateRequest& request) = 0;
  virtual Result<GetResult> get(const GetRequest& request) const = 0;
  // Applies ops in order with one translog fsync per touched shard at the end; one result per op.
  virtual std::vector<Result<WriteResult>> bulk(std::vector<BulkOp>& ops) = 0;

  // ---- lifecycle
  virtual Status refresh() = 0;
  virtual Status flush() = 0;
  virtual Status force_merge(int max_num_segments, bool only_expunge_deletes) = 0;
  virtual uint32_t number_of_shards() const = 0;
  virtual std::vector<ShardStats> stats() const = 0;
  // Drops every shard's cached fielddata (searches running keep what they hold).
  virtual void clear_fielddata() = 0;

  // ---- search: a point-in-time view of every shard (refreshed data only).
  virtual std::vector<std::shared_ptr<const ShardSearcher>> acquire_searchers() const = 0;
};

}  // namespace pharos::engine
