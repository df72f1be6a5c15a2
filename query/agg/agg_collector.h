// Internal to query/agg: the per-shard collector of one aggregation node and the per-type
// factories and reducers. Bucket aggregations own one set of sub-collectors per bucket, so
// sub-aggregations nest to any depth with no special cases.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/search/shard_search.h"
#include "query/agg/aggregation_spec.h"
#include "query/agg/decimal_format.h"

namespace pharos::engine {
class FieldDataCache;  // index/engine/field_data_cache.h
}

namespace pharos::query::agg {

using Json = nlohmann::json;

// A bitset of matching docs per segment (filter / filters aggregations).
using DocBits = std::vector<std::vector<bool>>;

// What `profile: true` measures of one aggregation node on one shard, summed over every
// collector instance of the node (a sub-aggregation has one per parent bucket).
struct AggProfileStats {
  uint64_t initialize_nanos = 0, initialize_count = 0;
  uint64_t collect_nanos = 0, collect_count = 0;
  uint64_t build_nanos = 0, build_count = 0;
  uint64_t total_buckets = 0;  // buckets in the partials built
  Json debug = Json::object();  // what the collectors report (AggCollector::add_debug)
};
using AggProfiles = std::map<const AggregationSpec*, AggProfileStats>;

struct ShardContext {
  const std::vector<search::SegmentRef>* segments = nullptr;
  // Set when the search is profiled: every collector is wrapped to time itself into it.
  AggProfiles* profiles = nullptr;
  // Filter queries evaluated once per shard: spec → one DocBits per filter (in spec order).
  std::map<const AggregationSpec*, std::vector<DocBits>> filter_bits;
  // The view's fielddata (global ordinals, sorted numeric values); never null while collecting.
  engine::FieldDataCache* fielddata = nullptr;
  // The aggregation tree; its subs are the top-level aggregations.
  const AggregationSpec* root = nullptr;
  // The query whose matches are collected, when every match is collected unscored (null
  // otherwise): a top-level aggregation may then count straight from doc values.
  const search::QueryNode* query = nullptr;
  // Aggregations below a multi-bucket aggregation: they get one collector per parent bucket.
  std::set<const AggregationSpec*> under_multi_bucket;

  bool is_top_level(const AggregationSpec& spec) const;
};

class AggCollector {
 public:
  virtual ~AggCollector() = default;
  virtual void collect(size_t segment_index, uint32_t doc, float score) = 0;
  virtual Json partial() const = 0;
  // False when this collector has counted the segment's matches by other means (then docs of
  // that segment are ignored, and the shard may skip handing them over at all).
  virtual bool needs_docs(size_t segment_index) const {
    (void)segment_index;
    return true;
  }
  // `profile: true`: facts for the node's "debug" object, after partial() (see debug_add/_set).
  virtual void add_debug(Json& debug) const { (void)debug; }
};

// A node's collectors (one per parent bucket) add their debug facts into one object: counts are
// summed; facts of the node as a whole are set (numbers keep the largest value seen).
void debug_add(Json& debug, const std::string& key, uint64_t n);
void debug_set(Json& debug, const std::string& key, Json value);

// Aggregations with many buckets (each bucket owns its sub-aggregations' collectors).
bool is_multi_bucket(AggType type);

std::unique_ptr<AggCollector> make_collector(const AggregationSpec& spec, const ShardContext& context);
// The collector of the spec's family, never profiled (make_collector wraps it when profiling).
std::unique_ptr<AggCollector> make_unprofiled_collector(const AggregationSpec& spec, const ShardContext& context);
// agg_profile.cpp: a collector timing `inner` into context.profiles; and the profile tree of
// the aggregations under `parent` in OpenSearch's shape (type, description, time_in_nanos,
// breakdown, debug, children).
std::unique_ptr<AggCollector> make_profiled_collector(const AggregationSpec& spec, const ShardContext& context);
Json aggregation_profiles(const AggregationSpec& parent, const AggProfiles& profiles);

// The sub-aggregations of one bucket.
class SubCollectors {
 public:
  SubCollectors(const AggregationSpec& parent, const ShardContext& context);
  // Only the subs i with include[i] (a breadth_first terms splits the subs it sorts by, collected
  // at once, from the deferred ones).
  SubCollectors(const AggregationSpec& parent, const ShardContext& context, const std::vector<bool>& include);
  void collect(size_t segment_index, uint32_t doc, float score) {
    for (auto& c : collectors_) c->collect(segment_index, doc, score);
  }
  Json partial() const;  // {"name": partial, ...}
  bool empty() const { return collectors_.empty(); }
  bool needs_docs(size_t segment_index) const;

