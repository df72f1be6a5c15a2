#include "server/api/request_cache.h"

namespace pharos::api {

void RequestCacheStats::add(const RequestCacheStats& other) {
  memory_size_in_bytes += other.memory_size_in_bytes;
  evictions += other.evictions;
  hit_count += other.hit_count;
  miss_count += other.miss_count;
}

// The shard view's identity is part of the key: a refresh publishes a new view, so entries of
// the old one no longer match (and get() checks the view is still the same object, since an
// address can be reused once the old view is freed).
std::string RequestCache::full_key(const std::string& index_uuid, const engine::ShardSearcher* searcher,
                                   const std::string& request_key) {
  std::string key = index_uuid;
  key += '\0';
  key += std::to_string(searcher->shard);
  key += '\0';
  key += std::to_string(reinterpret_cast<uintptr_t>(searcher));
  key += '\0';
  key += request_key;
  return key;
}

std::optional<query::ShardSearchResponse> RequestCache::get(
    const std::string& index_uuid, const std::shared_ptr<const engine::ShardSearcher>& searcher,
    const std::string& request_key) {
  std::string key = full_key(index_uuid, searcher.get(), request_key);
  std::lock_guard lock(mutex_);
  auto& counters = stats_[index_uuid];
  auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    ++counters.miss_count;
    return std::nullopt;
  }
  if (found->second->searcher.lock() != searcher) {  // a freed view whose address was reused
    erase_locked(found->second, false);
    ++counters.miss_count;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, found->second);
  ++counters.hit_count;
  return found->second->response;
}

void RequestCache::put(const std::string& index_uuid,
                       const std::shared_ptr<const engine::ShardSearcher>& searcher,
                       const std::string& request_key, query::ShardSearchResponse response) {
  Entry entry;
  entry.key = full_key(index_uuid, searcher.get(), request_key);
  entry.index_uuid = index_uuid;
  entry.searcher = searcher;
  entry.bytes = sizeof(Entry) + 2 * entry.key.size() + index_uuid.size() + response.index.size() +
                response.aggs_partial_json.size() + response.profile_json.size() +
                response.docs.size() * sizeof(search::ScoredDoc);
  entry.response = std::move(response);
  if (entry.bytes > max_bytes_) return;
  std::lock_guard lock(mutex_);
  drop_stale_locked();
  if (auto found = by_key_.find(entry.key); found != by_key_.end()) erase_locked(found->second, false);
  stats_[index_uuid].memory_size_in_bytes += entry.bytes;
  bytes_ += entry.bytes;
  lru_.push_front(std::move(entry));
  by_key_[lru_.front().key] = lru_.begin();
  while (bytes_ > max_bytes_ && !lru_.empty()) erase_locked(std::prev(lru_.end()), true);
}

void RequestCache::erase_locked(Lru::iterator it, bool evicted) {
  auto& counters = stats_[it->index_uuid];
  counters.memory_size_in_bytes -= it->bytes;
  if (evicted) ++counters.evictions;
  bytes_ -= it->bytes;
  by_key_.erase(it->key);
  lru_.erase(it);
}

void RequestCache::drop_stale_locked() {
  for (auto it = lru_.begin(); it != lru_.end();) {
    auto next = std::next(it);
    if (it->searcher.expired()) erase_locked(it, false);
    it = next;
  }
}

void RequestCache::clear_index(const std::string& index_uuid) {
  std::lock_guard lock(mutex_);
  for (auto it = lru_.begin(); it != lru_.end();) {
    auto next = std::next(it);
    if (it->index_uuid == index_uuid) erase_locked(it, false);
    it = next;
  }
}

void RequestCache::clear() {
  std::lock_guard lock(mutex_);
  while (!lru_.empty()) erase_locked(lru_.begin(), false);
}

RequestCacheStats RequestCache::stats(const std::string& index_uuid) const {
  std::lock_guard lock(mutex_);
  auto found = stats_.find(index_uuid);
  return found == stats_.end() ? RequestCacheStats{} : found->second;
}

}  // namespace pharos::api
