// range and date_range: a doc falls in every range with from <= value < to.
#include <cmath>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

class RangeCollector final : public AggCollector {
 public:
  RangeCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {
    counts_.assign(spec.ranges.size(), 0);
    if (!spec.subs.empty())
      for (size_t i = 0; i < spec.ranges.size(); ++i)
        subs_.push_back(std::make_unique<SubCollectors>(spec, ctx));
  }
  void collect(size_t si, uint32_t doc, float score) override {
    std::vector<bool> hit(spec_.ranges.size(), false);
    bool any = false;
    auto add = [&](double v) {
      for (size_t i = 0; i < spec_.ranges.size(); ++i) {
        const auto& r = spec_.ranges[i];
        if ((!r.from || v >= *r.from) && (!r.to || v < *r.to)) hit[i] = true;
      }
    };
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      add(v);
    });
    if (!any && spec_.missing_number) add(*spec_.missing_number);
    for (size_t i = 0; i < hit.size(); ++i) {
      if (!hit[i]) continue;
      ++counts_[i];
      if (!subs_.empty()) subs_[i]->collect(si, doc, score);
    }
  }
  Json partial() const override { return indexed_buckets_partial(counts_, subs_); }

 private:
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  std::vector<uint64_t> counts_;
  std::vector<std::unique_ptr<SubCollectors>> subs_;
};

}  // namespace

std::unique_ptr<AggCollector> make_range_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<RangeCollector>(spec, ctx);
}

Json reduce_range(const AggregationSpec& spec, const std::vector<const Json*>& partials, bool typed_keys) {
  bool dates = spec.type == AggType::date_range;
  Json buckets = spec.keyed ? Json::object() : Json::array();
  for (size_t i = 0; i < spec.ranges.size(); ++i) {
    const auto& r = spec.ranges[i];
    uint64_t count = 0;
    std::vector<const Json*> subs;
    for (const Json* p : partials) {
      if (p == nullptr || !p->is_object() || !p->contains("buckets") || (*p)["buckets"].size() <= i) continue;
      const Json& b = (*p)["buckets"][i];
      count += b.value("doc_count", uint64_t{0});
      if (b.contains("aggs")) subs.push_back(&b["aggs"]);
    }
    auto text = [&](double v) {
      return dates ? format_date_key(static_cast<int64_t>(v), spec) : double_to_java_string(v);
    };
    std::string key = r.key ? *r.key : (r.from ? text(*r.from) : "*") + "-" + (r.to ? text(*r.to) : "*");
    Json b = Json::object();
    if (!spec.keyed) b["key"] = key;
    if (r.from) {
      b["from"] = *r.from;
      if (dates) b["from_as_string"] = text(*r.from);
    }
    if (r.to) {
      b["to"] = *r.to;
      if (dates) b["to_as_string"] = text(*r.to);
    }
    b["doc_count"] = count;
    reduce_subs(spec, subs, typed_keys, b);
    if (spec.keyed)
      buckets[key] = std::move(b);
    else
      buckets.push_back(std::move(b));
  }
  return {{"buckets", buckets}};
}

}  // namespace pharos::query::agg
