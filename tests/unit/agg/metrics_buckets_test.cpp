#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tests/unit/agg/agg_test_util.h"

namespace pharos::query::testing {
namespace {

using nlohmann::json;

constexpr int64_t kJan1 = 1451606400000LL;  // 2016-01-01T00:00:00Z
constexpr int64_t kDay = 86400000LL;

std::vector<std::vector<Row>> data() {
  std::vector<std::vector<Row>> shards(2);
  for (int i = 0; i < 40; ++i) {
    Row r;
    r.price = double((i * 37) % 200);
    r.count = i % 5;
    r.date = kJan1 + int64_t(i) * kDay * 3 + int64_t(i) * 3600000LL;  // spans ~4 months
    r.genre = {"g" + std::to_string(i % 7)};
    if (i % 9 != 0) r.rating = 1.25 * (i % 4);
    shards[i % 2].push_back(r);
  }
  shards[1].push_back(Row{});
  return shards;
}

std::vector<Row> all_rows() {
  std::vector<Row> rows;
  for (auto& s : data()) rows.insert(rows.end(), s.begin(), s.end());
  return rows;
}

class MetricsTest : public ::testing::Test {
 protected:
  AggHarness h_{data()};
};

TEST_F(MetricsTest, SingleValueMetrics) {
  auto out = h_.run(json::parse(R"({"a":{"avg":{"field":"price"}},"s":{"sum":{"field":"price"}},
     "mn":{"min":{"field":"price"}},"mx":{"max":{"field":"price"}},"vc":{"value_count":{"field":"price"}},
     "vg":{"value_count":{"field":"genre"}},"r":{"avg":{"field":"rating"}}})"),
                    true);
  double sum = 0, mn = 1e300, mx = -1e300, rsum = 0;
  int n = 0, rn = 0;
  for (auto& r : all_rows()) {
    if (r.price) sum += *r.price, mn = std::min(mn, *r.price), mx = std::max(mx, *r.price), ++n;
    if (r.rating) rsum += *r.rating, ++rn;
  }
  EXPECT_DOUBLE_EQ(out["avg#a"]["value"].get<double>(), sum / n);
  EXPECT_DOUBLE_EQ(out["sum#s"]["value"].get<double>(), sum);
  EXPECT_DOUBLE_EQ(out["min#mn"]["value"].get<double>(), mn);
  EXPECT_DOUBLE_EQ(out["max#mx"]["value"].get<double>(), mx);
  EXPECT_EQ(out["value_count#vc"]["value"], n);
  EXPECT_EQ(out["value_count#vg"]["value"], n);
  EXPECT_NEAR(out["avg#r"]["value"].get<double>(), rsum / rn, 1e-9);
}

TEST_F(MetricsTest, EmptyMetricsAreNull) {
  auto out = h_.run(json::parse(R"({"a":{"avg":{"field":"nope"}},"s":{"stats":{"field":"nope"}},
     "m":{"min":{"field":"nope"}},"su":{"sum":{"field":"nope"}}})"));
  EXPECT_EQ(out["a"], json::parse(R"({"value":null})"));
  EXPECT_EQ(out["m"], json::parse(R"({"value":null})"));
  EXPECT_EQ(out["su"], json::parse(R"({"value":0.0})"));
  EXPECT_EQ(out["s"], json::parse(R"({"count":0,"min":null,"max":null,"avg":null,"sum":0.0})"));
}

TEST_F(MetricsTest, StatsAndExtendedStats) {
  auto out = h_.run(
      json::parse(R"({"s":{"stats":{"field":"count"}},"e":{"extended_stats":{"field":"count"}}})"), true);
  double sum = 0, sq = 0;
  int n = 0;
  for (auto& r : all_rows())
    if (r.count) sum += double(*r.count), sq += double(*r.count * *r.count), ++n;
  const auto& s = out["stats#s"];
  EXPECT_EQ(s["count"], n);
  EXPECT_DOUBLE_EQ(s["min"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(s["max"].get<double>(), 4);
  EXPECT_DOUBLE_EQ(s["avg"].get<double>(), sum / n);
  EXPECT_DOUBLE_EQ(s["sum"].get<double>(), sum);
  const auto& e = out["extended_stats#e"];
  double var = sq / n - (sum / n) * (sum / n);
  EXPECT_NEAR(e["variance"].get<double>(), var, 1e-9);
  EXPECT_NEAR(e["std_deviation"].get<double>(), std::sqrt(var), 1e-9);
  EXPECT_NEAR(e["sum_of_squares"].get<double>(), sq, 1e-9);
  EXPECT_TRUE(e.contains("std_deviation_bounds"));
}

TEST_F(MetricsTest, Histogram) {
  auto out = h_.run(json::parse(R"({"h":{"histogram":{"field":"price","interval":50}}})"), true);
  std::map<double, int> expect;
  for (auto& r : all_rows())
    if (r.price) ++expect[std::floor(*r.price / 50) * 50];
  const auto& b = out["histogram#h"]["buckets"];
  ASSERT_EQ(b.size(), expect.size()) << out.dump();
  size_t i = 0;
  for (auto& [k, n] : expect) {
    EXPECT_DOUBLE_EQ(b[i]["key"].get<double>(), k);
    EXPECT_EQ(b[i++]["doc_count"], n);
  }
}

TEST_F(MetricsTest, HistogramOffsetMinDocCountAndExtendedBounds) {
  auto out = h_.run(json::parse(
      R"({"h":{"histogram":{"field":"count","interval":1,"extended_bounds":{"min":-2,"max":6}}}})"));
  const auto& b = out["h"]["buckets"];
  ASSERT_EQ(b.size(), 9u) << out.dump();  // -2..6
  EXPECT_DOUBLE_EQ(b[0]["key"].get<double>(), -2);
  EXPECT_EQ(b[0]["doc_count"], 0);
  EXPECT_EQ(b[2]["doc_count"], 8);  // count == 0: i % 5 == 0 → 8 docs
  auto out2 = h_.run(
      json::parse(R"({"h":{"histogram":{"field":"price","interval":50,"offset":10,"min_doc_count":1}}})"));
  for (auto& bucket : out2["h"]["buckets"]) {
    double k = bucket["key"].get<double>();
    EXPECT_DOUBLE_EQ(std::fmod(k - 10 + 1000, 50), 0);
    EXPECT_GE(bucket["doc_count"].get<int>(), 1);
  }
}

TEST_F(MetricsTest, DateHistogramMonthAndKeys) {
  auto out =
      h_.run(json::parse(R"({"d":{"date_histogram":{"field":"date","calendar_interval":"month"}}})"), true);
  const auto& b = out["date_histogram#d"]["buckets"];
  ASSERT_GE(b.size(), 4u) << out.dump();
  EXPECT_EQ(b[0]["key"], kJan1);
  EXPECT_EQ(b[0]["key_as_string"], "2016-01-01T00:00:00.000Z");
  EXPECT_EQ(b[1]["key_as_string"], "2016-02-01T00:00:00.000Z");
  EXPECT_EQ(b[1]["key"], kJan1 + 31 * kDay);
  int jan = 0;
  for (auto& r : all_rows())
    if (r.date && *r.date < kJan1 + 31 * kDay) ++jan;
  EXPECT_EQ(b[0]["doc_count"], jan);
  int total = 0;
  for (auto& x : b) total += x["doc_count"].get<int>();
  EXPECT_EQ(total, 40);
}

TEST_F(MetricsTest, DateHistogramFixedIntervalTimeZoneAndFormat) {
  auto out = h_.run(json::parse(R"({"d":{"date_histogram":{"field":"date","fixed_interval":"1d",
      "time_zone":"+01:00","min_doc_count":1}}})"));
  const auto& b = out["d"]["buckets"];
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b[0]["key"], kJan1 - 3600000LL);
  EXPECT_EQ(b[0]["key_as_string"], "2016-01-01T00:00:00.000+01:00");
  auto w = h_.run(json::parse(
      R"({"d":{"date_histogram":{"field":"date","calendar_interval":"week","format":"yyyy-MM-dd"}}})"));
  EXPECT_EQ(w["d"]["buckets"][0]["key_as_string"], "2015-12-28");  // the Monday before
}

