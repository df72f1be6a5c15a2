// A top-level date_histogram counted from the sorted values of its field gives the buckets that
// collecting every matching doc gives, and says so in its profile only when it did.
#include <gtest/gtest.h>

#include <random>

#include "index/search/shard_search.h"
#include "index/segment/live_docs.h"
#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;
using Shards = std::vector<std::vector<search::SegmentRef>>;

std::vector<std::vector<Row>> random_dates(uint32_t seed, size_t per_shard) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<Row>> shards(2);
  for (auto& rows : shards) {
    for (size_t i = 0; i < per_shard; ++i) {
      Row r;
      // 2015..2017, with some docs missing the field and some before 1970.
      if (i < 4 || rng() % 10 != 0)
        r.date = 1420070400000LL + static_cast<int64_t>(rng() % (3ULL * 365 * 86400000));
      if (i >= 4 && rng() % 50 == 0) r.date = -86400000LL * static_cast<int64_t>(rng() % 1000);
      r.price = 1.0;
      rows.push_back(r);
    }
  }
  return shards;
}

struct ShardRun {
  json aggregations;
  std::vector<json> profiles;  // per shard
};

// The query phase's loop: the aggregator is told the query when `tell_query`, and segments it
// no longer needs are not searched.
ShardRun run(const AggHarness& harness, const Shards& shards, const json& aggs,
             const search::QueryNode& query, bool tell_query) {
  auto spec = harness.parse(aggs);
  EXPECT_TRUE(spec.is_ok()) << spec.status().to_string();
  ShardRun out;
  std::vector<json> partials;
  for (const auto& refs : shards) {
    ShardAggregatorOptions options;
    options.profile = true;
    if (tell_query) options.query = &query;
    ShardAggregator aggregator(*spec, refs, options);
    std::vector<search::SegmentRef> searched;
    std::vector<size_t> original;
    for (size_t s = 0; s < refs.size(); ++s) {
      if (!aggregator.needs_docs(s)) continue;
      searched.push_back(refs[s]);
      original.push_back(s);
    }
    Status st = search::for_each_match(searched, query, false, {}, [&](size_t s, uint32_t doc, float score) {
      aggregator.collect(original[s], doc, score);
    });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    partials.push_back(json::parse(aggregator.partial().dump()));
    out.profiles.push_back(aggregator.profile());
  }
  out.aggregations = reduce_aggregations(**spec, partials, false);
  return out;
}

std::vector<json> histograms() {
  return {
      {{"field", "date"}, {"calendar_interval", "month"}},
      {{"field", "date"}, {"calendar_interval", "day"}},
      {{"field", "date"}, {"calendar_interval", "week"}, {"min_doc_count", 0}},
      {{"field", "date"}, {"calendar_interval", "quarter"}, {"time_zone", "+05:30"}},
      {{"field", "date"}, {"calendar_interval", "year"}, {"offset", "+3d"}},
      {{"field", "date"}, {"fixed_interval", "7h"}},
      {{"field", "date"}, {"fixed_interval", "30d"}, {"offset", "-2h"}, {"format", "yyyy-MM-dd"}},
      {{"field", "date"},
       {"calendar_interval", "month"},
       {"hard_bounds", {{"min", "2016-01-01"}, {"max", "2016-06-30"}}}},
      {{"field", "date"},
       {"calendar_interval", "month"},
       {"extended_bounds", {{"min", "2014-01-01"}, {"max", "2018-02-01"}}},
       {"min_doc_count", 0}},
      {{"field", "date"}, {"calendar_interval", "day"}, {"time_zone", "Europe/Paris"}},  // not from the index
  };
}

search::QueryNode match_all() { return search::QueryNode{}; }

search::QueryNode date_range(int64_t lower, int64_t upper) {
  search::QueryNode q;
  q.kind = search::QueryKind::numeric_range;
  q.field = "date";
  q.int_lower = lower;
  q.int_upper = upper;
  return q;
}

