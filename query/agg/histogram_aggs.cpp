// histogram and date_histogram: buckets by rounded value. Fixed intervals round arithmetically;
// calendar intervals round on the civil calendar in the requested offset time zone.
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "index/mapping/civil_time.h"
#include "index/mapping/range_value.h"
#include "query/agg/agg_collector.h"
#include "query/agg/date_histogram_from_index.h"

namespace pharos::query::agg {
namespace {

constexpr int64_t kDay = 86400000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Rounds local wall-clock millis down to the start of its calendar unit.
int64_t calendar_floor(int64_t local, CalendarUnit unit) {
  switch (unit) {
    case CalendarUnit::minute:
      return floor_div(local, 60000) * 60000;
    case CalendarUnit::hour:
      return floor_div(local, 3600000) * 3600000;
    case CalendarUnit::day:
      return floor_div(local, kDay) * kDay;
    case CalendarUnit::week: {
      int64_t days = floor_div(local, kDay);
      int64_t monday = days - mapping::weekday_from_days(days);  // 0 = Monday: ISO weeks
      return monday * kDay;
    }
    default:
      break;
  }
  auto c = mapping::civil_from_days(floor_div(local, kDay));
  int month = static_cast<int>(c.month);
  if (unit == CalendarUnit::quarter) month = (month - 1) / 3 * 3 + 1;
  if (unit == CalendarUnit::year) month = 1;
  return mapping::days_from_civil(c.year, month, 1) * kDay;
}

int64_t calendar_next(int64_t local, CalendarUnit unit) {
  switch (unit) {
    case CalendarUnit::minute:
      return local + 60000;
    case CalendarUnit::hour:
      return local + 3600000;
    case CalendarUnit::day:
      return local + kDay;
    case CalendarUnit::week:
      return local + 7 * kDay;
    default:
      break;
  }
  auto c = mapping::civil_from_days(floor_div(local, kDay));
  int64_t months = c.year * 12 + (static_cast<int>(c.month) - 1) +
                   (unit == CalendarUnit::month     ? 1
                    : unit == CalendarUnit::quarter ? 3
                                                    : 12);
  return mapping::days_from_civil(floor_div(months, 12),
                                  static_cast<int>(months - floor_div(months, 12) * 12) + 1, 1) *
         kDay;
}

double bucket_key(const AggregationSpec& s, double v) {
  if (s.type == AggType::histogram) return std::floor((v - s.offset) / s.interval) * s.interval + s.offset;
  if (!(std::fabs(v) < 4e18)) return v;  // beyond int64 millis: no rounding rather than overflow
  int64_t t = static_cast<int64_t>(v);
  int64_t off = static_cast<int64_t>(s.offset);
  if (s.calendar != CalendarUnit::none)
    return static_cast<double>(to_utc(s, calendar_floor(to_local(s, t) - off, s.calendar) + off));
  int64_t iv = std::max<int64_t>(1, static_cast<int64_t>(s.interval));
  return static_cast<double>(to_utc(s, floor_div(to_local(s, t) - off, iv) * iv + off));
}

double next_key(const AggregationSpec& s, double key) {
  if (s.type == AggType::histogram || s.calendar == CalendarUnit::none) return key + s.interval;
  int64_t off = static_cast<int64_t>(s.offset);
  int64_t local = to_local(s, static_cast<int64_t>(key)) - off;
  return static_cast<double>(to_utc(s, calendar_next(local, s.calendar) + off));
}

// As OpenSearch: histogram checks key - offset (its key * interval), date_histogram the key.
// Range fields are clipped to the bounds instead (collect_ranges), as RangeHistogramAggregator.
bool within_hard_bounds(const AggregationSpec& s, double key) {
  if (s.type == AggType::histogram) key -= s.offset;
  return (!s.hard_min || key >= *s.hard_min) && (!s.hard_max || key <= *s.hard_max);
}

// A range overlapping many buckets is bounded so an open-ended range cannot exhaust memory.
constexpr size_t kMaxBucketsPerRange = 65536;

// Inclusive [from, to] bounds of a range field value, per segment (range_value.h columns).
class RangeColumns {
 public:
  RangeColumns(const FieldRef& field, const std::vector<search::SegmentRef>& segments) {
    const std::string from = mapping::range_from_field(field.name), to = mapping::range_to_field(field.name);
    const bool floating = field.kind == ValueKind::floating;
    for (const auto& ref : segments) {
      Columns c;
      if (field.range && ref.segment != nullptr) {
        if (floating) {
          c.floating_from = ref.segment->floating_doc_values(from);
          c.floating_to = ref.segment->floating_doc_values(to);
        } else {
          c.numeric_from = ref.segment->numeric_doc_values(from);
          c.numeric_to = ref.segment->numeric_doc_values(to);
        }
      }
      cols_.push_back(c);
    }
  }
  // Both columns are sorted per doc; pairing them in order keeps the union of the ranges.
  template <typename F>
  void for_each_range(size_t si, uint32_t doc, F&& f) const {
    if (si >= cols_.size()) return;
    const Columns& c = cols_[si];
    if (c.numeric_from != nullptr && c.numeric_to != nullptr) {
      uint32_t n = std::min(c.numeric_from->value_count(doc), c.numeric_to->value_count(doc));
      for (uint32_t i = 0; i < n; ++i)
        f(static_cast<double>(c.numeric_from->value(doc, i)),
          static_cast<double>(c.numeric_to->value(doc, i)));
    } else if (c.floating_from != nullptr && c.floating_to != nullptr) {
      uint32_t n = std::min(c.floating_from->value_count(doc), c.floating_to->value_count(doc));
      for (uint32_t i = 0; i < n; ++i) f(c.floating_from->value(doc, i), c.floating_to->value(doc, i));
    }
  }

