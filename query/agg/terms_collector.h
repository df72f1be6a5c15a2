// Internal to the terms family: what the three terms collectors share (global ordinals,
// map by term bytes, numbers). They differ in how a doc's values become bucket ordinals; this
// base owns the counts per bucket ordinal, the sub-aggregations (per bucket, or deferred and
// replayed for the shard's top buckets under breadth_first), and the shard partial: buckets in
// the spec's order, cut to shard_size, plus the count of what was cut.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "query/agg/agg_collector.h"
#include "query/agg/deferred_docs.h"

namespace pharos::query::agg {

// A bucket being ordered: its key, count and the sub-aggregation partials (one per shard).
struct OrderedBucket {
  Json key;
  uint64_t count = 0;
  std::vector<const Json*> sub_partials;
  std::vector<double> sort_values;  // one per order criterion (unused for _key)
  size_t bucket = 0;                // the collector's bucket ordinal (shard side)
};

// Orders buckets by the spec's order; ties by key ascending, as OpenSearch does.
void sort_buckets(const AggregationSpec& spec, std::vector<OrderedBucket>& buckets);
// Buckets a shard returns: shard_size, or size * 1.5 + 10.
uint32_t shard_size_of(const AggregationSpec& spec);

class TermsCollector : public AggCollector {
 public:
  // max_ord: how many distinct terms there may be (global ordinals), -1 when unknown; it decides
  // breadth_first when collect_mode is unset, as OpenSearch.
  TermsCollector(const AggregationSpec& spec, const ShardContext& ctx, int64_t max_ord);
  Json partial() const override;
  void add_debug(Json& debug) const override;

 protected:
  // Bucket ordinals are dense from 0; a new bucket has a zero count.
  size_t add_bucket() {
    counts_.push_back(0);
    return counts_.size() - 1;
  }
  void add_buckets(size_t n) { counts_.resize(counts_.size() + n, 0); }
  size_t bucket_count() const { return counts_.size(); }
  void hit(size_t bucket, size_t si, uint32_t doc, float score);
  virtual Json bucket_key(size_t bucket) const = 0;
  // Whether the sub-aggregations are deferred (breadth_first) for any sub.
  bool deferring() const { return defer_any_; }
  bool has_subs() const { return !spec_.subs.empty(); }
  // Whether a sub-aggregation (not a pipeline) is collected per bucket as docs arrive.
  bool collects_subs_at_once() const { return eager_real_any_; }

  const AggregationSpec& spec_;
  const ShardContext& ctx_;

 private:
  std::vector<OrderedBucket> listed_buckets() const;
  Json eager_partial(size_t bucket) const;
  std::vector<std::unique_ptr<SubCollectors>> replay_deferred(const std::vector<OrderedBucket>& kept) const;

  std::vector<bool> eager_, deferred_;  // per spec sub: collected at once / deferred
  bool eager_any_ = false, eager_real_any_ = false, defer_any_ = false, order_by_sub_ = false;
  std::vector<uint64_t> counts_;
  std::vector<std::unique_ptr<SubCollectors>> subs_;  // eager subs per bucket, made on first hit
  DeferredDocs deferred_docs_;
};

// The collectors (global_ordinals_terms.cpp, map_string_terms.cpp, numeric_terms.cpp).
std::unique_ptr<AggCollector> make_global_ordinals_terms_collector(const AggregationSpec&,
                                                                   const ShardContext&);
std::unique_ptr<AggCollector> make_map_string_terms_collector(const AggregationSpec&, const ShardContext&);
std::unique_ptr<AggCollector> make_numeric_terms_collector(const AggregationSpec&, const ShardContext&);

}  // namespace pharos::query::agg
