// terms on numbers, dates and booleans (OpenSearch's NumericTermsAggregator): buckets keyed by
// value, integers exactly (int64, unsigned_long bits), floating values as doubles.
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include "query/agg/terms_collector.h"
#include "query/agg/terms_filter.h"

namespace pharos::query::agg {
namespace {

std::string number_text(double v, ValueKind kind) {
  if (kind == ValueKind::floating || kind == ValueKind::scaled) return double_to_java_string(v);
  return std::to_string(static_cast<int64_t>(v));
}

bool is_integral_kind(ValueKind kind) {
  return kind == ValueKind::integer || kind == ValueKind::date || kind == ValueKind::boolean;
}

class NumericTermsCollector final : public TermsCollector {
 public:
  NumericTermsCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : TermsCollector(spec, ctx, -1), cols_(spec.field, *ctx.segments), filter_(spec) {}

  void collect(size_t si, uint32_t doc, float score) override {
    bool any = false;
    if (is_integral_kind(spec_.field.kind)) {
      std::optional<int64_t> previous;
      cols_.for_each_integer(si, doc, [&](int64_t v) {
        any = true;
        if (previous == v) return;  // a doc counts once per distinct value
        previous = v;
        hit_integer(v, si, doc, score);
      });
      if (!any && spec_.missing_number)
        hit_integer(static_cast<int64_t>(*spec_.missing_number), si, doc, score);
      return;
    }
    double last = std::nan("");
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      if (v == last) return;  // a doc counts once per distinct value
      last = v;
      hit_number(v, si, doc, score);
    });
    if (!any && spec_.missing_number) hit_number(*spec_.missing_number, si, doc, score);
  }

 private:
  void hit_integer(int64_t v, size_t si, uint32_t doc, float score) {
    auto it = by_integer_.find(v);
    if (it == by_integer_.end()) {
      bool is_unsigned = spec_.field.unsigned_long;
      std::string text = is_unsigned ? std::to_string(static_cast<uint64_t>(v)) : std::to_string(v);
      if (filter_.active() && !(filter_.accepts(text) && filter_.in_partition(v))) return;
      it = by_integer_.emplace(v, add_bucket()).first;
      keys_.push_back(is_unsigned ? Json(static_cast<uint64_t>(v)) : Json(v));
    }
    hit(it->second, si, doc, score);
  }
  void hit_number(double v, size_t si, uint32_t doc, float score) {
    auto it = by_number_.find(v);
    if (it == by_number_.end()) {
      if (filter_.active() && !(filter_.accepts(number_text(v, spec_.field.kind)) &&
                                filter_.in_partition(double_to_sortable_long(v))))
        return;
      it = by_number_.emplace(v, add_bucket()).first;
      bool integral = spec_.field.kind != ValueKind::floating && spec_.field.kind != ValueKind::scaled;
      keys_.push_back(integral ? Json(static_cast<int64_t>(v)) : Json(v));
    }
    hit(it->second, si, doc, score);
  }
  Json bucket_key(size_t bucket) const override { return keys_[bucket]; }

  FieldColumns cols_;
  TermFilter filter_;
  std::map<double, size_t> by_number_;
  std::unordered_map<int64_t, size_t> by_integer_;
  std::vector<Json> keys_;  // bucket → key
};

}  // namespace

std::unique_ptr<AggCollector> make_numeric_terms_collector(const AggregationSpec& spec,
                                                           const ShardContext& ctx) {
  return std::make_unique<NumericTermsCollector>(spec, ctx);
}

}  // namespace pharos::query::agg
