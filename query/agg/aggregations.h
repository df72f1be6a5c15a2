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

namespace pharos::engine {
class FieldDataCache;  // index/engine/field_data_cache.h
}

namespace pharos::query {

struct AggregationSpec;  // the parsed tree (aggregation_spec.h)

// Parses the "aggs"/"aggregations" object. Unknown types → parse_error "Unknown aggregation
// type [x] did you mean [...]?"; missing field/script → invalid_argument with OpenSearch's wording.
Result<std::shared_ptr<const AggregationSpec>> parse_aggregations(const nlohmann::json& aggs,
                                                                  const QueryParseContext& context);

struct ShardAggregatorOptions {
  bool profile = false;  // time every aggregation node (search `profile: true`); see profile()
  // The shard view's fielddata (engine::ShardSearcher::fielddata): global ordinals and sorted
  // numeric values are then built once per view and accounted in `_stats`. nullptr: built for
  // this search only.
  std::shared_ptr<engine::FieldDataCache> fielddata;
  // The query whose matches will be collected, when every match is collected and scores are
  // not needed (no min_score): a top-level aggregation may then count some segments from doc
  // values without their docs (see needs_docs). Must outlive the aggregator.
  const search::QueryNode* query = nullptr;
};

// Collects one shard. Not thread-safe; one per shard search.
class ShardAggregator {
 public:
  // `segments` must be the view's segments in view order when options.fielddata is set.
  ShardAggregator(std::shared_ptr<const AggregationSpec> spec,
                  const std::vector<search::SegmentRef>& segments, ShardAggregatorOptions options);
  ShardAggregator(std::shared_ptr<const AggregationSpec> spec, const std::vector<search::SegmentRef>& segments,
                  bool profile = false);
  ~ShardAggregator();
  // Whether any aggregation needs the segment's matching docs; false when every one of them has
  // counted it already (from doc values, see ShardAggregatorOptions::query).
  bool needs_docs(size_t segment_index) const;
  // Called for every matching live doc, in doc order per segment (docs of segments for which
  // needs_docs() is false may be left out).
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
