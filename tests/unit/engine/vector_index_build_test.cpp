// k-NN indexes in the engine: built in the background per segment, written as `.vidx` files,
// loaded back on reopen instead of rebuilt, rebuilt for merged segments (the merged-away
// segments' files deleted), and served to search through SegmentView::vectors.
#include <gtest/gtest.h>

#include <random>

#include "index/base/file_io.h"
#include "index/engine/segment_vectors.h"
#include "index/engine/vector_index_service.h"
#include "index_service_test_util.h"

namespace pharos::engine {
namespace {

using namespace test_util;  // NOLINT: test-local helpers

const nlohmann::json kSettings = {{"knn", true}, {"knn.advanced.approximate_threshold", 0}};
const nlohmann::json kMappings =
    nlohmann::json::parse(R"({"properties":{"v":{"type":"knn_vector","dimension":4,
  "method":{"name":"hnsw","space_type":"l2","engine":"faiss"}}}})");

NodeSettings node_with_vectors() {
  NodeSettings node;
  std::vector<std::unique_ptr<vector::VectorIndexBuilder>> builders;
  builders.push_back(vector::make_cpu_builder(1));
  node.vectors = std::make_shared<VectorIndexService>(std::move(builders), VectorServiceOptions{});
  return node;
}

std::vector<std::string> vidx_files(const std::string& dir) {
  std::vector<std::string> out;
  auto files = list_directory(dir + "/0");
  EXPECT_TRUE(files.is_ok());
  for (const auto& f : files.value())
    if (f.size() > 5 && f.compare(f.size() - 5, 5, ".vidx") == 0) out.push_back(f);
  return out;
}

void add_segments(IndexService& s, int segments, int per_segment) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> value(-1, 1);
  int id = 0;
  for (int seg = 0; seg < segments; ++seg) {
    for (int i = 0; i < per_segment; ++i, ++id) {
      nlohmann::json src = {{"v", {value(rng), value(rng), value(rng), value(rng)}}};
      ASSERT_TRUE(s.index(doc(std::to_string(id), src.dump())).is_ok());
    }
    ASSERT_TRUE(s.refresh().is_ok());
  }
}

// Waits for every segment's builds (what GET _plugins/_knn/warmup does).
void warm(const IndexService& s) {
  for (const auto& searcher : s.acquire_searchers()) {
    for (const auto& view : searcher->segments) {
      auto vectors = std::dynamic_pointer_cast<const SegmentVectors>(view.vectors);
      ASSERT_NE(vectors, nullptr);
      ASSERT_TRUE(vectors->warmup().is_ok());
    }
  }
}

