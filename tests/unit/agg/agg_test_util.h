// Shared fixture for the aggregation tests: rows of a small catalogue written as real segments
// into two "shards", an aggregation run over every doc of each shard, and the reduce.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/mapping/mapping.h"
#include "index/search/shard_search.h"
#include "index/segment/segment.h"
#include "query/agg/aggregation_spec.h"
#include "query/agg/aggregations.h"

namespace pharos::query::testing {

struct Row {
  std::vector<std::string> genre;  // keyword (multi-valued allowed)
  std::optional<double> price;     // double
  std::optional<int64_t> count;    // long
  std::optional<int64_t> date;     // date, epoch millis
  std::optional<bool> flag;        // boolean
  std::optional<std::string> ip;   // ip text
  std::optional<double> rating;    // scaled_float, scaling_factor 100
};

// The mapping every test uses (genre keyword, price double, count long, date date, flag boolean,
// ip ip, rating scaled_float, title text with a .keyword sub-field).
const mapping::Mapping& test_mapping();

class AggHarness {
 public:
  // shards[i] = rows of shard i; each shard is split into two segments to exercise ordinals.
  explicit AggHarness(const std::vector<std::vector<Row>>& shards);
  ~AggHarness();

  Result<std::shared_ptr<const AggregationSpec>> parse(const nlohmann::json& aggs) const;
  // Parses, collects every doc of each shard, round-trips the partials through text, reduces.
  nlohmann::json run(const nlohmann::json& aggs, bool typed_keys = false) const;
  // The segments of each shard (for tests that drive a ShardAggregator themselves).
  const std::vector<std::vector<search::SegmentRef>>& shards() const { return shards_; }

 private:
  std::string dir_;
  std::vector<std::shared_ptr<segment::Segment>> segments_;
  std::vector<std::vector<search::SegmentRef>> shards_;
};

}  // namespace pharos::query::testing