TEST_F(MetricsTest, DateTermsKeyedHistogramAndDateMax) {
  auto out = h_.run(json::parse(R"({"t":{"terms":{"field":"date","size":1,"order":{"_key":"asc"}}},
      "h":{"histogram":{"field":"count","interval":2,"keyed":true}},"m":{"max":{"field":"date"}}})"), true);
  EXPECT_EQ(out["lterms#t"]["buckets"][0], (json{{"key", kJan1}, {"key_as_string", "2016-01-01T00:00:00.000Z"}, {"doc_count", 1}}));
  EXPECT_TRUE(out["histogram#h"]["buckets"].contains("2.0")) << out.dump();
  EXPECT_EQ(out["histogram#h"]["buckets"]["0.0"]["doc_count"], 16);  // count 0 or 1
  int64_t mx = 0;
  for (auto& r : all_rows())
    if (r.date) mx = std::max(mx, *r.date);
  EXPECT_EQ(out["max#m"]["value"].get<double>(), double(mx));
  EXPECT_TRUE(out["max#m"].contains("value_as_string"));
}

TEST_F(MetricsTest, RangeKeysAndCounts) {
  auto out = h_.run(
      json::parse(
          R"({"r":{"range":{"field":"price","ranges":[{"to":50},{"from":50,"to":150},{"from":150}]}}})"),
      true);
  int a = 0, b = 0, c = 0;
  for (auto& r : all_rows())
    if (r.price) (*r.price < 50 ? a : *r.price < 150 ? b : c)++;
  json expected =
      json::parse(R"({"buckets":[{"key":"*-50.0","to":50.0},{"key":"50.0-150.0","from":50.0,"to":150.0},
                                              {"key":"150.0-*","from":150.0}]})");
  expected["buckets"][0]["doc_count"] = a;
  expected["buckets"][1]["doc_count"] = b;
  expected["buckets"][2]["doc_count"] = c;
  EXPECT_EQ(out["range#r"], expected);
  auto keyed = h_.run(
      json::parse(R"({"r":{"range":{"field":"price","keyed":true,"ranges":[{"key":"cheap","to":50}]}}})"));
  EXPECT_EQ(keyed["r"]["buckets"]["cheap"]["doc_count"], a);
}

