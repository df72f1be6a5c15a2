// The ways a terms aggregation can run on a shard give the same answer: by global ordinal
// (dense or remap) or by term bytes (execution_hint map), with sub-aggregations collected per
// bucket (depth_first) or deferred and replayed for the shard's top buckets (breadth_first).
#include <gtest/gtest.h>

#include <random>

#include "index/engine/field_data_cache.h"
#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;

// Random rows over three shards: up to three genres of a 60-term vocabulary (some docs none),
// prices, counts, dates and ips, so buckets are cut at shard_size and sub-aggregations differ.
std::vector<std::vector<Row>> random_shards(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<Row>> shards(3);
  for (auto& rows : shards) {
    for (int i = 0, n = 80 + static_cast<int>(rng() % 120); i < n; ++i) {
      Row r;
      for (uint32_t g = rng() % 4; g > 0; --g) {
        // Skewed: low terms are frequent, so counts differ and ties are few but present.
        uint32_t t = std::min(rng() % 60, rng() % 60);
        r.genre.push_back("g" + std::to_string(t));
      }
      std::sort(r.genre.begin(), r.genre.end());
      r.genre.erase(std::unique(r.genre.begin(), r.genre.end()), r.genre.end());
      if (rng() % 8 != 0) r.price = static_cast<double>(rng() % 10000) / 100.0;
      r.count = static_cast<int64_t>(rng() % 7);
      r.date = 1451606400000LL + static_cast<int64_t>(rng() % 400) * 3600000LL;
      if (rng() % 3 != 0) r.ip = "10.0." + std::to_string(rng() % 3) + "." + std::to_string(rng() % 20);
      rows.push_back(r);
    }
  }
  return shards;
}

// The terms bodies exercised: orders, sizes that cut buckets, filters, missing, min_doc_count 0.
std::vector<json> terms_bodies(const std::string& field) {
  std::vector<json> out = {
      {{"field", field}},
      {{"field", field}, {"size", 3}},
      {{"field", field}, {"size", 2}, {"shard_size", 3}, {"order", {{"_key", "asc"}}}},
      {{"field", field}, {"size", 4}, {"order", {{"_count", "asc"}}}},
      {{"field", field}, {"size", 5}, {"min_doc_count", 0}},
      {{"field", field}, {"size", 3}, {"min_doc_count", 3}},
      {{"field", field}, {"include", {{"partition", 1}, {"num_partitions", 3}}}},
      {{"field", field}, {"exclude", json::array({"g1", "10.0.1.3"})}, {"size", 4}},
      {{"field", field}, {"missing", "g5"}, {"size", 6}},
      {{"field", field}, {"missing", "none"}, {"size", 6}},
  };
  if (field == "genre") out.push_back({{"field", field}, {"include", "g[1-3].*"}, {"size", 4}});
  return out;
}

// The same aggregation under every execution_hint × collect_mode.
std::vector<json> variants(const json& body, const json& subs) {
  std::vector<json> out;
  for (const char* hint : {"global_ordinals", "map"}) {
    for (const char* mode : {"depth_first", "breadth_first"}) {
      json terms = body;
      terms["execution_hint"] = hint;
      terms["collect_mode"] = mode;
      json agg = {{"terms", terms}};
      if (!subs.is_null()) agg["aggs"] = subs;
      out.push_back({{"t", agg}});
    }
  }
  return out;
}

void expect_all_equal(const AggHarness& harness, const std::vector<json>& aggs) {
  json first = harness.run(aggs.front());
  ASSERT_TRUE(first.contains("t")) << first.dump();
  for (size_t i = 1; i < aggs.size(); ++i)
    EXPECT_EQ(harness.run(aggs[i]), first) << "variant " << aggs[i].dump() << "\nvs " << aggs.front().dump();
}

TEST(TermsExecution, MapAndGlobalOrdinalsAgreeOnKeywordsAndIps) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    AggHarness harness(random_shards(seed));
    for (const char* field : {"genre", "ip"})
      for (const json& body : terms_bodies(field)) expect_all_equal(harness, variants(body, nullptr));
  }
}

TEST(TermsExecution, BreadthFirstReplaysTheSameDocsIntoSubAggregations) {
  const json subs = {
      {"max_price", {{"max", {{"field", "price"}}}}},
      {"counts",
       {{"terms", {{"field", "count"}, {"size", 2}}}, {"aggs", {{"d", {{"min", {{"field", "date"}}}}}}}}},
      {"ips", {{"terms", {{"field", "ip"}, {"size", 2}, {"collect_mode", "breadth_first"}}}}},
      {"best", {{"top_hits", {{"size", 2}}}}},
      {"pct", {{"percentiles", {{"field", "price"}, {"percents", json::array({50})}}}}},
  };
  for (uint32_t seed : {4u, 5u}) {
    AggHarness harness(random_shards(seed));
    for (const json& body : terms_bodies("genre")) expect_all_equal(harness, variants(body, subs));
    // Ordered by a sub-aggregation: that one is collected at once, the others deferred.
    json by_sub = {{"field", "genre"},
                   {"size", 4},
                   {"order", json::array({{{"max_price", "desc"}}, {{"_key", "asc"}}})}};
    expect_all_equal(harness, variants(by_sub, subs));
    json by_pct = {{"field", "ip"}, {"size", 3}, {"order", {{"pct.50", "asc"}}}};
    expect_all_equal(harness, variants(by_pct, subs));
  }
}

TEST(TermsExecution, NestedTermsRemapGlobalOrdinalsPerParentBucket) {
  AggHarness harness(random_shards(6));
  json inner = {{"field", "genre"}, {"size", 3}};
  std::vector<json> outer;
  for (const json& v : variants(inner, {{"m", {{"max", {{"field", "price"}}}}}}))
    outer.push_back({{"t", {{"terms", {{"field", "count"}, {"size", 3}}}, {"aggs", v}}}});
  expect_all_equal(harness, outer);
}

