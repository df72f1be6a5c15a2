#include "query/agg/terms_collector.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

namespace pharos::query::agg {
namespace {

// The sub-aggregation an order path names ("avg_price", "stats.max", "f>avg": its first hop).
std::string order_sub_name(const std::string& path) {
  return path.substr(0, std::min(path.find('.'), path.find('>')));
}

// OpenSearch's SubAggCollectionMode heuristic: defer when the shard may see more terms than it
// returns (or cannot tell), since then most buckets' sub-aggregations would be thrown away.
bool breadth_first(const AggregationSpec& spec, int64_t max_ord, bool has_real_subs) {
  using Mode = AggregationSpec::CollectMode;
  if (spec.collect_mode != Mode::unset) return spec.collect_mode == Mode::breadth_first;
  if (!has_real_subs) return false;
  int64_t expected = shard_size_of(spec);
  if (expected >= INT32_MAX) return false;  // every bucket is returned: nothing to save
  return max_ord < 0 || max_ord > expected;
}

// Whether a sub-aggregation at any depth reads scores (top_hits sorts by _score by default).
bool reads_scores(const AggregationSpec& spec) {
  for (const auto& sub : spec.subs)
    if (sub->type == AggType::top_hits || reads_scores(*sub)) return true;
  return false;
}

}  // namespace

void sort_buckets(const AggregationSpec& spec, std::vector<OrderedBucket>& buckets) {
  std::vector<BucketOrder> order = spec.order;
  if (order.empty()) order.push_back({"_count", false});
  for (auto& b : buckets) {
    b.sort_values.clear();
    for (const auto& o : order)
      b.sort_values.push_back(o.key == "_count" ? double(b.count)
                              : o.key == "_key" ? 0.0
                                                : sub_agg_sort_value(spec, b.sub_partials, o.key));
  }
  std::stable_sort(buckets.begin(), buckets.end(), [&](const OrderedBucket& a, const OrderedBucket& b) {
    for (size_t k = 0; k < order.size(); ++k) {
      if (order[k].key == "_key") {
        if (a.key == b.key) continue;
        return order[k].ascending ? a.key < b.key : b.key < a.key;
      }
      double x = a.sort_values[k], y = b.sort_values[k];
      if (std::isnan(x) && std::isnan(y)) continue;
      if (std::isnan(x)) return false;  // missing values sort last either way
      if (std::isnan(y)) return true;
      if (x != y) return order[k].ascending ? x < y : x > y;
    }
    return a.key < b.key;
  });
}

uint32_t shard_size_of(const AggregationSpec& spec) {
  if (spec.shard_size > 0) return std::max(spec.shard_size, spec.size);
  return static_cast<uint32_t>(std::min<uint64_t>(spec.size * 3ull / 2 + 10, UINT32_MAX));
}

TermsCollector::TermsCollector(const AggregationSpec& spec, const ShardContext& ctx, int64_t max_ord)
    : spec_(spec), ctx_(ctx), deferred_docs_(reads_scores(spec)) {
  std::vector<std::string> sort_subs;
  for (const auto& o : spec.order)
    if (o.key != "_count" && o.key != "_key") sort_subs.push_back(order_sub_name(o.key));
  bool has_real_subs = false;
  for (const auto& sub : spec.subs) has_real_subs |= !is_pipeline(sub->type);
  bool defer = breadth_first(spec, max_ord, has_real_subs);
  for (const auto& sub : spec.subs) {
    bool sorts = std::find(sort_subs.begin(), sort_subs.end(), sub->name) != sort_subs.end();
    // Pipelines collect nothing; a sub the order reads must be there before the cut.
    bool deferred = defer && !sorts && !is_pipeline(sub->type);
    deferred_.push_back(deferred);
    eager_.push_back(!deferred);
    defer_any_ |= deferred;
    eager_any_ |= !deferred;
    eager_real_any_ |= !deferred && !is_pipeline(sub->type);
    order_by_sub_ |= sorts;
  }
}

void TermsCollector::hit(size_t bucket, size_t si, uint32_t doc, float score) {
  ++counts_[bucket];
  // Pipelines collect nothing: their (empty) collectors are made at build time only.
  if (eager_real_any_) {
    if (subs_.size() <= bucket) subs_.resize(counts_.size());
    if (!subs_[bucket]) subs_[bucket] = std::make_unique<SubCollectors>(spec_, ctx_, eager_);
    subs_[bucket]->collect(si, doc, score);
  }
  if (defer_any_) deferred_docs_.record(si, doc, static_cast<uint32_t>(bucket), score);
}

std::vector<OrderedBucket> TermsCollector::listed_buckets() const {
  std::vector<OrderedBucket> list;
  for (size_t b = 0; b < counts_.size(); ++b) {
    // Buckets exist for terms hit, or for every term when min_doc_count is 0.
    if (counts_[b] == 0 && spec_.min_doc_count != 0) continue;
    OrderedBucket entry;
    entry.key = bucket_key(b);
    entry.count = counts_[b];
    entry.bucket = b;
    list.push_back(std::move(entry));
  }
  return list;
}

// The partial of the subs collected at once (a bucket never hit gets empty ones).
Json TermsCollector::eager_partial(size_t bucket) const {
  if (bucket < subs_.size() && subs_[bucket]) return subs_[bucket]->partial();
  return SubCollectors(spec_, ctx_, eager_).partial();
}

// The deferred subs of the kept buckets, fed the recorded docs of those buckets only.
std::vector<std::unique_ptr<SubCollectors>> TermsCollector::replay_deferred(
    const std::vector<OrderedBucket>& kept) const {
  std::vector<std::unique_ptr<SubCollectors>> subs(counts_.size());
  std::vector<bool> keep(counts_.size(), false);
  for (const auto& b : kept) {
    keep[b.bucket] = true;
    subs[b.bucket] = std::make_unique<SubCollectors>(spec_, ctx_, deferred_);
  }
  deferred_docs_.replay(keep, [&](uint32_t bucket, size_t si, uint32_t doc, float score) {
    subs[bucket]->collect(si, doc, score);
  });
  return subs;
}

Json TermsCollector::partial() const {
  std::vector<OrderedBucket> list = listed_buckets();
  // Ordering by a sub-aggregation needs its partial for every bucket before the cut.
  std::vector<Json> eager(list.size());
  if (order_by_sub_) {
    for (size_t i = 0; i < list.size(); ++i) {
      eager[i] = eager_partial(list[i].bucket);
      list[i].sub_partials.push_back(&eager[i]);
    }
  }
  sort_buckets(spec_, list);
  uint32_t limit = shard_size_of(spec_);
  uint64_t other = 0;
  bool truncated = list.size() > limit;
  for (size_t i = limit; i < list.size(); ++i) other += list[i].count;
  if (truncated) list.resize(limit);
  std::vector<std::unique_ptr<SubCollectors>> deferred;
  if (defer_any_) deferred = replay_deferred(list);
  Json out = Json::array();
  for (const auto& b : list) {
    Json j = {{"key", b.key}, {"doc_count", b.count}};
    if (has_subs()) {
      Json aggs = !eager_any_              ? Json::object()
                  : b.sub_partials.empty() ? eager_partial(b.bucket)
                                           : *b.sub_partials.front();
      if (defer_any_) aggs.update(deferred[b.bucket]->partial());
      j["aggs"] = std::move(aggs);
    }
    out.push_back(std::move(j));
  }
  return {{"buckets", std::move(out)}, {"other", other}, {"truncated", truncated}};
}

void TermsCollector::add_debug(Json& debug) const {
  if (!defer_any_) return;
  Json names = Json::array();
  for (size_t i = 0; i < spec_.subs.size(); ++i)
    if (deferred_[i]) names.push_back(spec_.subs[i]->name);
  debug_set(debug, "deferred_aggregators", std::move(names));
}

}  // namespace pharos::query::agg
