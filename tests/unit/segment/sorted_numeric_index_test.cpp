#include "index/segment/sorted_numeric_index.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

namespace pharos::segment {
namespace {

// A numeric column held in memory: docs with zero, one or several values.
class FakeColumn final : public NumericDocValues {
 public:
  explicit FakeColumn(std::vector<std::vector<int64_t>> docs) : docs_(std::move(docs)) {}
  uint32_t value_count(uint32_t doc) const override { return static_cast<uint32_t>(docs_[doc].size()); }
  int64_t value(uint32_t doc, uint32_t i) const override { return docs_[doc][i]; }
  std::span<const int64_t> dense_values() const override { return {}; }
  int64_t min_value() const override { return 0; }
  int64_t max_value() const override { return 0; }
  uint32_t max_doc() const { return static_cast<uint32_t>(docs_.size()); }

 private:
  std::vector<std::vector<int64_t>> docs_;
};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// What a pass over every doc counts: key → docs with a value in [lower, upper].
std::map<double, uint64_t> brute_force(const std::vector<std::vector<int64_t>>& docs, int64_t lower,
                                       int64_t upper, int64_t width) {
  std::map<double, uint64_t> out;
  for (const auto& values : docs)
    for (int64_t v : values)
      if (v >= lower && v <= upper) ++out[static_cast<double>(floor_div(v, width))];
  return out;
}

TEST(SortedNumericIndex, CountsByKeyAsAPassOverEveryDoc) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::vector<int64_t>> docs(rng() % 5000);
    int64_t spread = 1 + static_cast<int64_t>(rng() % 1000000);
    for (auto& values : docs)
      if (rng() % 5 != 0) values.push_back(static_cast<int64_t>(rng() % spread) - spread / 3);
    FakeColumn column(docs);
    auto index = SortedNumericIndex::build(column, column.max_doc());
    ASSERT_NE(index, nullptr);
    int64_t width = 1 + static_cast<int64_t>(rng() % 50000);
    int64_t lower = rng() % 2 ? INT64_MIN : static_cast<int64_t>(rng() % spread) - spread / 2;
    int64_t upper = rng() % 2 ? INT64_MAX : lower + static_cast<int64_t>(rng() % spread);
    std::map<double, uint64_t> counted;
    SortedNumericIndex::TraversalStats stats;
    index->count_by_key(
        lower, upper, [width](int64_t v) { return static_cast<double>(floor_div(v, width)); },
        [&counted](double key, uint64_t n) { counted[key] += n; }, stats);
    EXPECT_EQ(counted, brute_force(docs, lower, upper, width)) << "round " << round;
    // A boundary between two keys costs at most one leaf scan each side, never a full pass.
    EXPECT_LE(stats.leaves_scanned, 2 * counted.size() + 2);
  }
}

TEST(SortedNumericIndex, FewValuesFitOneLeaf) {
  FakeColumn column({{10}, {}, {25}, {31}, {40}});
  auto index = SortedNumericIndex::build(column, column.max_doc());
  ASSERT_NE(index, nullptr);
  std::map<double, uint64_t> counted;
  SortedNumericIndex::TraversalStats stats;
  index->count_by_key(
      INT64_MIN, INT64_MAX, [](int64_t v) { return static_cast<double>(v / 10 * 10); },
      [&counted](double key, uint64_t n) { counted[key] += n; }, stats);
  EXPECT_EQ(counted, (std::map<double, uint64_t>{{10, 1}, {20, 1}, {30, 1}, {40, 1}}));
  EXPECT_EQ(stats.leaves_scanned, 1u);
  EXPECT_EQ(stats.nodes_counted_whole, 0u);
  // One key for everything: the root is counted whole, no value is read one by one.
  SortedNumericIndex::TraversalStats whole;
  index->count_by_key(
      INT64_MIN, INT64_MAX, [](int64_t) { return 0.0; }, [](double, uint64_t n) { EXPECT_EQ(n, 4u); }, whole);
  EXPECT_EQ(whole.leaves_scanned, 0u);
  EXPECT_EQ(whole.nodes_counted_whole, 1u);
}

TEST(SortedNumericIndex, RefusesColumnsWithSeveralValuesPerDoc) {
  FakeColumn column({{1}, {2, 3}});
  EXPECT_EQ(SortedNumericIndex::build(column, column.max_doc()), nullptr);
}

}  // namespace
}  // namespace pharos::segment
