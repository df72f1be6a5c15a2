// Merges, multi-shard routing and stats.
#include <gtest/gtest.h>

#include <thread>

#include "index_service_test_util.h"

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers

// Docs "0".."99" in 25 refreshed segments of 4: enough small segments for background merges.
void add_small_segments(IndexService& s) {
  int next = 0;
  for (int seg = 0; seg < 25; ++seg) {
    for (int i = 0; i < 4; ++i, ++next) ASSERT_TRUE(s.index(doc(std::to_string(next), "{}")).is_ok());
    ASSERT_TRUE(s.refresh().is_ok());
  }
}

TEST(ShardMergeTest, ForceMergeKeepsLiveDocsAndVersions) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node);
  ASSERT_NE(s, nullptr);
  for (int seg = 0; seg < 5; ++seg) {
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(s->index(doc(std::to_string(seg * 10 + i), R"({"t":"x"})")).is_ok());
    ASSERT_TRUE(s->refresh().is_ok());
  }
  for (int i = 0; i < 50; i += 5) ASSERT_TRUE(s->remove(DeleteRequest{std::to_string(i), "", {}}).is_ok());
  ASSERT_TRUE(s->index(doc("1", R"({"t":"y"})")).is_ok());
  EXPECT_EQ(s->stats()[0].segment_count, 5u);
  ASSERT_TRUE(s->force_merge(1, false).is_ok());
  auto st = s->stats()[0];
  EXPECT_EQ(st.segment_count, 1u);
  EXPECT_EQ(st.docs_count, 40u);
  EXPECT_EQ(st.docs_deleted, 0u);
  EXPECT_FALSE(s->get(GetRequest{"5", "", true})->found);
  auto g = s->get(GetRequest{"1", "", true}).value();
  EXPECT_EQ(g.version, 2);
  EXPECT_EQ(g.source, R"({"t":"y"})");
  ASSERT_TRUE(close_index_service(*s).is_ok());
  auto r = open_index_service(service_config(dir.path(), &node));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ((*r)->stats()[0].docs_count, 40u);
  ASSERT_TRUE(close_index_service(**r).is_ok());
}

// The policy merges by size; the merged segment still lists documents in indexing order.
TEST(ShardMergeTest, ForceMergeKeepsIndexingOrder) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node);
  ASSERT_NE(s, nullptr);
  int next = 0;
  for (int size : {3, 9, 1, 6, 2}) {  // unsorted sizes: size order is not indexing order
    for (int i = 0; i < size; ++i, ++next) ASSERT_TRUE(s->index(doc(std::to_string(next), "{}")).is_ok());
    ASSERT_TRUE(s->refresh().is_ok());
  }
  ASSERT_TRUE(s->force_merge(1, false).is_ok());
  auto searcher = s->acquire_searchers()[0];
  ASSERT_EQ(searcher->segments.size(), 1u);
  const auto& segment = *searcher->segments[0].segment;
  ASSERT_EQ(segment.max_doc(), static_cast<uint32_t>(next));
  for (uint32_t d = 0; d < segment.max_doc(); ++d) EXPECT_EQ(segment.id(d), std::to_string(d));
}

TEST(ShardMergeTest, DeletesDuringBackgroundMergesAreKept) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node, {{"refresh_interval", "-1"}});
  ASSERT_NE(s, nullptr);
  add_small_segments(*s);
  // Background merges start here while another thread deletes.
  std::thread deleter([&] {
    for (int i = 0; i < 100; i += 3) (void)s->remove(DeleteRequest{std::to_string(i), "", {}});
  });
  for (int i = 0; i < 20; ++i) {
    run_index_maintenance(*s);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  deleter.join();
  ASSERT_TRUE(s->force_merge(1, false).is_ok());
  auto st = s->stats()[0];
  EXPECT_EQ(st.segment_count, 1u);
  EXPECT_EQ(st.docs_count, 100u - 34u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(s->get(GetRequest{std::to_string(i), "", true})->found, i % 3 != 0) << i;
  EXPECT_GT(st.merge_total, 0u);
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

// A background merge that finishes while an update sits unrefreshed must not publish the old
// copy's delete without the new copy: searchers keep seeing every document.
TEST(ShardMergeTest, BackgroundMergeDoesNotPublishUnrefreshedDeletes) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node, {{"refresh_interval", "-1"}});
  ASSERT_NE(s, nullptr);
  add_small_segments(*s);
  ASSERT_TRUE(s->index(doc("1", R"({"changed":true})")).is_ok());  // not refreshed
  ASSERT_TRUE(s->remove(DeleteRequest{"2", "", {}}).is_ok());       // not refreshed
  for (int i = 0; i < 50 && s->stats()[0].merge_total == 0; ++i) {
    run_index_maintenance(*s);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GT(s->stats()[0].merge_total, 0u);
  EXPECT_EQ(s->acquire_searchers()[0]->live_doc_count, 100u);
  ASSERT_TRUE(s->refresh().is_ok());
  EXPECT_EQ(s->acquire_searchers()[0]->live_doc_count, 99u);
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

TEST(ShardMergeTest, RoutingSpreadsAcrossShardsAndRoutingValueGroups) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node, {{"number_of_shards", 3}});
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->number_of_shards(), 3u);
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(s->index(doc("id" + std::to_string(i), "{}")).is_ok());
  for (int i = 0; i < 10; ++i) {
    IndexRequest r = doc("r" + std::to_string(i), "{}");
    r.routing = "user-7";
    auto w = s->index(r);
    ASSERT_TRUE(w.is_ok());
    EXPECT_EQ(w->shard, s->index(r)->shard);
    EXPECT_TRUE(s->get(GetRequest{r.id, "user-7", true})->found);
  }
  ASSERT_TRUE(s->refresh().is_ok());
  auto searchers = s->acquire_searchers();
  ASSERT_EQ(searchers.size(), 3u);
  uint64_t total = 0;
  for (auto& sh : searchers) {
    EXPECT_GT(sh->live_doc_count, 0u);
    total += sh->live_doc_count;
  }
  EXPECT_EQ(total, 70u);
  auto stats = s->stats();
  int64_t ops = 0;
  for (auto& st : stats) ops += st.max_seq_no + 1;
  EXPECT_EQ(ops, 80);  // each shard counts its own seq_nos from 0
  ASSERT_TRUE(close_index_service(*s).is_ok());
  EXPECT_FALSE(s->is_open());
  EXPECT_EQ(s->index(doc("z", "{}")).status().kind(), ErrorKind::index_closed);
}

TEST(ShardMergeTest, PeriodicRefreshViaMaintenance) {
  TempDir dir;
  NodeSettings node;
  auto s = create_service(dir.path(), &node, {{"refresh_interval", "50ms"}});
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->index(doc("1", "{}")).is_ok());
  for (int i = 0; i < 30 && s->acquire_searchers()[0]->live_doc_count == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    run_index_maintenance(*s);
  }
  EXPECT_EQ(s->acquire_searchers()[0]->live_doc_count, 1u);
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

}  // namespace
}  // namespace pharos::engine