TEST(VectorIndexBuildTest, BuildsPersistsReloadsAndFollowsMerges) {
  TempDir dir;
  NodeSettings node = node_with_vectors();
  auto s = create_service(dir.path(), &node, kSettings, kMappings);
  ASSERT_NE(s, nullptr);
  add_segments(*s, 3, 40);
  warm(*s);
  EXPECT_EQ(vidx_files(dir.path()).size(), 3u);
  KnnStatsSnapshot stats = node.vectors->stats();
  ASSERT_EQ(stats.builders.size(), 1u);
  EXPECT_EQ(stats.builders[0].second.builds, 3u);
  EXPECT_EQ(stats.builders[0].second.vectors, 120u);
  EXPECT_EQ(stats.cache_entries, 3u);

  // Search sees an ANN index for each segment.
  auto searcher = s->acquire_searchers()[0];
  for (const auto& view : searcher->segments) {
    auto index = view.vectors->index_for("v", false);
    ASSERT_TRUE(index.is_ok());
    ASSERT_NE(index.value(), nullptr);
    EXPECT_NE(index.value()->description().find("hnsw"), std::string::npos) << index.value()->description();
  }
  searcher.reset();

  // Reopen: the files are loaded, nothing is rebuilt.
  ASSERT_TRUE(close_index_service(*s).is_ok());
  s.reset();
  EXPECT_EQ(node.vectors->stats().cache_entries, 0u);  // retired segments leave the cache
  auto reopened = open_index_service(service_config(dir.path(), &node));
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  s = reopened.value();
  warm(*s);
  stats = node.vectors->stats();
  EXPECT_EQ(stats.builders[0].second.builds, 3u);
  EXPECT_EQ(stats.load_success_count, 3u);

  // A merge rebuilds over the merged vectors. The old segments' files stay while a kept commit
  // (the newest two) still names their segments, and go with them.
  const std::vector<std::string> old_files = vidx_files(dir.path());
  ASSERT_TRUE(s->force_merge(1, false).is_ok());
  warm(*s);
  EXPECT_EQ(node.vectors->stats().builders[0].second.builds, 4u);
  add_segments(*s, 1, 1);  // one more commit, so the pre-merge one is no longer kept
  warm(*s);
  ASSERT_TRUE(s->flush().is_ok());
  const std::vector<std::string> files = vidx_files(dir.path());
  EXPECT_EQ(files.size(), 2u);  // the merged segment's and the new one's
  for (const auto& f : old_files) EXPECT_EQ(std::count(files.begin(), files.end(), f), 0) << f;
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

TEST(VectorIndexBuildTest, BelowThresholdOrWithoutKnnSegmentsStayExact) {
  TempDir dir;
  NodeSettings node = node_with_vectors();
  nlohmann::json settings = {{"knn", true}, {"knn.advanced.approximate_threshold", 1000}};
  auto s = create_service(dir.path(), &node, settings, kMappings);
  ASSERT_NE(s, nullptr);
  add_segments(*s, 1, 20);
  warm(*s);
  EXPECT_TRUE(vidx_files(dir.path()).empty());
  auto view = s->acquire_searchers()[0]->segments.at(0);
  auto vectors = std::dynamic_pointer_cast<const SegmentVectors>(view.vectors);
  ASSERT_NE(vectors, nullptr);
  EXPECT_NE(vectors->describe().at("v").find("below approximate_threshold"), std::string::npos);
  auto index = view.vectors->index_for("v", false);
  ASSERT_TRUE(index.is_ok());
  ASSERT_NE(index.value(), nullptr);
  vector::SearchParams params;
  params.k = 3;
  float query[4] = {0, 0, 0, 0};
  EXPECT_EQ(index.value()->search(query, params).size(), 3u);
  EXPECT_EQ(node.vectors->stats().builders[0].second.builds, 0u);
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

// The derived vector field specs follow the mapping and the settings as they change.
TEST(VectorIndexBuildTest, VectorFieldSpecsFollowMappingAndSettings) {
  TempDir dir;
  NodeSettings node = node_with_vectors();
  auto s = create_service(dir.path(), &node, {{"knn", true}}, kMappings);
  ASSERT_NE(s, nullptr);
  auto fields = s->vector_fields();
  ASSERT_EQ(fields->size(), 1u);
  EXPECT_EQ(fields->at("v").spec.space, vector::SpaceType::l2);
  EXPECT_EQ(fields->at("v").spec.dimension, 4u);
  ASSERT_TRUE(s->put_mapping(nlohmann::json::parse(R"({"properties":{"b":{"type":"knn_vector","dimension":16,
      "data_type":"binary","method":{"name":"hnsw","engine":"faiss"}}}})"))
                  .is_ok());
  fields = s->vector_fields();
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ(fields->at("b").spec.space, vector::SpaceType::hamming);  // binary's default space
  ASSERT_TRUE(s->put_settings(nlohmann::json::parse(R"({"index.knn.algo_param.ef_search":77})")).is_ok());
  EXPECT_EQ(s->vector_fields()->at("v").spec.ef_search, 77u);
  // index.knn.remote_index_build.enabled: true by default, dynamic, a strict boolean.
  EXPECT_TRUE(s->vector_fields()->at("v").spec.remote_build_enabled);
  ASSERT_TRUE(s->put_settings(nlohmann::json::parse(R"({"index.knn.remote_index_build.enabled":false})")).is_ok());
  EXPECT_FALSE(s->vector_fields()->at("v").spec.remote_build_enabled);
  EXPECT_FALSE(s->put_settings(nlohmann::json::parse(R"({"index.knn.remote_index_build.enabled":"yes"})")).is_ok());
  EXPECT_FALSE(s->vector_fields()->at("v").spec.remote_build_enabled);
  ASSERT_TRUE(close_index_service(*s).is_ok());
}

}  // namespace
}  // namespace pharos::engine
