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
};

// How a field's doc values read and print (decided from the mapping at parse time).
enum class ValueKind { unmapped, keyword, ip, integer, floating, scaled, date, boolean };

struct FieldRef {
  std::string name;
  ValueKind kind = ValueKind::unmapped;
  double scaling_factor = 1.0;  // scaled_float: doc values hold round(value * factor)
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
  // "missing": the value docs without the field count as (text for keywords, number otherwise).
  std::optional<std::string> missing_text;
  std::optional<double> missing_number;

  // histogram / date_histogram
  double interval = 0;
  double offset = 0;
  std::optional<double> extended_min, extended_max;
  CalendarUnit calendar = CalendarUnit::none;
  int64_t tz_offset_millis = 0;
  std::optional<std::string> format;  // dates: key_as_string pattern
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

  std::vector<std::shared_ptr<const AggregationSpec>> subs;
};

// The typed_keys prefix ("sterms", "avg", ...).
const char* aggregation_type_prefix(const AggregationSpec& spec);

}  // namespace pharos::query
