#include "index/engine/vector_index_service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "index/engine/segment_vectors.h"

namespace pharos::engine {

VectorIndexService::VectorIndexService(std::vector<std::unique_ptr<vector::VectorIndexBuilder>> builders,
                                       VectorServiceOptions options)
    : builders_(std::move(builders)),
      options_(options),
      build_stats_(builders_.size()),
      pool_(std::max<size_t>(1, options.build_threads), "knn-build") {}

VectorIndexService::~VectorIndexService() { pool_.shutdown(); }

void VectorIndexService::submit(const std::shared_ptr<FieldVectors>& field) {
  ++pending_;
  std::weak_ptr<FieldVectors> weak = field;
  bool queued = pool_.submit([this, weak] {
    // A segment retired (merged away, index deleted) before its turn needs no index.
    if (auto alive = weak.lock()) alive->run_build_job();
    --pending_;
  });
  if (!queued) --pending_;
}

Result<std::unique_ptr<vector::VectorIndex>> VectorIndexService::build(const vector::MethodSpec& spec,
                                                                       const vector::VectorSet& vectors) {
  Status last(ErrorKind::unsupported, "no k-NN index builder accepts this method");
  for (size_t i = 0; i < builders_.size(); ++i) {
    vector::VectorIndexBuilder& builder = *builders_[i];
    if (!builder.accepts(spec, vectors)) continue;
    ++graph_index_requests_;
    auto start = std::chrono::steady_clock::now();
    auto built = builder.build(spec, vectors);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::lock_guard lock(stats_mutex_);
    if (built.is_ok()) {
      build_stats_[i].builds += 1;
      build_stats_[i].vectors += vectors.count;
      build_stats_[i].millis += static_cast<uint64_t>(millis.count());
      return built;
    }
    ++graph_index_errors_;
    build_stats_[i].failures += 1;
    last = built.status();
    spdlog::warn("k-NN builder [{}] failed on {} vectors, trying the next one: {}", builder.name(),
                 vectors.count, last.message());
  }
  return last;
}

std::shared_ptr<const vector::VectorIndex> VectorIndexService::cached(const FieldVectors* field) {
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(field);
  if (it == cache_.end()) {
    ++miss_count_;
    return nullptr;
  }
  ++hit_count_;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.index;
}

void VectorIndexService::put(const FieldVectors* field, const std::string& index_name,
                             std::shared_ptr<const vector::VectorIndex> index) {
  const uint64_t bytes = index->memory_bytes();
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find(field); it != cache_.end()) evict_locked(it, false);
  lru_.push_front(field);
  cache_.emplace(field, CacheEntry{std::move(index), index_name, bytes, lru_.begin()});
  cache_bytes_ += bytes;
  if (options_.memory_limit_bytes == 0) return;
  // Least recently used first; the index just added stays even when it alone is over the
  // limit (searches need it), which OpenSearch reports as a tripped circuit breaker.
  while (cache_bytes_ > options_.memory_limit_bytes && cache_.size() > 1) {
    capacity_reached_ = true;
    evict_locked(cache_.find(lru_.back()), true);
  }
  if (cache_bytes_ > options_.memory_limit_bytes) breaker_triggered_ = true;
}

void VectorIndexService::evict_locked(std::unordered_map<const FieldVectors*, CacheEntry>::iterator it,
                                      bool count_eviction) {
  cache_bytes_ -= it->second.bytes;
  lru_.erase(it->second.lru);
  cache_.erase(it);
  if (count_eviction) ++eviction_count_;
}

void VectorIndexService::evict(const FieldVectors* field, bool count_eviction) {
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find(field); it != cache_.end()) evict_locked(it, count_eviction);
}

size_t VectorIndexService::evict_index(const std::string& index_name) {
  std::lock_guard lock(cache_mutex_);
  size_t evicted = 0;
  for (auto it = cache_.begin(); it != cache_.end();) {
    auto next = std::next(it);
    if (it->second.index_name == index_name) {
      evict_locked(it, true);
      ++evicted;
    }
    it = next;
  }
  if (options_.memory_limit_bytes == 0 || cache_bytes_ <= options_.memory_limit_bytes)
    breaker_triggered_ = false;
  return evicted;
}

void VectorIndexService::count_load(bool ok, uint64_t nanos) {
  (ok ? load_success_ : load_errors_)++;
  load_nanos_ += nanos;
}

KnnStatsSnapshot VectorIndexService::stats() const {
  KnnStatsSnapshot out;
  {
    std::lock_guard lock(cache_mutex_);
    out.graph_memory_usage_bytes = cache_bytes_;
    out.cache_entries = cache_.size();
    out.cache_capacity_reached = capacity_reached_;
    out.circuit_breaker_triggered = breaker_triggered_;
    for (const auto& [field, entry] : cache_) {
      auto& usage = out.indices_in_cache[entry.index_name];
      usage.memory_bytes += entry.bytes;
      usage.graph_count += 1;
    }
  }
  out.memory_limit_bytes = options_.memory_limit_bytes;
  out.hit_count = hit_count_;
  out.miss_count = miss_count_;
  out.eviction_count = eviction_count_;
  out.load_success_count = load_success_;
  out.load_exception_count = load_errors_;
  out.total_load_time_nanos = load_nanos_;
  out.graph_index_requests = graph_index_requests_;
  out.graph_index_errors = graph_index_errors_;
  out.graph_query_requests = graph_query_requests_;
  out.graph_query_errors = graph_query_errors_;
  out.knn_query_requests = knn_query_requests_;
  out.pending_builds = pending_;
  std::lock_guard lock(stats_mutex_);
  for (size_t i = 0; i < builders_.size(); ++i) {
    out.builders.emplace_back(std::string(builders_[i]->name()), build_stats_[i]);
  }
  return out;
}

}  // namespace pharos::engine
