// histogram and date_histogram: buckets by rounded value. Fixed intervals round arithmetically;
// calendar intervals round on the civil calendar in the requested offset time zone.
#include <cmath>
#include <map>

#include "index/mapping/civil_time.h"
#include "query/agg/agg_collector.h"

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

class HistogramCollector final : public AggCollector {
 public:
  HistogramCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {}
  void collect(size_t si, uint32_t doc, float score) override {
    bool any = false;
    double last = std::nan("");
    auto add = [&](double v) {
      double k = bucket_key(spec_, v);
      if (k == last) return;  // a doc counts once per bucket
      last = k;
      auto& b = buckets_[k];
      ++b.count;
      if (!spec_.subs.empty()) {
        if (!b.subs) b.subs = std::make_unique<SubCollectors>(spec_, ctx_);
        b.subs->collect(si, doc, score);
      }
    };
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      add(v);
    });
    if (!any && spec_.missing_number) add(*spec_.missing_number);
  }
  Json partial() const override { return keyed_buckets_partial(buckets_); }

 private:
  struct Bucket {
    uint64_t count = 0;
    std::unique_ptr<SubCollectors> subs;
  };
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  std::map<double, Bucket> buckets_;
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