TEST_F(MetricsTest, DateRange) {
  auto out = h_.run(
      json::parse(
          R"({"r":{"date_range":{"field":"date","ranges":[{"from":"2016-02-01","to":"2016-03-01"}]}}})"),
      true);
  const auto& b = out["date_range#r"]["buckets"][0];
  EXPECT_EQ(b["key"], "2016-02-01T00:00:00.000Z-2016-03-01T00:00:00.000Z");
  EXPECT_EQ(b["from_as_string"], "2016-02-01T00:00:00.000Z");
  int n = 0;
  for (auto& r : all_rows())
    if (r.date && *r.date >= kJan1 + 31 * kDay && *r.date < kJan1 + 60 * kDay) ++n;
  EXPECT_EQ(b["doc_count"], n);
}

TEST_F(MetricsTest, MissingAgg) {
  auto out = h_.run(
      json::parse(R"({"m":{"missing":{"field":"rating"},"aggs":{"c":{"value_count":{"field":"price"}}}}})"),
      true);
  int n = 0, priced = 0;
  for (auto& r : all_rows())
    if (!r.rating) ++n, priced += r.price ? 1 : 0;
  EXPECT_EQ(out["missing#m"]["doc_count"], n);
  EXPECT_EQ(out["missing#m"]["value_count#c"]["value"], priced);
}

TEST_F(MetricsTest, CardinalityExactAndHll) {
  auto out =
      h_.run(json::parse(R"({"c":{"cardinality":{"field":"genre"}},"p":{"cardinality":{"field":"price"}},
                                    "h":{"cardinality":{"field":"price","precision_threshold":5}}})"),
             true);
  std::set<double> prices;
  for (auto& r : all_rows())
    if (r.price) prices.insert(*r.price);
  EXPECT_EQ(out["cardinality#c"]["value"], 7);
  EXPECT_EQ(out["cardinality#p"]["value"], prices.size());
  EXPECT_NEAR(out["cardinality#h"]["value"].get<double>(), double(prices.size()), prices.size() * 0.1);
}