 private:
  const AggregationSpec* parent_;
  std::vector<size_t> sub_index_;  // parent_->subs index of each collector
  std::vector<std::unique_ptr<AggCollector>> collectors_;
};

// One bucket's partial: {"doc_count": n} plus "aggs" with the sub-aggregation partials.
Json bucket_partial(uint64_t count, const SubCollectors* subs);

// {"buckets":[...]} for buckets kept by key: `buckets` maps key → {count, subs}.
template <typename BucketMap>
Json keyed_buckets_partial(const BucketMap& buckets) {
  Json list = Json::array();
  for (const auto& [key, bucket] : buckets) {
    Json entry = bucket_partial(bucket.count, bucket.subs.get());
    entry["key"] = key;
    list.push_back(std::move(entry));
  }
  return {{"buckets", list}};
}

// {"buckets":[...]} for a fixed list of buckets (ranges, filters): counts[i] with subs[i] (or none).
Json indexed_buckets_partial(const std::vector<uint64_t>& counts,
                             const std::vector<std::unique_ptr<SubCollectors>>& subs);

// Reduces the partials of one aggregation (one per shard or per bucket) into its response.
Json reduce_one(const AggregationSpec& spec, const std::vector<const Json*>& partials, bool typed_keys);
// Reduces the "aggs" objects of matching buckets into the bucket's sub-aggregation responses,
// merged into `out` under their (typed) names.
void reduce_subs(const AggregationSpec& parent, const std::vector<const Json*>& sub_partials, bool typed_keys,
                 Json& out);
// An empty partial of `spec` (a bucket that exists on one shard only still reduces its subs).
Json empty_partial(const AggregationSpec& spec);

// The value a bucket sorts by for an order path naming a sub-aggregation ("avg", "stats.max",
// "pct.50", a single-bucket sub's doc_count), from the bucket's sub-aggregation partials (one
// per shard). NaN when the sub-aggregation has no value; buckets with NaN sort last.
double sub_agg_sort_value(const AggregationSpec& bucket_agg,
                          const std::vector<const Json*>& bucket_aggs_partials, const std::string& path);

// Per-family entry points.
std::unique_ptr<AggCollector> make_terms_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_metric_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_histogram_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_range_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_single_bucket_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_cardinality_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_percentiles_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_top_hits_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_composite_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_pipeline_collector(const AggregationSpec&, const ShardContext&);

// Pipelines (pipeline_aggs.cpp). Sibling pipelines (max_bucket, ...) of `parent` read the reduced
// aggregations in `out` and are added to it; parent pipelines (derivative, cumulative_sum) among
// the subs of a histogram are added to its reduced buckets (an array or a keyed object).
void apply_sibling_pipelines(const AggregationSpec& parent, bool typed_keys, Json& out);
void apply_parent_pipelines(const AggregationSpec& histogram, bool typed_keys, Json& buckets);

Json reduce_terms(const AggregationSpec&, const std::vector<const Json*>&, bool typed_keys);
Json reduce_metric(const AggregationSpec&, const std::vector<const Json*>&);
Json reduce_histogram(const AggregationSpec&, const std::vector<const Json*>&, bool typed_keys);
Json reduce_range(const AggregationSpec&, const std::vector<const Json*>&, bool typed_keys);
Json reduce_single_bucket(const AggregationSpec&, const std::vector<const Json*>&, bool typed_keys);
Json reduce_cardinality(const AggregationSpec&, const std::vector<const Json*>&);
Json reduce_percentiles(const AggregationSpec&, const std::vector<const Json*>&);
Json reduce_top_hits(const AggregationSpec&, const std::vector<const Json*>&);
Json reduce_composite(const AggregationSpec&, const std::vector<const Json*>&, bool typed_keys);

// The bucket key of a value in a histogram / date_histogram spec (offset, interval, calendar, zone).
double histogram_bucket_key(const AggregationSpec& spec, double value);

// ---- reading doc values

// A field's doc-value columns per segment, resolved once per collector so the per-doc path does
// no field-name lookups.
class FieldColumns {
 public:
  FieldColumns(const FieldRef& field, const std::vector<search::SegmentRef>& segments);
  // Calls f(double) for each value of the doc (numbers, dates, booleans 0/1, scaled floats unscaled).
  template <typename F>
  void for_each_number(size_t si, uint32_t doc, F&& f) const {
    if (si >= cols_.size()) return;
    const Columns& c = cols_[si];
    if (c.numeric != nullptr) {
      for (uint32_t i = 0, n = c.numeric->value_count(doc); i < n; ++i)
        f(as_double(c.numeric->value(doc, i)));
    } else if (c.floating != nullptr) {
      for (uint32_t i = 0, n = c.floating->value_count(doc); i < n; ++i) f(c.floating->value(doc, i));
    }
  }
  // Calls f(int64_t) for each raw integer value (longs, dates, booleans): exact where a double
  // would round values beyond 2^53. Nothing for floating or scaled fields.
  template <typename F>
  void for_each_integer(size_t si, uint32_t doc, F&& f) const {
    if (si >= cols_.size() || cols_[si].numeric == nullptr || scale_ != 1.0) return;
    const segment::NumericDocValues& values = *cols_[si].numeric;
    for (uint32_t i = 0, n = values.value_count(doc); i < n; ++i) {
      int64_t v = values.value(doc, i);
      f(nanos_ ? floor_div(v, 1000000) : v);
    }
  }
  // Integer keys of an unsigned_long field are the uint64 bits; everything else is signed.
  bool unsigned_long() const { return unsigned_; }
  uint32_t value_count(size_t si, uint32_t doc) const;
  const segment::SortedSetDocValues* keywords(size_t si) const {
    return si < cols_.size() ? cols_[si].keywords : nullptr;
  }

