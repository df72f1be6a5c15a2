#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;

// Shard 0 and 1 share genres with different counts so the reduce must merge by key.
std::vector<std::vector<Row>> catalogue() {
  std::vector<std::vector<Row>> shards(2);
  const char* g0[] = {"rock", "rock", "jazz", "pop", "rock", "jazz", "blues"};
  const char* g1[] = {"jazz", "jazz", "pop", "rock", "pop", "jazz"};
  for (size_t i = 0; i < 7; ++i) {
    Row r;
    r.genre = {g0[i]};
    r.price = 10.0 * double(i + 1);
    r.count = int64_t(i % 3);
    r.flag = i % 2 == 0;
    r.ip = "10.0.0." + std::to_string(i % 2 + 1);
    r.date = 1451606400000LL + int64_t(i) * 86400000LL;  // 2016-01-01 + i days
    shards[0].push_back(r);
  }
  for (size_t i = 0; i < 6; ++i) {
    Row r;
    r.genre = {g1[i]};
    r.price = 5.0 + 20.0 * double(i);
    r.count = int64_t(i % 2);
    r.flag = i % 3 == 0;
    shards[1].push_back(r);
  }
  Row empty;  // no fields at all: counts as missing everywhere
  shards[1].push_back(empty);
  return shards;
}

class TermsTest : public ::testing::Test {
 protected:
  AggHarness h_{catalogue()};
  // Independently counted: genre → docs.
  std::map<std::string, int> genre_counts() {
    std::map<std::string, int> c;
    for (const auto& shard : catalogue())
      for (const auto& r : shard)
        for (const auto& g : r.genre) ++c[g];
    return c;
  }
};

TEST_F(TermsTest, KeywordCountsOrderedByCountThenKey) {
  auto out = h_.run(json::parse(R"({"g":{"terms":{"field":"genre"}}})"));
  auto counts = genre_counts();  // jazz 5, rock 4, pop 3, blues 1
  json expected = {
      {"doc_count_error_upper_bound", 0}, {"sum_other_doc_count", 0}, {"buckets", json::array()}};
  std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  for (auto& [k, c] : v) expected["buckets"].push_back({{"key", k}, {"doc_count", c}});
  EXPECT_EQ(out["g"], expected) << out.dump();
}

TEST_F(TermsTest, SizeCutsAndReportsOthers) {
  auto out = h_.run(json::parse(R"({"g":{"terms":{"field":"genre","size":2}}})"), true);
  ASSERT_TRUE(out.contains("sterms#g")) << out.dump();
  const auto& g = out["sterms#g"];
  ASSERT_EQ(g["buckets"].size(), 2u);
  EXPECT_EQ(g["buckets"][0]["key"], "jazz");
  EXPECT_EQ(g["buckets"][1]["key"], "rock");
  EXPECT_EQ(g["sum_other_doc_count"], 4);  // pop 3 + blues 1
}

TEST_F(TermsTest, OrderByKeyAndMinDocCount) {
  auto out =
      h_.run(json::parse(R"({"g":{"terms":{"field":"genre","order":{"_key":"asc"},"min_doc_count":2}}})"));
  std::vector<std::string> keys;
  for (auto& b : out["g"]["buckets"]) keys.push_back(b["key"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"jazz", "pop", "rock"}));
}

TEST_F(TermsTest, OrderBySubMetric) {
  auto out = h_.run(
      json::parse(
          R"({"g":{"terms":{"field":"genre","order":{"mx":"desc"}},"aggs":{"mx":{"max":{"field":"price"}}}}})"),
      true);
  std::map<std::string, double> mx;
  for (const auto& shard : catalogue())
    for (const auto& r : shard)
      for (const auto& g : r.genre) mx[g] = std::max(mx.count(g) ? mx[g] : -1e300, *r.price);
  std::vector<std::pair<std::string, double>> v(mx.begin(), mx.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  const auto& buckets = out["sterms#g"]["buckets"];
  ASSERT_EQ(buckets.size(), v.size()) << out.dump();
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(buckets[i]["key"], v[i].first);
    EXPECT_DOUBLE_EQ(buckets[i]["max#mx"]["value"].get<double>(), v[i].second);
  }
}

TEST_F(TermsTest, IncludeExcludeRegexAndList) {
  auto out = h_.run(json::parse(R"({"g":{"terms":{"field":"genre","include":".*o.*","exclude":["pop"]}}})"));
  std::vector<std::string> keys;
  for (auto& b : out["g"]["buckets"]) keys.push_back(b["key"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"rock"}));
}

TEST_F(TermsTest, MissingBucket) {
  auto out =
      h_.run(json::parse(R"({"g":{"terms":{"field":"genre","missing":"none","order":{"_key":"asc"}}}})"));
  bool found = false;
  for (auto& b : out["g"]["buckets"])
    if (b["key"] == "none") found = b["doc_count"] == 1;
  EXPECT_TRUE(found) << out.dump();
}

