// The node's k-NN machinery outside the write path: the builders (GPU first when present, the
// CPU one last), a small pool of build workers so no shard lock or _bulk ever waits for an
// index build, the LRU cache of loaded indexes with its memory limit
// (`knn.memory.circuit_breaker.limit`), and the counters `GET _plugins/_knn/stats` reports.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/base/thread_pool.h"
#include "index/vector/vector_index.h"

namespace pharos::engine {

class FieldVectors;

struct VectorServiceOptions {
  // Loaded indexes beyond this many bytes evict the least recently used; 0 = no limit.
  uint64_t memory_limit_bytes = 0;
  // Concurrent builds (each builder may use more threads inside).
  size_t build_threads = 1;
};

// A snapshot for `_plugins/_knn/stats`, named after OpenSearch's stats where they exist.
struct KnnStatsSnapshot {
  uint64_t graph_memory_usage_bytes = 0;
  uint64_t memory_limit_bytes = 0;
  uint64_t hit_count = 0, miss_count = 0, eviction_count = 0;
  uint64_t load_success_count = 0, load_exception_count = 0, total_load_time_nanos = 0;
  uint64_t graph_index_requests = 0, graph_index_errors = 0;
  uint64_t graph_query_requests = 0, graph_query_errors = 0;
  uint64_t knn_query_requests = 0;
  uint64_t pending_builds = 0;
  uint64_t cache_entries = 0;
  bool cache_capacity_reached = false;
  bool circuit_breaker_triggered = false;
  struct IndexUsage {
    uint64_t memory_bytes = 0;
    uint64_t graph_count = 0;
  };
  std::map<std::string, IndexUsage> indices_in_cache;
  std::vector<std::pair<std::string, vector::BuildStats>> builders;  // in builder order
};

class VectorIndexService {
 public:
  VectorIndexService(std::vector<std::unique_ptr<vector::VectorIndexBuilder>> builders,
                     VectorServiceOptions options);
  ~VectorIndexService();  // finishes queued builds first
  VectorIndexService(const VectorIndexService&) = delete;
  VectorIndexService& operator=(const VectorIndexService&) = delete;

  // Queues a build (or a load of the field's index file, rebuilding when it is missing or
  // invalid). The job holds only a weak reference: a field retired before its turn is skipped.
  void submit(const std::shared_ptr<FieldVectors>& field);

  // ---- the cache of loaded indexes (keyed by the field's identity)
  std::shared_ptr<const vector::VectorIndex> cached(const FieldVectors* field);
  void put(const FieldVectors* field, const std::string& index_name,
           std::shared_ptr<const vector::VectorIndex> index);
  void evict(const FieldVectors* field, bool count_eviction);
  // Evicts every loaded index of `index_name` (clear_cache); returns how many.
  size_t evict_index(const std::string& index_name);

  // ---- counters
  void count_load(bool ok, uint64_t nanos);
  void count_graph_query(bool ok) { (ok ? graph_query_requests_ : graph_query_errors_)++; }
  void count_knn_query() { ++knn_query_requests_; }
  KnnStatsSnapshot stats() const;

  // Runs the builders in order: the first that accepts builds; on failure the next one tries
  // (and the failure is counted against the builder that failed).
  Result<std::unique_ptr<vector::VectorIndex>> build(const vector::MethodSpec& spec,
                                                     const vector::VectorSet& vectors);

 private:
  struct CacheEntry {
    std::shared_ptr<const vector::VectorIndex> index;
    std::string index_name;
    uint64_t bytes = 0;
    std::list<const FieldVectors*>::iterator lru;  // position in lru_ (front = most recent)
  };
  void evict_locked(std::unordered_map<const FieldVectors*, CacheEntry>::iterator it, bool count_eviction);

  std::vector<std::unique_ptr<vector::VectorIndexBuilder>> builders_;
  const VectorServiceOptions options_;

  mutable std::mutex stats_mutex_;
  std::vector<vector::BuildStats> build_stats_;  // parallel to builders_

  mutable std::mutex cache_mutex_;
  std::unordered_map<const FieldVectors*, CacheEntry> cache_;
  std::list<const FieldVectors*> lru_;
  uint64_t cache_bytes_ = 0;
  bool capacity_reached_ = false, breaker_triggered_ = false;

  std::atomic<uint64_t> hit_count_{0}, miss_count_{0}, eviction_count_{0};
  std::atomic<uint64_t> load_success_{0}, load_errors_{0}, load_nanos_{0};
  std::atomic<uint64_t> graph_index_requests_{0}, graph_index_errors_{0};
  std::atomic<uint64_t> graph_query_requests_{0}, graph_query_errors_{0}, knn_query_requests_{0};
  std::atomic<uint64_t> pending_{0};

  ThreadPool pool_;  // last: destroyed (drained) before the state above
};

}  // namespace pharos::engine
