// One segment's vector indexes, the engine side of vector::SegmentVectorIndexes.
//
// Per knn_vector field of the segment (FieldVectors): the segment's dense vector column
// compacted to the docs that have a vector (zero-copy when every doc has one), the field's
// MethodSpec, and the state of its ANN index: none (below approximate_threshold, or the index
// is not a k-NN index: searched exactly), pending (queued on the VectorIndexService's build
// workers), built (its file `<segment>_<crc32c(field) hex>.vidx` exists; the loaded index lives
// in the service's LRU cache and is reloaded from the file after an eviction), failed (every
// builder failed: searched exactly). Created by the shard when a segment appears (refresh,
// merge, recovery); dropped when the segment is retired, which evicts its cached indexes.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "index/engine/index_settings.h"
#include "index/segment/segment.h"
#include "index/vector/segment_vector_indexes.h"

namespace pharos::mapping {
class Mapping;
}

namespace pharos::engine {

class VectorIndexService;

// What the mapping and index settings say about one knn_vector field.
struct VectorFieldConfig {
  vector::MethodSpec spec;
  bool build_index = false;  // index.knn is true and the method is an ANN method
};

// The vector file name of `field` in `segment_name` (the vector module's own format).
std::string vector_index_file_name(const std::string& segment_name, std::string_view field);

class FieldVectors {
 public:
  FieldVectors(std::shared_ptr<const segment::Segment> segment, std::string field, VectorFieldConfig config,
               std::string dir, std::string index_name, VectorIndexService* service);
  ~FieldVectors();
  FieldVectors(const FieldVectors&) = delete;
  FieldVectors& operator=(const FieldVectors&) = delete;

  const std::string& field() const { return field_; }
  const std::string& index_name() const { return index_name_; }
  uint32_t vector_count() const { return count_; }
  // Whether this field gets an ANN index (queued when true).
  bool wants_index() const;

  // The ANN index (from the cache, else loaded from its file); nullptr while none is built.
  Result<std::shared_ptr<const vector::VectorIndex>> ann_index();
  // Exact search over the compacted vectors (created once, kept).
  std::shared_ptr<const vector::VectorIndex> exact_index();

  // The build worker's job: load a valid index file if one exists, else build with the
  // service's builders and write the file (fsynced); on any failure the field stays exact.
  void run_build_job();
  // Blocks until the field is not pending any more (warmup).
  void wait_until_settled();
  // "hnsw ...", "flat (below approximate_threshold)", "pending", "flat (build failed: ...)".
  std::string description();

 private:
  enum class State { exact_only, pending, built, failed };
  struct VectorData;  // the compacted rows + docs, kept alive with every index built over them

  std::shared_ptr<const VectorData> data();
  std::shared_ptr<const vector::VectorIndex> wrap(std::unique_ptr<vector::VectorIndex> index);
  Result<std::shared_ptr<const vector::VectorIndex>> load_file();

  const std::shared_ptr<const segment::Segment> segment_;
  const std::string field_;
  const VectorFieldConfig config_;
  const std::string path_;
  const std::string index_name_;
  VectorIndexService* const service_;
  uint32_t count_ = 0;

  std::mutex mutex_;
  std::condition_variable settled_;
  State state_ = State::exact_only;
  std::string failure_;
  std::string built_description_;
  std::shared_ptr<const VectorData> data_;
  std::shared_ptr<const vector::VectorIndex> exact_;
};

class SegmentVectors final : public vector::SegmentVectorIndexes {
 public:
  // `configs`: the index's knn_vector fields (fields missing there are searched exactly with
  // the default l2 space). Queues the builds/loads the fields need. `service` may be null
  // (no builds: every field is exact).
  static std::shared_ptr<SegmentVectors> create(std::shared_ptr<const segment::Segment> segment,
                                                const std::string& dir,
                                                const std::map<std::string, VectorFieldConfig>& configs,
                                                const std::string& index_name, VectorIndexService* service);

  Result<std::shared_ptr<const vector::VectorIndex>> index_for(std::string_view field,
                                                               bool exact) const override;
  void count_query() const override;

  bool empty() const { return fields_.empty(); }
  // Waits for pending builds, then loads every built index (GET _plugins/_knn/warmup).
  Status warmup() const;
  // field → description (for stats).
  std::map<std::string, std::string> describe() const;

 private:
  std::map<std::string, std::shared_ptr<FieldVectors>, std::less<>> fields_;
  VectorIndexService* service_ = nullptr;
};

// The knn_vector fields of a mapping with their specs resolved against the index settings
// (index.knn, index.knn.advanced.approximate_threshold, index.knn.algo_param.ef_search).
// Fields whose parameters do not parse are left out (they are searched exactly).
std::map<std::string, VectorFieldConfig> vector_field_configs(const mapping::Mapping& mapping,
                                                              const IndexSettings& settings);

}  // namespace pharos::engine
