// Aggregations over doc values, in two phases so they cross the shard boundary:
// each shard collects its matching docs into a partial result (plain JSON, mergeable), and
// the coordinator reduces the partials of every shard into the response's "aggregations".
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/search/shard_search.h"
#include "query/dsl/query_parser.h"

namespace pharos::query {

struct AggregationSpec;  // the parsed tree (aggregation_spec.h)

// Parses the "aggs"/"aggregations" object. Unknown types → parse_error "Unknown aggregation
// type [x] did you mean [...]?"; missing field/script → invalid_argument with OpenSearch's wording.
Result<std::shared_ptr<const AggregationSpec>> parse_aggregations(const nlohmann::json& aggs,
                                                                  const QueryParseContext& context);

// Collects one shard. Not thread-safe; one per shard search.
class ShardAggregator {
 public:
  // profile: time every aggregation node (search `profile: true`); see profile().
  ShardAggregator(std::shared_ptr<const AggregationSpec> spec, const std::vector<search::SegmentRef>& segments,
                  bool profile = false);
  ~ShardAggregator();
  // Called for every matching live doc, in doc order per segment.
  void collect(size_t segment_index, uint32_t doc, float score);
  // The shard's partial result (serialisable).
  nlohmann::json partial() const;
  // After partial(): the shard's "aggregations" profile (OpenSearch's shape; [] when not profiling).
  nlohmann::json profile() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reduces the shard partials into the response's "aggregations" object (typed_keys prefixes
// names with the type, e.g. "sterms#genres").
nlohmann::json reduce_aggregations(const AggregationSpec& spec, const std::vector<nlohmann::json>& partials,
                                   bool typed_keys);

}  // namespace pharos::query