 private:
  struct Columns {
    const segment::NumericDocValues* numeric_from = nullptr;
    const segment::NumericDocValues* numeric_to = nullptr;
    const segment::FloatingDocValues* floating_from = nullptr;
    const segment::FloatingDocValues* floating_to = nullptr;
  };
  std::vector<Columns> cols_;
};

class HistogramCollector final : public AggCollector {
 public:
  HistogramCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments), ranges_(spec.field, *ctx.segments) {
    if (can_count_from_index(spec, ctx)) {
      auto add = [this](double key, uint64_t n) {
        if (within_hard_bounds(spec_, key)) add_count(key, n);
      };
      counted_ = count_from_index(spec, ctx, add, from_index_);
    }
  }
  bool needs_docs(size_t si) const override { return si >= counted_.size() || !counted_[si]; }
  void add_debug(Json& debug) const override {
    if (from_index_.optimized_segments == 0) return;  // as OpenSearch: only when it applied
    debug_add(debug, "optimized_segments", from_index_.optimized_segments);
    debug_add(debug, "unoptimized_segments", from_index_.segments - from_index_.optimized_segments);
    debug_add(debug, "leaf_visited", from_index_.leaf_visited);
    debug_add(debug, "inner_visited", from_index_.inner_visited);
  }
  void collect(size_t si, uint32_t doc, float score) override {
    if (!needs_docs(si)) return;  // counted from the sorted values already
    if (spec_.field.range) return collect_ranges(si, doc, score);
    bool any = false;
    double last = std::nan("");
    auto add = [&](double v) {
      double k = bucket_key(spec_, v);
      if (k == last) return;  // a doc counts once per bucket
      last = k;
      if (within_hard_bounds(spec_, k)) add_to_bucket(k, si, doc, score);
    };
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      add(v);
    });
    if (!any && spec_.missing_number) add(*spec_.missing_number);
  }
  Json partial() const override { return keyed_buckets_partial(buckets_); }

 private:
  // n docs counted without collecting them (no sub-aggregation but parent pipelines).
  void add_count(double k, uint64_t n) {
    auto& b = buckets_[k];
    b.count += n;
    if (!spec_.subs.empty() && !b.subs) b.subs = std::make_unique<SubCollectors>(spec_, ctx_);
  }
  void add_to_bucket(double k, size_t si, uint32_t doc, float score) {
    auto& b = buckets_[k];
    ++b.count;
    if (!spec_.subs.empty()) {
      if (!b.subs) b.subs = std::make_unique<SubCollectors>(spec_, ctx_);
      b.subs->collect(si, doc, score);
    }
  }

  // OpenSearch: a range value counts in every bucket it overlaps, once per doc and bucket.
  void collect_ranges(size_t si, uint32_t doc, float score) {
    std::vector<double> keys;
    ranges_.for_each_range(si, doc, [&](double from, double to) {
      if (spec_.hard_min) from = std::max(from, *spec_.hard_min);
      if (spec_.hard_max) to = std::min(to, *spec_.hard_max);
      if (!(from <= to)) return;
      double key = bucket_key(spec_, from);
      for (size_t n = 0; key <= to && n < kMaxBucketsPerRange; ++n) {
        keys.push_back(key);
        double next = next_key(spec_, key);
        if (!(next > key)) break;
        key = next;
      }
    });
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (double k : keys) add_to_bucket(k, si, doc, score);
  }

  struct Bucket {
    uint64_t count = 0;
    std::unique_ptr<SubCollectors> subs;
  };
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  RangeColumns ranges_;
  std::map<double, Bucket> buckets_;
  std::vector<bool> counted_;  // segments counted from the sorted values (date_histogram_from_index.h)
  FromIndexStats from_index_;
};

}  // namespace