 private:
  struct Columns {
    const segment::NumericDocValues* numeric = nullptr;
    const segment::FloatingDocValues* floating = nullptr;
    const segment::SortedSetDocValues* keywords = nullptr;
  };
  static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
  double as_double(int64_t raw) const {
    if (unsigned_) return static_cast<double>(static_cast<uint64_t>(raw));
    if (nanos_) return static_cast<double>(floor_div(raw, 1000000));
    return static_cast<double>(raw) / scale_;
  }
  double scale_ = 1.0;
  bool unsigned_ = false;
  bool nanos_ = false;
  std::vector<Columns> cols_;
};

// Calls f(double) for each value of the field in the doc (numbers, dates, booleans as 0/1).
void for_each_number(const FieldRef& field, const segment::Segment& seg, uint32_t doc,
                     const std::function<void(double)>& f);
// Number of values of the field in the doc.
uint32_t value_count(const FieldRef& field, const segment::Segment& seg, uint32_t doc);
bool is_numeric_kind(ValueKind kind);

// Doubles print as Java does for aggregation values: 1.0, 2.5, 1.0E10.
Json number_json(double v);
std::string double_to_java_string(double v);
// Wall time in the spec's time_zone (region or fixed offset) and back.
int64_t to_local(const AggregationSpec& spec, int64_t utc_millis);
int64_t to_utc(const AggregationSpec& spec, int64_t local_millis);
// Date keys: epoch millis → text in `format` (default strict_date_optional_time) at tz offset.
std::string format_date_key(int64_t millis, const AggregationSpec& spec);

}  // namespace pharos::query::agg
