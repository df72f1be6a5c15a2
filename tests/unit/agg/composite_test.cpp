#include <gtest/gtest.h>

#include <map>

#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;

std::vector<std::vector<Row>> rows() {
  std::vector<std::vector<Row>> shards(2);
  for (int i = 0; i < 30; ++i) {
    Row r;
    if (i % 10 != 0) r.genre = {"g" + std::to_string(i % 4)};
    r.count = i % 3;
    r.date = 1451606400000LL + int64_t(i) * 3600000LL * 5;
    shards[i % 2].push_back(r);
  }
  return shards;
}

TEST(CompositeTest, PagesThroughEveryKeyInOrder) {
  AggHarness h(rows());
  std::map<std::pair<std::string, int64_t>, int> expected;
  for (const auto& shard : rows())
    for (const auto& r : shard)
      for (const auto& g : r.genre) ++expected[{g, *r.count}];
  std::map<std::pair<std::string, int64_t>, int> seen;
  std::vector<std::pair<std::string, int64_t>> order;
  json after;
  for (int page = 0; page < 20; ++page) {
    json body = json::parse(R"({"c":{"composite":{"size":4,"sources":[{"g":{"terms":{"field":"genre"}}},
                                 {"n":{"terms":{"field":"count","order":"desc"}}}]}}})");
    if (!after.is_null()) body["c"]["composite"]["after"] = after;
    auto out = h.run(body, true);
    const auto& c = out["composite#c"];
    if (c["buckets"].empty()) {
      EXPECT_FALSE(c.contains("after_key"));
      break;
    }
    for (const auto& b : c["buckets"]) {
      std::pair<std::string, int64_t> k{b["key"]["g"], b["key"]["n"]};
      seen[k] = b["doc_count"];
      order.push_back(k);
    }
    after = c["after_key"];
  }
  EXPECT_EQ(seen, expected);
  for (size_t i = 1; i < order.size(); ++i) {
    bool ordered = order[i - 1].first < order[i].first ||
                   (order[i - 1].first == order[i].first && order[i - 1].second > order[i].second);
    EXPECT_TRUE(ordered) << i;
  }
}

TEST(CompositeTest, DateHistogramSourceWithMissingBucket) {
  AggHarness h(rows());
  auto out = h.run(json::parse(R"({"c":{"composite":{"size":100,"sources":[
      {"d":{"date_histogram":{"field":"date","calendar_interval":"day"}}},
      {"g":{"terms":{"field":"genre","missing_bucket":true}}}]}}})"));
  int total = 0, missing = 0;
  for (const auto& b : out["c"]["buckets"]) {
    total += b["doc_count"].get<int>();
    if (b["key"]["g"].is_null()) missing += b["doc_count"].get<int>();
    EXPECT_EQ(b["key"]["d"].get<int64_t>() % 86400000LL, 0);
  }
  EXPECT_EQ(total, 30);
  EXPECT_EQ(missing, 3);
}

}  // namespace
}  // namespace pharos::query::testing
