#include "server/api/request_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace pharos::api {
namespace {

std::shared_ptr<const engine::ShardSearcher> view(uint32_t shard = 0) {
  auto searcher = std::make_shared<engine::ShardSearcher>();
  searcher->index = "idx";
  searcher->shard = shard;
  return searcher;
}

query::ShardSearchResponse response(uint64_t hits, size_t partial_bytes = 10) {
  query::ShardSearchResponse r;
  r.index = "idx";
  r.total_hits = hits;
  r.aggs_partial_json = std::string(partial_bytes, 'x');
  return r;
}

TEST(RequestCache, MissThenHitReturnsStoredResponse) {
  RequestCache cache(1 << 20);
  auto searcher = view();
  EXPECT_FALSE(cache.get("u", searcher, "req").has_value());
  cache.put("u", searcher, "req", response(7));
  auto hit = cache.get("u", searcher, "req");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->total_hits, 7u);
  auto stats = cache.stats("u");
  EXPECT_EQ(stats.hit_count, 1u);
  EXPECT_EQ(stats.miss_count, 1u);
  EXPECT_GT(stats.memory_size_in_bytes, 0u);
  EXPECT_EQ(cache.stats("other").miss_count, 0u);
}

TEST(RequestCache, KeyIncludesRequestShardViewAndIndex) {
  RequestCache cache(1 << 20);
  auto searcher = view();
  cache.put("u", searcher, "req", response(1));
  EXPECT_FALSE(cache.get("u", searcher, "req2").has_value());
  EXPECT_FALSE(cache.get("v", searcher, "req").has_value());
  EXPECT_FALSE(cache.get("u", view(), "req").has_value());  // a refreshed shard view
  EXPECT_TRUE(cache.get("u", searcher, "req").has_value());
}

TEST(RequestCache, ClosedViewsAreDroppedAndNeverServed) {
  RequestCache cache(1 << 20);
  auto searcher = view();
  cache.put("u", searcher, "req", response(1));
  uint64_t one_entry = cache.stats("u").memory_size_in_bytes;
  searcher.reset();  // the refresh released the old view
  auto next = view();
  cache.put("u", next, "req", response(2));  // the next store sweeps entries of closed views
  auto stats = cache.stats("u");
  EXPECT_LT(stats.memory_size_in_bytes, one_entry * 3 / 2);
  EXPECT_EQ(stats.evictions, 0u);
  auto hit = cache.get("u", next, "req");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->total_hits, 2u);
}

TEST(RequestCache, EvictsLeastRecentlyUsedPastLimit) {
  RequestCache probe(1 << 20);
  auto searcher = view();
  probe.put("u", searcher, "a", response(1, 100));
  uint64_t entry = probe.stats("u").memory_size_in_bytes;
  RequestCache cache(entry * 2 + entry / 2);  // room for two entries
  cache.put("u", searcher, "a", response(1, 100));
  cache.put("u", searcher, "b", response(2, 100));
  ASSERT_TRUE(cache.get("u", searcher, "a").has_value());  // a is now the most recent
  cache.put("u", searcher, "c", response(3, 100));         // evicts b
  EXPECT_TRUE(cache.get("u", searcher, "a").has_value());
  EXPECT_FALSE(cache.get("u", searcher, "b").has_value());
  EXPECT_TRUE(cache.get("u", searcher, "c").has_value());
  auto stats = cache.stats("u");
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_LE(stats.memory_size_in_bytes, cache.max_bytes());
}

TEST(RequestCache, EntryLargerThanLimitIsNotKept) {
  RequestCache cache(64);
  auto searcher = view();
  cache.put("u", searcher, "req", response(1, 1000));
  EXPECT_FALSE(cache.get("u", searcher, "req").has_value());
  EXPECT_EQ(cache.stats("u").memory_size_in_bytes, 0u);
}

TEST(RequestCache, ClearIndexLeavesOthers) {
  RequestCache cache(1 << 20);
  auto searcher = view();
  cache.put("u", searcher, "req", response(1));
  cache.put("v", searcher, "req", response(2));
  cache.clear_index("u");
  EXPECT_FALSE(cache.get("u", searcher, "req").has_value());
  EXPECT_TRUE(cache.get("v", searcher, "req").has_value());
  cache.clear();
  EXPECT_EQ(cache.stats("v").memory_size_in_bytes, 0u);
}

}  // namespace
}  // namespace pharos::api