TEST(DateHistogramFromIndex, SameBucketsAsCollectingEveryDoc) {
  auto rows = random_dates(21, 3000);
  AggHarness harness(rows);
  // Range bounds on values some docs hold exactly: both ends are inclusive.
  int64_t a = *rows[0][1].date, b = *rows[1][2].date;
  std::vector<search::QueryNode> queries = {match_all(), date_range(std::min(a, b), std::max(a, b)),
                                            date_range(INT64_MIN, *rows[0][3].date)};
  for (const auto& query : queries) {
    for (const json& body : histograms()) {
      json aggs = {{"h", {{"date_histogram", body}}}};
      ShardRun plain = run(harness, harness.shards(), aggs, query, false);
      ShardRun fast = run(harness, harness.shards(), aggs, query, true);
      EXPECT_EQ(fast.aggregations, plain.aggregations) << body.dump();
      EXPECT_FALSE(plain.profiles[0][0]["debug"].contains("optimized_segments"));
      bool region = body.contains("time_zone") && body["time_zone"] == "Europe/Paris";
      const json& debug = fast.profiles[0][0]["debug"];
      if (region) {
        EXPECT_FALSE(debug.contains("optimized_segments")) << body.dump();
      } else {
        EXPECT_EQ(debug["optimized_segments"], 2) << body.dump();
        EXPECT_EQ(debug["unoptimized_segments"], 0);
        EXPECT_EQ(fast.profiles[0][0]["breakdown"]["collect_count"], 0);  // no doc was collected
      }
    }
  }
}

TEST(DateHistogramFromIndex, FourDocsAreOneLeaf) {
  std::vector<std::vector<Row>> rows(1);
  for (int64_t day : {0, 1, 31, 60}) {  // 2016-01-01, 01-02, 02-01, 03-01
    Row r;
    r.date = 1451606400000LL + day * 86400000LL;
    rows[0].push_back(r);
  }
  AggHarness harness(rows);  // two segments of two docs
  json aggs = {{"h", {{"date_histogram", {{"field", "date"}, {"calendar_interval", "month"}}}}}};
  ShardRun fast = run(harness, harness.shards(), aggs, match_all(), true);
  const json& buckets = fast.aggregations["h"]["buckets"];
  ASSERT_EQ(buckets.size(), 3u);
  EXPECT_EQ(buckets[0]["doc_count"], 2);
  const json& debug = fast.profiles[0][0]["debug"];
  EXPECT_EQ(debug["total_buckets"], 3);
  EXPECT_EQ(debug["optimized_segments"], 2);
  // Segment one (Jan 1, Jan 2) is one bucket: counted whole; segment two spans two: its leaf is read.
  EXPECT_EQ(debug["leaf_visited"], 1);
  EXPECT_EQ(debug["inner_visited"], 1);
}

TEST(DateHistogramFromIndex, SegmentsWithDeletionsAndSubAggregationsAreCollected) {
  AggHarness harness(random_dates(22, 500));
  Shards shards = harness.shards();
  segment::LiveDocs deleted;
  for (uint32_t d = 0; d < shards[0][0].segment->max_doc(); d += 3) deleted.mark_deleted(d);
  shards[0][0].live_docs = &deleted;
  json aggs = {{"h", {{"date_histogram", {{"field", "date"}, {"calendar_interval", "month"}}}}}};
  ShardRun plain = run(harness, shards, aggs, match_all(), false);
  ShardRun fast = run(harness, shards, aggs, match_all(), true);
  EXPECT_EQ(fast.aggregations, plain.aggregations);
  EXPECT_EQ(fast.profiles[0][0]["debug"]["optimized_segments"], 1);
  EXPECT_EQ(fast.profiles[0][0]["debug"]["unoptimized_segments"], 1);

  json with_sub = aggs;
  with_sub["h"]["aggs"] = {{"p", {{"sum", {{"field", "price"}}}}}};
  ShardRun collected = run(harness, shards, with_sub, match_all(), true);
  EXPECT_FALSE(collected.profiles[0][0]["debug"].contains("optimized_segments"));
  json with_pipeline = aggs;
  with_pipeline["h"]["aggs"] = {{"d", {{"derivative", {{"buckets_path", "_count"}}}}}};
  EXPECT_EQ(run(harness, shards, with_pipeline, match_all(), true).aggregations,
            run(harness, shards, with_pipeline, match_all(), false).aggregations);
}

}  // namespace
}  // namespace pharos::query::testing
