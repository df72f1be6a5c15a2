#include <gtest/gtest.h>

#include <map>

#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;

std::vector<std::vector<Row>> one_shard() {
  std::vector<std::vector<Row>> shards(1);
  const char* genres[] = {"rock", "rock", "jazz", "pop", "rock", "jazz", "blues"};
  for (size_t i = 0; i < 7; ++i) {
    Row r;
    r.genre = {genres[i]};
    r.price = 10.0 * double(i + 1);
    r.count = int64_t(i % 3);
    shards[0].push_back(r);
  }
  return shards;
}

// Runs the aggregations over every doc of the only shard and returns the shard's profile.
json shard_profile(const AggHarness& harness, const json& aggs, bool profile) {
  auto spec = harness.parse(aggs);
  EXPECT_TRUE(spec.is_ok()) << spec.status().to_string();
  const auto& refs = harness.shards().at(0);
  ShardAggregator aggregator(*spec, refs, profile);
  for (size_t s = 0; s < refs.size(); ++s)
    for (uint32_t d = 0; d < refs[s].segment->max_doc(); ++d) aggregator.collect(s, d, 1.0f);
  (void)aggregator.partial();
  return aggregator.profile();
}

TEST(AggProfile, TermsWithSubAggregationReportsCountsBucketsAndChildren) {
  AggHarness harness(one_shard());
  json profile = shard_profile(
      harness,
      {{"by_genre", {{"terms", {{"field", "genre"}}}, {"aggs", {{"top", {{"max", {{"field", "price"}}}}}}}}}},
      true);
  ASSERT_EQ(profile.size(), 1u);
  const json& terms = profile[0];
  EXPECT_EQ(terms["type"], "GlobalOrdinalsStringTermsAggregator");
  EXPECT_EQ(terms["description"], "by_genre");
  EXPECT_EQ(terms["breakdown"]["collect_count"], 7);
  EXPECT_EQ(terms["debug"]["total_buckets"], 4);  // rock, jazz, pop, blues
  EXPECT_EQ(terms["debug"]["result_strategy"], "terms");
  EXPECT_GE(terms["time_in_nanos"].get<uint64_t>(), terms["breakdown"]["collect"].get<uint64_t>());
  ASSERT_EQ(terms["children"].size(), 1u);
  const json& max = terms["children"][0];
  EXPECT_EQ(max["type"], "MaxAggregator");
  EXPECT_EQ(max["description"], "top");
  EXPECT_EQ(max["breakdown"]["collect_count"], 7);       // every doc lands in one bucket
  EXPECT_EQ(max["breakdown"]["initialize_count"], 4);    // one collector per bucket
  EXPECT_FALSE(max["debug"].contains("total_buckets"));  // a metric has no buckets
}

TEST(AggProfile, NumericHistogramAndTermsNames) {
  AggHarness harness(one_shard());
  json profile = shard_profile(harness,
                               {{"h", {{"histogram", {{"field", "count"}, {"interval", 1}}}}},
                                {"n", {{"terms", {{"field", "count"}}}}},
                                {"d", {{"terms", {{"field", "price"}}}}}},
                               true);
  ASSERT_EQ(profile.size(), 3u);
  std::map<std::string, json> by_name;
  for (const auto& node : profile) by_name[node["description"]] = node;
  EXPECT_EQ(by_name["h"]["type"], "NumericHistogramAggregator");
  EXPECT_EQ(by_name["h"]["debug"]["total_buckets"], 3);  // counts 0, 1, 2
  EXPECT_EQ(by_name["n"]["type"], "NumericTermsAggregator");
  EXPECT_EQ(by_name["n"]["debug"]["result_strategy"], "long_terms");
  EXPECT_EQ(by_name["d"]["debug"]["result_strategy"], "double_terms");
  EXPECT_EQ(by_name["d"]["debug"]["total_buckets"], 7);
}

TEST(AggProfile, NotProfiledGivesNoProfile) {
  AggHarness harness(one_shard());
  json profile =
      shard_profile(harness, {{"h", {{"histogram", {{"field", "count"}, {"interval", 1}}}}}}, false);
  EXPECT_TRUE(profile.is_array());
  EXPECT_TRUE(profile.empty());
}

}  // namespace
}  // namespace pharos::query::testing
