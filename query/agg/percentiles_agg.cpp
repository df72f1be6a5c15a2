// percentiles and percentile_ranks over a merging t-digest: the partial is the centroid list,
// the reduce merges centroids and interpolates between centroid centres.
#include <algorithm>
#include <cmath>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

struct Centroid {
  double mean;
  double count;
};

// Merges neighbouring centroids while the q-limit 4·N·q(1−q)/δ allows, so tails stay exact.
void compress(std::vector<Centroid>& cs, double compression) {
  std::sort(cs.begin(), cs.end(), [](const Centroid& a, const Centroid& b) { return a.mean < b.mean; });
  double total = 0;
  for (const auto& c : cs) total += c.count;
  std::vector<Centroid> out;
  double seen = 0;
  for (const auto& c : cs) {
    if (!out.empty()) {
      double q = (seen + (out.back().count + c.count) / 2) / total;
      double limit = 4 * total * q * (1 - q) / compression;
      if (out.back().count + c.count <= limit) {
        auto& b = out.back();
        b.mean = (b.mean * b.count + c.mean * c.count) / (b.count + c.count);
        b.count += c.count;
        continue;
      }
      seen += out.back().count;
    }
    out.push_back(c);
  }
  cs = std::move(out);
}

double quantile(const std::vector<Centroid>& cs, double q) {
  if (cs.empty()) return std::nan("");
  if (cs.size() == 1) return cs[0].mean;
  double total = 0;
  for (const auto& c : cs) total += c.count;
  double index = q * total;
  if (index <= cs.front().count / 2) return cs.front().mean;
  double cum = 0;
  for (size_t i = 0; i + 1 < cs.size(); ++i) {
    double left = cum + cs[i].count / 2, right = cum + cs[i].count + cs[i + 1].count / 2;
    if (index <= right) {
      double t = (index - left) / (right - left);
      return cs[i].mean + t * (cs[i + 1].mean - cs[i].mean);
    }
    cum += cs[i].count;
  }
  return cs.back().mean;
}

double cdf(const std::vector<Centroid>& cs, double x) {
  if (cs.empty()) return std::nan("");
  double total = 0;
  for (const auto& c : cs) total += c.count;
  if (x < cs.front().mean) return 0;
  if (x >= cs.back().mean) return 1;
  double cum = 0;
  for (size_t i = 0; i + 1 < cs.size(); ++i) {
    if (x < cs[i + 1].mean) {
      double left = cum + cs[i].count / 2, right = cum + cs[i].count + cs[i + 1].count / 2;
      double t = (x - cs[i].mean) / (cs[i + 1].mean - cs[i].mean);
      return (left + t * (right - left)) / total;
    }
    cum += cs[i].count;
  }
  return 1;
}

class PercentilesCollector final : public AggCollector {
 public:
  PercentilesCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments) {}
  void collect(size_t si, uint32_t doc, float) override {
    bool any = false;
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      add(v);
    });
    if (!any && spec_.missing_number) add(*spec_.missing_number);
  }
  Json partial() const override {
    auto cs = centroids_;
    compress(cs, spec_.compression);
    Json list = Json::array();
    for (const auto& c : cs) list.push_back({c.mean, c.count});
    return {{"centroids", list}};
  }

 private:
  void add(double v) {
    centroids_.push_back({v, 1});
    if (centroids_.size() > 20 * spec_.compression + 100) compress(centroids_, spec_.compression);
  }
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  std::vector<Centroid> centroids_;
};

}  // namespace

std::unique_ptr<AggCollector> make_percentiles_collector(const AggregationSpec& spec,
                                                         const ShardContext& ctx) {
  return std::make_unique<PercentilesCollector>(spec, ctx);
}

Json reduce_percentiles(const AggregationSpec& spec, const std::vector<const Json*>& partials) {
  std::vector<Centroid> cs;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object() || !p->contains("centroids")) continue;
    for (const auto& c : (*p)["centroids"])
      if (c.is_array() && c.size() == 2 && c[0].is_number() && c[1].is_number())
        cs.push_back({c[0].get<double>(), c[1].get<double>()});
  }
  compress(cs, spec.compression);
  Json values = spec.keyed ? Json::object() : Json::array();
  for (double p : spec.percents) {
    double v = spec.type == AggType::percentiles ? quantile(cs, p / 100) : cdf(cs, p) * 100;
    Json value = number_json(v);
    if (spec.keyed) {
      values[double_to_java_string(p)] = value;
      if (spec.field.kind == ValueKind::date && spec.type == AggType::percentiles && value.is_number())
        values[double_to_java_string(p) + "_as_string"] = format_date_key(static_cast<int64_t>(v), spec);
    } else {
      values.push_back({{"key", p}, {"value", value}});
    }
  }
  return {{"values", values}};
}

}  // namespace pharos::query::agg
