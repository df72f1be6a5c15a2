// The parsed aggregation tree: what parse_aggregations produces and both the shard collectors
// and the coordinator's reduce read. Plain data, immutable once parsed, shareable across shards.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "index/search/query_node.h"

namespace pharos::query {

class TimeZone;  // query/dsl/time_zone.h

enum class AggType {
  terms,
  avg,
  sum,
  min,
  max,
  value_count,
  stats,
  extended_stats,
  cardinality,
  percentiles,
  percentile_ranks,
  histogram,
  date_histogram,
  range,
  date_range,
  filter,
  filters,
  missing,
  top_hits,
  composite,
  // pipelines: computed at reduce time from other aggregations' results
  derivative,      // parent: in each histogram bucket, the change since the previous bucket
  cumulative_sum,  // parent: the running total over the histogram's buckets
  max_bucket,      // sibling: the bucket(s) with the largest value of a path
  min_bucket,
  avg_bucket,
  sum_bucket,
};

inline bool is_pipeline(AggType type) { return type >= AggType::derivative; }
inline bool is_parent_pipeline(AggType type) {
  return type == AggType::derivative || type == AggType::cumulative_sum;
}

// How a field's doc values read and print (decided from the mapping at parse time).
enum class ValueKind { unmapped, keyword, ip, integer, floating, scaled, date, boolean };

struct FieldRef {
  std::string name;
  ValueKind kind = ValueKind::unmapped;
  double scaling_factor = 1.0;  // scaled_float: doc values hold round(value * factor)
  bool unsigned_long = false;   // doc values hold the uint64 bits in an int64
  bool nanos = false;           // date_nanos: doc values hold epoch nanos, aggregations see millis
  // A range field (integer_range ... date_range): `kind` is the element kind and the values live
  // in the "<name>#from" / "<name>#to" columns (index/mapping/range_value.h); histograms count a
  // doc in every bucket its ranges overlap, other aggregations see no values.
  bool range = false;
};

// One criterion of "order": "_count", "_key", or a sub-aggregation path ("avg_price",
// "stats.max").
struct BucketOrder {
  std::string key;
  bool ascending = false;
};

struct RangeBound {
  std::optional<std::string> key;
  std::optional<double> from, to;
  std::optional<std::string> from_text, to_text;  // date_range: the bound as written
};

enum class CalendarUnit { none, minute, hour, day, week, month, quarter, year };

struct TopHitsSortField {
  std::string field;  // "_score" or a doc-values field
  ValueKind kind = ValueKind::unmapped;
  bool ascending = false;
};

struct AggregationSpec {
  std::string name;
  AggType type = AggType::avg;
  FieldRef field;

  // terms
  uint32_t size = 10;
  uint32_t shard_size = 0;  // 0 = size * 1.5 + 10
  int64_t min_doc_count = 1;
  std::vector<BucketOrder> order;
  std::optional<std::string> include_regex, exclude_regex;
  std::vector<std::string> include_terms, exclude_terms;
  // include {"partition": p, "num_partitions": n}: only terms whose hash falls in partition p.
  uint32_t partition = 0, num_partitions = 0;
  // "missing": the value docs without the field count as (text for keywords, number otherwise).
  std::optional<std::string> missing_text;
  std::optional<double> missing_number;
  // terms on keyword/ip: count by global ordinal (default) or, with execution_hint "map", by term
  // bytes in a hash map (no global ordinals are built).
  bool execution_map = false;
  // terms collect_mode: breadth_first defers the sub-aggregations until the shard's top buckets
  // are known and replays only their docs; unset = OpenSearch's choice (breadth_first when
  // there may be more terms than shard_size).
  enum class CollectMode { unset, depth_first, breadth_first } collect_mode = CollectMode::unset;

  // histogram / date_histogram
  double interval = 0;
  double offset = 0;
  std::optional<double> extended_min, extended_max;
  std::optional<double> hard_min, hard_max;  // hard_bounds: no bucket outside these
  CalendarUnit calendar = CalendarUnit::none;
  int64_t tz_offset_millis = 0;               // a fixed time_zone offset
  std::shared_ptr<const TimeZone> time_zone;  // a region time_zone (DST rules); wins over the offset
  std::optional<std::string> format;          // dates: key_as_string pattern
  bool keyed = false;

  // range / date_range
  std::vector<RangeBound> ranges;

  // filter / filters
  std::vector<std::pair<std::string, std::shared_ptr<const search::QueryNode>>> filters;
  bool filters_named = true;
  bool other_bucket = false;
  std::string other_bucket_key = "_other_";

  // percentiles / percentile_ranks (values = the requested ranks' values)
  std::vector<double> percents;
  double compression = 100.0;

  // cardinality
  uint32_t precision_threshold = 3000;

  // top_hits
  uint32_t from = 0;
  std::vector<TopHitsSortField> sort;
  bool fetch_source = true;

  // composite: each source is a terms / histogram / date_histogram spec named after the source
  // (its order[0] holds the direction); `after` is the after_key object as JSON text.
  std::vector<std::shared_ptr<const AggregationSpec>> sources;
  bool missing_bucket = false;
  std::string after_json;

  // pipelines: "buckets_path" ("histo>sales", "sales.avg", "_count"); gap_policy insert_zeros
  // reads missing values as 0 instead of skipping them.
  std::string buckets_path;
  bool insert_zeros = false;

  std::vector<std::shared_ptr<const AggregationSpec>> subs;
};

// The typed_keys prefix ("sterms", "avg", ...).
const char* aggregation_type_prefix(const AggregationSpec& spec);

}  // namespace pharos::query
