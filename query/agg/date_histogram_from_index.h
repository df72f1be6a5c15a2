// date_histogram counted from the sorted values of the field instead of from the matching docs
// (OpenSearch's "filter rewrite" of a date_histogram into range counts over the points tree).
// Applies to a top-level date_histogram without sub-aggregations when the query matches every
// doc (match_all) or is a range on the same field, and per segment when the segment has no
// deletions and one value per doc: then the docs the query matches are exactly the values in
// the query's range, and a bucket's count is how many sorted values fall in it. The counts are
// the ones per-doc collection gives; the tests hold both paths to that.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {

struct FromIndexStats {
  uint64_t segments = 0;            // segments of the shard
  uint64_t optimized_segments = 0;  // counted from the sorted values
  uint64_t leaf_visited = 0;        // leaves of sorted values read one by one
  uint64_t inner_visited = 0;       // tree nodes counted whole (one bucket holds all their values)
};

// Whether `spec` may count from sorted values at all (the aggregation, time zone, query).
bool can_count_from_index(const AggregationSpec& spec, const ShardContext& ctx);

// Counts every segment it can: add(bucket key, n) for each bucket run, and the result marks the
// segments counted (their docs must then be ignored). Requires can_count_from_index.
std::vector<bool> count_from_index(const AggregationSpec& spec, const ShardContext& ctx,
                                   const std::function<void(double key, uint64_t n)>& add,
                                   FromIndexStats& stats);

}  // namespace pharos::query::agg
