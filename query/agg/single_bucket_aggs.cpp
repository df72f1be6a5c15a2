// filter, filters and missing: buckets defined by a per-doc predicate. Filter queries were
// evaluated once per segment into bitsets when the ShardAggregator was built.
#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

class SingleBucketCollector final : public AggCollector {
 public:
  SingleBucketCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {
    if (auto it = ctx.filter_bits.find(&spec); it != ctx.filter_bits.end()) bits_ = &it->second;
    size_t n = spec.type == AggType::missing ? 1 : spec.filters.size() + (spec.other_bucket ? 1 : 0);
    counts_.assign(n, 0);
    if (!spec.subs.empty())
      for (size_t i = 0; i < n; ++i) subs_.push_back(std::make_unique<SubCollectors>(spec, ctx));
  }
  void collect(size_t si, uint32_t doc, float score) override {
    if (spec_.type == AggType::missing) {
      if (cols_.value_count(si, doc) == 0) hit(0, si, doc, score);
      return;
    }
    bool matched = false;
    for (size_t f = 0; f < spec_.filters.size(); ++f) {
      if (bits_ == nullptr || f >= bits_->size()) break;
      const auto& seg_bits = (*bits_)[f];
      if (si < seg_bits.size() && doc < seg_bits[si].size() && seg_bits[si][doc]) {
        matched = true;
        hit(f, si, doc, score);
      }
    }
    if (!matched && spec_.other_bucket) hit(spec_.filters.size(), si, doc, score);
  }
  Json partial() const override { return indexed_buckets_partial(counts_, subs_); }

 private:
  void hit(size_t i, size_t si, uint32_t doc, float score) {
    ++counts_[i];
    if (!subs_.empty()) subs_[i]->collect(si, doc, score);
  }
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  const std::vector<DocBits>* bits_ = nullptr;
  std::vector<uint64_t> counts_;
  std::vector<std::unique_ptr<SubCollectors>> subs_;
};

}  // namespace

std::unique_ptr<AggCollector> make_single_bucket_collector(const AggregationSpec& spec,
                                                           const ShardContext& ctx) {
  return std::make_unique<SingleBucketCollector>(spec, ctx);
}

Json reduce_single_bucket(const AggregationSpec& spec, const std::vector<const Json*>& partials,
                          bool typed_keys) {
  auto bucket = [&](size_t i) {
    uint64_t count = 0;
    std::vector<const Json*> subs;
    for (const Json* p : partials) {
      if (p == nullptr || !p->is_object() || !p->contains("buckets") || (*p)["buckets"].size() <= i) continue;
      const Json& b = (*p)["buckets"][i];
      count += b.value("doc_count", uint64_t{0});
      if (b.contains("aggs")) subs.push_back(&b["aggs"]);
    }
    Json out = {{"doc_count", count}};
    reduce_subs(spec, subs, typed_keys, out);
    return out;
  };
  if (spec.type != AggType::filters) return bucket(0);
  Json buckets = spec.filters_named ? Json::object() : Json::array();
  for (size_t i = 0; i < spec.filters.size(); ++i) {
    if (spec.filters_named)
      buckets[spec.filters[i].first] = bucket(i);
    else
      buckets.push_back(bucket(i));
  }
  if (spec.other_bucket) {
    if (spec.filters_named)
      buckets[spec.other_bucket_key] = bucket(spec.filters.size());
    else
      buckets.push_back(bucket(spec.filters.size()));
  }
  return {{"buckets", buckets}};
}

}  // namespace pharos::query::agg