TEST_F(TermsTest, LongBooleanAndIpKeys) {
  auto out = h_.run(json::parse(R"({"c":{"terms":{"field":"count","order":{"_key":"asc"}}},
                                    "f":{"terms":{"field":"flag"}},"i":{"terms":{"field":"ip"}}})"),
                    true);
  std::map<int64_t, int> counts;
  int trues = 0, falses = 0;
  for (const auto& shard : catalogue())
    for (const auto& r : shard) {
      if (r.count) ++counts[*r.count];
      if (r.flag) (*r.flag ? trues : falses)++;
    }
  const auto& c = out["lterms#c"]["buckets"];
  ASSERT_EQ(c.size(), counts.size()) << out.dump();
  size_t i = 0;
  for (auto& [k, n] : counts) {
    EXPECT_EQ(c[i]["key"], k);
    EXPECT_FALSE(c[i].contains("key_as_string"));
    EXPECT_EQ(c[i++]["doc_count"], n);
  }
  const auto& f = out["lterms#f"]["buckets"];
  ASSERT_EQ(f.size(), 2u);
  json first = trues >= falses ? json{{"key", 1}, {"key_as_string", "true"}, {"doc_count", trues}}
                               : json{{"key", 0}, {"key_as_string", "false"}, {"doc_count", falses}};
  EXPECT_EQ(f[0], first) << out.dump();
  const auto& ip = out["sterms#i"]["buckets"];
  ASSERT_EQ(ip.size(), 2u) << out.dump();
  EXPECT_EQ(ip[0]["key"], "10.0.0.1");
  EXPECT_EQ(ip[0]["doc_count"], 4);
}

TEST_F(TermsTest, TextFieldIsRejectedAndUnmappedIsEmpty) {
  auto bad = h_.parse(json::parse(R"({"t":{"terms":{"field":"title"}}})"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::invalid_argument);
  EXPECT_NE(bad.status().message().find("Text fields are not optimised"), std::string::npos);
  auto out = h_.run(json::parse(R"({"u":{"terms":{"field":"nope"}}})"), true);
  EXPECT_EQ(out["sterms#u"],
            json::parse(R"({"doc_count_error_upper_bound":0,"sum_other_doc_count":0,"buckets":[]})"));
}

TEST_F(TermsTest, UnknownTypeIsParseError) {
  auto bad = h_.parse(json::parse(R"({"t":{"termz":{"field":"genre"}}})"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::parse_error);
}

TEST_F(TermsTest, NestedSubAggregations) {
  auto out = h_.run(json::parse(R"({"g":{"terms":{"field":"genre"},"aggs":{"f":{"terms":{"field":"flag"},
                                   "aggs":{"s":{"sum":{"field":"price"}}}}}}})"),
                    true);
  std::map<std::pair<std::string, int>, double> sums;
  for (const auto& shard : catalogue())
    for (const auto& r : shard)
      for (const auto& g : r.genre) sums[{g, *r.flag ? 1 : 0}] += *r.price;
  int checked = 0;
  for (auto& gb : out["sterms#g"]["buckets"])
    for (auto& fb : gb["lterms#f"]["buckets"]) {
      EXPECT_DOUBLE_EQ(fb["sum#s"]["value"].get<double>(), (sums[{gb["key"], fb["key"].get<int>()}]));
      ++checked;
    }
  EXPECT_EQ(checked, int(sums.size()));
}

// Each shard returns only its top shard_size (size * 1.5 + 10) terms, so the reduce reports the
// summed last counts of truncated shards as the error bound, and the rest as other docs.
TEST(TermsShardSizeTest, ErrorBoundAndOtherDocsAcrossShards) {
  std::vector<std::vector<Row>> shards(2);
  std::vector<std::map<std::string, int>> per_shard(2);
  for (int s = 0; s < 2; ++s)
    for (int t = 0; t < 30; ++t)
      for (int k = 0; k < 1 + (t * (s + 3)) % 17; ++k) {
        Row r;
        r.genre = {"t" + std::to_string(100 + t)};
        shards[s].push_back(r);
        ++per_shard[s][r.genre[0]];
      }
  AggHarness h(shards);
  auto out = h.run(json::parse(R"({"g":{"terms":{"field":"genre","size":1}}})"));
  int64_t error = 0, total = 0;
  std::map<std::string, int> merged;
  for (const auto& counts : per_shard) {
    std::vector<std::pair<int, std::string>> v;
    for (const auto& [k, c] : counts) v.push_back({-c, k}), total += c;
    std::sort(v.begin(), v.end());
    error += -v[10].first;  // the 11th (last returned) bucket of the shard
    for (size_t i = 0; i < 11; ++i) merged[v[i].second] += -v[i].first;
  }
  std::pair<int, std::string> best{0, ""};
  for (const auto& [k, c] : merged) best = std::min(best, std::pair<int, std::string>{-c, k});
  const auto& g = out["g"];
  EXPECT_EQ(g["doc_count_error_upper_bound"], error);
  ASSERT_EQ(g["buckets"].size(), 1u);
  EXPECT_EQ(g["buckets"][0]["key"], best.second);
  EXPECT_EQ(g["buckets"][0]["doc_count"], -best.first);
  EXPECT_EQ(g["sum_other_doc_count"], total + best.first);
}

}  // namespace
}  // namespace pharos::query::testing

namespace pharos::query::testing {
namespace {

// Longs beyond 2^53 must keep every digit: a double on the way would merge or round them.
TEST(TermsLargeLongs, KeysAreExact) {
  std::vector<std::vector<Row>> shards(2);
  const int64_t big = 4611686018427387903LL;  // 2^62 - 1, not representable as a double
  for (int64_t v : {big, big - 1, big}) {
    Row r;
    r.count = v;
    shards[0].push_back(r);
  }
  Row r;
  r.count = big - 1;
  shards[1].push_back(r);
  AggHarness harness(shards);
  auto out = harness.run(nlohmann::json::parse(R"({"c":{"terms":{"field":"count"}}})"));
  const auto& buckets = out["c"]["buckets"];
  ASSERT_EQ(buckets.size(), 2u) << out.dump();
  EXPECT_EQ(buckets[0]["key"].get<int64_t>(), big - 1);  // 2 docs each: ties break by key ascending
  EXPECT_EQ(buckets[1]["key"].get<int64_t>(), big);
  EXPECT_EQ(buckets[0]["doc_count"], 2);
  EXPECT_EQ(buckets[1]["doc_count"], 2);
}

}  // namespace
}  // namespace pharos::query::testing