TEST_F(MetricsTest, PercentilesAndRanks) {
  auto out = h_.run(json::parse(R"({"p":{"percentiles":{"field":"count"}},
      "q":{"percentiles":{"field":"price","percents":[50],"keyed":false}},
      "r":{"percentile_ranks":{"field":"count","values":[2]}}})"),
                    true);
  const auto& p = out["tdigest_percentiles#p"]["values"];
  for (const char* k : {"1.0", "5.0", "25.0", "50.0", "75.0", "95.0", "99.0"})
    EXPECT_TRUE(p.contains(k)) << p.dump();
  EXPECT_NEAR(p["50.0"].get<double>(), 2.0, 0.51);
  EXPECT_NEAR(p["1.0"].get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(p["99.0"].get<double>(), 4.0, 1e-9);
  std::vector<double> prices;
  for (auto& r : all_rows())
    if (r.price) prices.push_back(*r.price);
  std::sort(prices.begin(), prices.end());
  const auto& q = out["tdigest_percentiles#q"]["values"];
  ASSERT_TRUE(q.is_array());
  EXPECT_EQ(q[0]["key"], 50.0);
  EXPECT_NEAR(q[0]["value"].get<double>(), (prices[19] + prices[20]) / 2, 10);
  double rank = out["tdigest_percentile_ranks#r"]["values"]["2.0"].get<double>();
  EXPECT_GT(rank, 40);
  EXPECT_LT(rank, 70);
}

TEST_F(MetricsTest, TopHitsSortedByField) {
  auto out = h_.run(json::parse(R"({"g":{"terms":{"field":"genre","size":1,"order":{"_key":"asc"}},
      "aggs":{"t":{"top_hits":{"size":2,"sort":[{"price":"desc"}]}}}}})"),
                    true);
  const auto& t = out["sterms#g"]["buckets"][0]["top_hits#t"]["hits"];
  std::vector<double> g0;
  for (auto& r : all_rows())
    if (!r.genre.empty() && r.genre[0] == "g0") g0.push_back(*r.price);
  std::sort(g0.rbegin(), g0.rend());
  EXPECT_EQ(t["total"]["value"], g0.size());
  ASSERT_EQ(t["hits"].size(), 2u) << out.dump();
  EXPECT_DOUBLE_EQ(t["hits"][0]["_source"]["price"].get<double>(), g0[0]);
  EXPECT_DOUBLE_EQ(t["hits"][1]["sort"][0].get<double>(), g0[1]);
}

TEST_F(MetricsTest, GarbageNeverCrashes) {
  for (const char* body :
       {R"({"a":1})", R"({"a":{"terms":{"field":5}}})",
        R"({"a":{"histogram":{"field":"price","interval":0}}})",
        R"({"a":{"range":{"field":"price","ranges":[{"from":"x"}]}}})",
        R"({"a":{"date_histogram":{"field":"date","fixed_interval":"3x"}}})",
        R"({"a":{"avg":{"field":"price"},"aggs":{"b":{"avg":{"field":"price"}}}}})", R"([1,2])"}) {
    auto r = h_.parse(json::parse(body));
    EXPECT_FALSE(r.is_ok()) << body;
  }
  // Reducing garbage partials yields empty results instead of crashing.
  auto spec = h_.parse(
      json::parse(R"({"g":{"terms":{"field":"genre"}},"h":{"histogram":{"field":"price","interval":5}}})"));
  ASSERT_TRUE(spec.is_ok());
  auto out = reduce_aggregations(**spec, {json::array(), json("x"), json::object()}, false);
  EXPECT_EQ(out["g"]["buckets"], json::array());
  auto typed = reduce_aggregations(
      **spec,
      {json::parse(
          R"({"g":{"buckets":[{"key":"a","doc_count":"x"}]},"h":{"buckets":[{"key":"k","doc_count":1}]}})")},
      false);
  EXPECT_EQ(typed["h"]["buckets"], json::array());
  auto huge = h_.parse(json::parse(R"({"a":{"terms":{"field":"genre","size":1e30,"min_doc_count":-5}},
      "d":{"date_histogram":{"field":"date","fixed_interval":"1d","extended_bounds":{"min":-1e300,"max":1e300}}}})"));
  ASSERT_TRUE(huge.is_ok());
  auto r = h_.run(json::parse(R"({"a":{"terms":{"field":"genre","size":1e30}},
      "d":{"date_histogram":{"field":"date","fixed_interval":"1d","extended_bounds":{"min":-1e300,"max":1e300}}}})"));
  EXPECT_EQ(r["a"]["buckets"].size(), 7u);
}

}  // namespace
}  // namespace pharos::query::testing