// The shard profile of one aggregation (the first shard).
json profile_of(const AggHarness& harness, const json& aggs) {
  auto spec = harness.parse(aggs);
  EXPECT_TRUE(spec.is_ok());
  const auto& refs = harness.shards().at(0);
  ShardAggregator aggregator(*spec, refs, true);
  for (size_t s = 0; s < refs.size(); ++s)
    for (uint32_t d = 0; d < refs[s].segment->max_doc(); ++d) aggregator.collect(s, d, 1.0f);
  (void)aggregator.partial();
  return aggregator.profile().at(0);
}

TEST(TermsExecution, ProfileNamesTheStrategyAndTheDeferredAggregators) {
  AggHarness harness(random_shards(7));
  json subs = {{"m", {{"max", {{"field", "price"}}}}}, {"a", {{"avg", {{"field", "price"}}}}}};
  json node = profile_of(harness, {{"t", {{"terms", {{"field", "genre"}}}, {"aggs", subs}}}});
  EXPECT_EQ(node["type"], "GlobalOrdinalsStringTermsAggregator");
  // 60 terms > shard_size 25: OpenSearch's heuristic defers; nothing is collected before the cut.
  EXPECT_EQ(node["debug"]["deferred_aggregators"], json::array({"a", "m"}));
  EXPECT_EQ(node["debug"]["collection_strategy"], "dense");
  EXPECT_EQ(node["debug"]["has_filter"], false);
  EXPECT_EQ(node["debug"]["segments_with_single_valued_ords"].get<int>() +
                node["debug"]["segments_with_multi_valued_ords"].get<int>(),
            2);
  // The deferred max runs for the 25 buckets kept only.
  EXPECT_EQ(node["children"][1]["breakdown"]["initialize_count"], 25);

  node = profile_of(harness,
                    {{"t",
                      {{"terms", {{"field", "genre"}, {"include", "g1.*"}, {"collect_mode", "depth_first"}}},
                       {"aggs", subs}}}});
  EXPECT_EQ(node["debug"]["collection_strategy"], "remap");
  EXPECT_EQ(node["debug"]["has_filter"], true);
  EXPECT_FALSE(node["debug"].contains("deferred_aggregators"));

  node = profile_of(harness,
                    {{"t", {{"terms", {{"field", "genre"}, {"execution_hint", "map"}}}, {"aggs", subs}}}});
  EXPECT_EQ(node["type"], "MapStringTermsAggregator");
  EXPECT_EQ(node["debug"]["deferred_aggregators"], json::array({"a", "m"}));
  EXPECT_FALSE(node["debug"].contains("collection_strategy"));

  // Ordered by "m": m is collected at once, a is deferred.
  node = profile_of(harness,
                    {{"t", {{"terms", {{"field", "genre"}, {"order", {{"m", "desc"}}}}}, {"aggs", subs}}}});
  EXPECT_EQ(node["debug"]["deferred_aggregators"], json::array({"a"}));
  EXPECT_EQ(node["debug"]["collection_strategy"], "remap");
}

// Runs one aggregation over the first shard with an accounted fielddata cache; returns the
// bytes held while the cache lives.
uint64_t fielddata_held(const AggHarness& harness, const json& aggs) {
  auto accounting = std::make_shared<engine::FieldDataAccounting>();
  const auto& refs = harness.shards().at(0);
  std::vector<const segment::Segment*> view;
  for (const auto& ref : refs) view.push_back(ref.segment);
  ShardAggregatorOptions options;
  options.fielddata = std::make_shared<engine::FieldDataCache>(view, accounting);
  auto spec = harness.parse(aggs);
  EXPECT_TRUE(spec.is_ok());
  {
    ShardAggregator aggregator(*spec, refs, options);
    for (size_t s = 0; s < refs.size(); ++s)
      for (uint32_t d = 0; d < refs[s].segment->max_doc(); ++d) aggregator.collect(s, d, 1.0f);
    (void)aggregator.partial();
  }
  uint64_t held = accounting->total_bytes();
  options.fielddata.reset();
  EXPECT_EQ(accounting->total_bytes(), 0u);  // released with the cache
  return held;
}

TEST(TermsExecution, OnlyGlobalOrdinalsAreKeptAsFielddata) {
  AggHarness harness(random_shards(8));
  EXPECT_GT(fielddata_held(harness, {{"t", {{"terms", {{"field", "genre"}}}}}}), 0u);
  EXPECT_EQ(fielddata_held(harness, {{"t", {{"terms", {{"field", "genre"}, {"execution_hint", "map"}}}}}}),
            0u);
}

TEST(TermsExecution, RejectsUnknownHintsAndModes) {
  AggHarness harness(random_shards(9));
  auto bad_hint = harness.parse({{"t", {{"terms", {{"field", "genre"}, {"execution_hint", "fast"}}}}}});
  ASSERT_FALSE(bad_hint.is_ok());
  EXPECT_EQ(bad_hint.status().message(),
            "Unknown `execution_hint`: [fast], expected any of [map, global_ordinals, stream]");
  EXPECT_TRUE(harness.parse({{"t", {{"terms", {{"field", "count"}, {"execution_hint", "fast"}}}}}}).is_ok());
  auto bad_mode = harness.parse({{"t", {{"terms", {{"field", "genre"}, {"collect_mode", "sideways"}}}}}});
  ASSERT_FALSE(bad_mode.is_ok());
  EXPECT_EQ(bad_mode.status().message(), "no [collect_mode] found for value [sideways]");
}

}  // namespace
}  // namespace pharos::query::testing
