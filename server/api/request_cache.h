// The shard request cache (OpenSearch's IndicesRequestCache): per shard, the query-phase
// response of a `size: 0` search (hit count and aggregation partial), keyed by the request's
// bytes and the shard view it ran on. A refresh that publishes a new shard view makes every
// older entry of that shard unreachable (the entry remembers its view and a different view
// never matches), so results are never stale. One LRU per node with a byte limit
// (`indices.requests.cache.size`); counters per index (by uuid, so a recreated index starts at 0).
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "index/engine/shard_searcher.h"
#include "query/dsl/shard_search_phase.h"

namespace pharos::api {

struct RequestCacheStats {
  uint64_t memory_size_in_bytes = 0;
  uint64_t evictions = 0;
  uint64_t hit_count = 0;
  uint64_t miss_count = 0;
  void add(const RequestCacheStats& other);
};

class RequestCache {
 public:
  explicit RequestCache(uint64_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached response of `request_key` on this shard view; counts a hit or a miss.
  std::optional<query::ShardSearchResponse> get(const std::string& index_uuid,
                                                const std::shared_ptr<const engine::ShardSearcher>& searcher,
                                                const std::string& request_key);
  // Stores a response computed on `searcher`, then evicts least recently used entries past the
  // limit. A response larger than the whole limit is not kept.
  void put(const std::string& index_uuid, const std::shared_ptr<const engine::ShardSearcher>& searcher,
           const std::string& request_key, query::ShardSearchResponse response);

  void clear_index(const std::string& index_uuid);  // POST /{index}/_cache/clear?request=true
  void clear();
  RequestCacheStats stats(const std::string& index_uuid) const;
  uint64_t max_bytes() const { return max_bytes_; }

 private:
  struct Entry {
    std::string key;
    std::string index_uuid;
    std::weak_ptr<const engine::ShardSearcher> searcher;
    query::ShardSearchResponse response;
    uint64_t bytes = 0;
  };
  using Lru = std::list<Entry>;  // most recently used first

  static std::string full_key(const std::string& index_uuid, const engine::ShardSearcher* searcher,
                              const std::string& request_key);
  void erase_locked(Lru::iterator it, bool evicted);
  void drop_stale_locked();  // entries whose shard view is gone (closed by a refresh)

  const uint64_t max_bytes_;
  uint64_t bytes_ = 0;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator> by_key_;
  std::map<std::string, RequestCacheStats> stats_;  // index uuid → counters
};

}  // namespace pharos::api