double histogram_bucket_key(const AggregationSpec& spec, double value) { return bucket_key(spec, value); }

std::unique_ptr<AggCollector> make_histogram_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<HistogramCollector>(spec, ctx);
}

Json reduce_histogram(const AggregationSpec& spec, const std::vector<const Json*>& partials,
                      bool typed_keys) {
  std::map<double, std::pair<uint64_t, std::vector<const Json*>>> merged;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object() || !p->contains("buckets")) continue;
    for (const auto& b : (*p)["buckets"]) {
      auto& m = merged[b["key"].get<double>()];
      m.first += b["doc_count"].get<uint64_t>();
      if (b.contains("aggs")) m.second.push_back(&b["aggs"]);
    }
  }
  if (spec.min_doc_count == 0 && spec.interval >= 0) {
    std::optional<double> lo, hi;
    if (!merged.empty()) lo = merged.begin()->first, hi = merged.rbegin()->first;
    if (spec.extended_min)
      lo = lo ? std::min(*lo, bucket_key(spec, *spec.extended_min)) : bucket_key(spec, *spec.extended_min);
    if (spec.extended_max)
      hi = hi ? std::max(*hi, bucket_key(spec, *spec.extended_max)) : bucket_key(spec, *spec.extended_max);
    if (lo && spec.hard_min) {  // the first key inside hard_bounds
      double first = bucket_key(spec, *spec.hard_min);
      if (first < *spec.hard_min) first = next_key(spec, first);
      lo = std::max(*lo, first);
    }
    if (hi && spec.hard_max) hi = std::min(*hi, bucket_key(spec, *spec.hard_max));
    // Bounded so a tiny interval over a wide range cannot exhaust memory.
    for (size_t n = 0; lo && hi && *lo <= *hi && n < 100000; ++n) {
      merged.try_emplace(*lo);
      double next = next_key(spec, *lo);
      if (!(next > *lo)) break;
      lo = next;
    }
  }
  bool dates = spec.type == AggType::date_histogram;
  Json buckets = spec.keyed ? Json::object() : Json::array();
  std::vector<std::pair<double, const std::pair<uint64_t, std::vector<const Json*>>*>> order;
  for (const auto& [k, m] : merged)
    if (static_cast<int64_t>(m.first) >= spec.min_doc_count) order.emplace_back(k, &m);
  if (!spec.order.empty()) {
    const auto& o = spec.order.front();
    if (o.key == "_key" && !o.ascending) std::reverse(order.begin(), order.end());
    if (o.key == "_count")
      std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return o.ascending ? a.second->first < b.second->first : a.second->first > b.second->first;
      });
  }
  for (const auto& [k, m] : order) {
    Json b = Json::object();
    std::string key_text;
    if (dates) {
      b["key_as_string"] = key_text = format_date_key(static_cast<int64_t>(k), spec);
      b["key"] = static_cast<int64_t>(k);
    } else {
      b["key"] = k;
      key_text = double_to_java_string(k);
      if (auto text = spec.format ? format_decimal(k, *spec.format) : std::nullopt) {
        b["key_as_string"] = key_text = *text;
      }
    }
    b["doc_count"] = m->first;
    reduce_subs(spec, m->second, typed_keys, b);
    if (spec.keyed)
      buckets[key_text] = std::move(b);
    else
      buckets.push_back(std::move(b));
  }
  apply_parent_pipelines(spec, typed_keys, buckets);
  return {{"buckets", buckets}};
}

}  // namespace pharos::query::agg
