// avg, sum, min, max, value_count, stats, extended_stats: one running summary per node.
// The partial is {count, sum, min, max, sum_of_squares}; every response is computed from it.
#include <cmath>
#include <limits>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

class MetricCollector final : public AggCollector {
 public:
  MetricCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {}

  void collect(size_t si, uint32_t doc, float) override {
    if (spec_.type == AggType::value_count) {
      count_ += cols_.value_count(si, doc);
      return;
    }
    bool any = false;
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      add(v);
    });
    if (!any && spec_.missing_number) add(*spec_.missing_number);
  }

  Json partial() const override {
    Json p = {{"count", count_}, {"sum", sum_}, {"sum_of_squares", sum_sq_}};
    p["min"] = count_ ? Json(min_) : Json(nullptr);
    p["max"] = count_ ? Json(max_) : Json(nullptr);
    return p;
  }

 private:
  void add(double v) {
    ++count_;
    sum_ += v;
    sum_sq_ += v * v;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  uint64_t count_ = 0;
  double sum_ = 0, sum_sq_ = 0;
  double min_ = std::numeric_limits<double>::infinity(), max_ = -std::numeric_limits<double>::infinity();
};

struct Summary {
  uint64_t count = 0;
  double sum = 0, sum_sq = 0;
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
};

Summary merge(const std::vector<const Json*>& partials) {
  Summary s;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object()) continue;
    s.count += p->value("count", uint64_t{0});
    s.sum += p->value("sum", 0.0);
    s.sum_sq += p->value("sum_of_squares", 0.0);
    if (p->contains("min") && (*p)["min"].is_number()) s.min = std::min(s.min, (*p)["min"].get<double>());
    if (p->contains("max") && (*p)["max"].is_number()) s.max = std::max(s.max, (*p)["max"].get<double>());
  }
  return s;
}

void add_value(Json& out, const char* key, std::optional<double> v, const AggregationSpec& spec) {
  out[key] = v ? number_json(*v) : Json(nullptr);
  if (v && spec.field.kind == ValueKind::date && std::isfinite(*v)) {
    out[std::string(key) + "_as_string"] = format_date_key(static_cast<int64_t>(std::llround(*v)), spec);
  }
}

Json extended(const Summary& s, const AggregationSpec& spec) {
  Json out = {{"count", s.count}};
  bool has = s.count > 0;
  auto opt = [has](double v) { return has ? std::optional<double>(v) : std::nullopt; };
  double n = static_cast<double>(s.count);
  double avg = has ? s.sum / n : 0;
  double var_pop = has ? std::max(0.0, s.sum_sq / n - avg * avg) : 0;
  double var_samp = s.count > 1 ? std::max(0.0, (s.sum_sq - s.sum * s.sum / n) / (n - 1)) : 0;
  add_value(out, "min", opt(s.min), spec);
  add_value(out, "max", opt(s.max), spec);
  add_value(out, "avg", opt(avg), spec);
  out["sum"] = s.sum;
  out["sum_of_squares"] = has ? Json(s.sum_sq) : Json(nullptr);
  out["variance"] = has ? Json(var_pop) : Json(nullptr);
  out["variance_population"] = has ? Json(var_pop) : Json(nullptr);
  out["variance_sampling"] = s.count > 1 ? Json(var_samp) : has ? Json(0.0) : Json(nullptr);
  double sd = std::sqrt(var_pop), sds = std::sqrt(var_samp);
  out["std_deviation"] = has ? Json(sd) : Json(nullptr);
  out["std_deviation_population"] = has ? Json(sd) : Json(nullptr);
  out["std_deviation_sampling"] = s.count > 1 ? Json(sds) : has ? Json(0.0) : Json(nullptr);
  Json bounds = Json::object();
  auto b = [&](const char* k, double v) { bounds[k] = has ? Json(v) : Json(nullptr); };
  b("upper", avg + 2 * sd);
  b("lower", avg - 2 * sd);
  b("upper_population", avg + 2 * sd);
  b("lower_population", avg - 2 * sd);
  b("upper_sampling", avg + 2 * sds);
  b("lower_sampling", avg - 2 * sds);
  out["std_deviation_bounds"] = bounds;
  return out;
}

}  // namespace

std::unique_ptr<AggCollector> make_metric_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<MetricCollector>(spec, ctx);
}

Json reduce_metric(const AggregationSpec& spec, const std::vector<const Json*>& partials) {
  Summary s = merge(partials);
  bool has = s.count > 0;
  Json out = Json::object();
  switch (spec.type) {
    case AggType::avg:
      add_value(out, "value", has ? std::optional(s.sum / double(s.count)) : std::nullopt, spec);
      break;
    case AggType::sum:
      add_value(out, "value", s.sum, spec);
      break;
    case AggType::min:
      add_value(out, "value", has ? std::optional(s.min) : std::nullopt, spec);
      break;
    case AggType::max:
      add_value(out, "value", has ? std::optional(s.max) : std::nullopt, spec);
      break;
    case AggType::value_count:
      out["value"] = s.count;
      break;
    case AggType::stats:
      out["count"] = s.count;
      add_value(out, "min", has ? std::optional(s.min) : std::nullopt, spec);
      add_value(out, "max", has ? std::optional(s.max) : std::nullopt, spec);
      add_value(out, "avg", has ? std::optional(s.sum / double(s.count)) : std::nullopt, spec);
      out["sum"] = s.sum;
      break;
    case AggType::extended_stats:
      out = extended(s, spec);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace pharos::query::agg
