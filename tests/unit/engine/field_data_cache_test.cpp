// Fielddata of a shard: global ordinals per view and sorted numeric values per segment, built on
// first use and accounted until their last holder lets go.
#include "index/engine/field_data_cache.h"

#include <gtest/gtest.h>

#include "index_service_test_util.h"

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers

class FieldDataCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = create_service(dir_.path(), &node_, {{"index", {{"refresh_interval", "-1"}}}},
                              {{"properties", {{"s", {{"type", "keyword"}}}, {"n", {{"type", "long"}}}}}});
    ASSERT_NE(service_, nullptr);
  }
  void TearDown() override {
    if (service_) (void)close_index_service(*service_);
  }
  // One refreshed segment per call.
  void add_segment(const std::string& id, const std::string& s, int n) {
    ASSERT_TRUE(service_->index(doc(id, R"({"s":")" + s + R"(","n":)" + std::to_string(n) + "}")).is_ok());
    ASSERT_TRUE(service_->refresh().is_ok());
  }
  uint64_t held() const { return service_->stats()[0].fielddata_bytes; }
  std::shared_ptr<const ShardSearcher> view() const { return service_->acquire_searchers()[0]; }

  TempDir dir_;
  NodeSettings node_;
  std::shared_ptr<IndexService> service_;
};

TEST_F(FieldDataCacheTest, GlobalOrdinalsAreBuiltOncePerViewAndAccountedUntilReleased) {
  add_segment("1", "b", 1);
  EXPECT_EQ(view()->fielddata->global_ordinals("s"), nullptr);  // one segment: its ordinals are global
  add_segment("2", "a", 2);
  add_segment("3", "b", 3);
  EXPECT_EQ(held(), 0u);
  auto ords = view()->fielddata->global_ordinals("s");
  ASSERT_NE(ords, nullptr);
  EXPECT_EQ(ords->global_count(), 2u);
  EXPECT_EQ(ords->lookup(0), "a");
  EXPECT_EQ(view()->fielddata->global_ordinals("s"), ords);  // cached
  EXPECT_EQ(held(), ords->memory_bytes());
  EXPECT_EQ(service_->stats()[0].fielddata_bytes_by_field.at("s"), ords->memory_bytes());

  add_segment("4", "c", 4);  // a new view: its global ordinals start over
  EXPECT_NE(view()->fielddata->global_ordinals("s"), ords);
  uint64_t both = held();
  EXPECT_GT(both, ords->memory_bytes());
  ords.reset();  // the last holder of the old view's map
  EXPECT_LT(held(), both);
  service_->clear_fielddata();
  EXPECT_EQ(held(), 0u);
}

TEST_F(FieldDataCacheTest, SortedValuesOutliveRefreshesOfOtherSegments) {
  add_segment("1", "a", 30);
  add_segment("2", "b", 10);
  auto sorted = view()->fielddata->sorted_numeric("n", *view()->segments[0].segment);
  ASSERT_NE(sorted, nullptr);
  ASSERT_EQ(sorted->values().size(), 1u);
  EXPECT_EQ(sorted->values()[0], 30);
  EXPECT_EQ(view()->fielddata->sorted_numeric("missing", *view()->segments[0].segment), nullptr);
  add_segment("3", "c", 20);
  EXPECT_EQ(view()->fielddata->sorted_numeric("n", *view()->segments[0].segment),
            sorted);  // same segment, carried over
  EXPECT_EQ(held(), sorted->memory_bytes());
}

}  // namespace
}  // namespace pharos::engine
