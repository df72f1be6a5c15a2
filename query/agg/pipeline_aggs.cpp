// Pipeline aggregations: computed on the coordinator from the reduced results of other
// aggregations, never collected on shards. Sibling pipelines (max_bucket, min_bucket,
// avg_bucket, sum_bucket) summarise a multi-bucket sibling's buckets; parent pipelines
// (derivative, cumulative_sum) add a value to each bucket of the histogram they sit in.
// buckets_path: "<agg>[><agg>...]" then an optional ".metric" ("sales", "stats.avg", "_count").
#include <cmath>
#include <limits>
#include <optional>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

class PipelineCollector final : public AggCollector {
 public:
  void collect(size_t, uint32_t, float) override {}
  Json partial() const override { return nullptr; }
};

// The member of a reduced aggregations object named `name`, with or without a typed_keys prefix.
const Json* find_agg(const Json& aggs, const std::string& name) {
  if (!aggs.is_object()) return nullptr;
  if (auto it = aggs.find(name); it != aggs.end()) return &*it;
  for (const auto& [key, value] : aggs.items()) {
    auto hash = key.find('#');
    if (hash != std::string::npos && key.compare(hash + 1, std::string::npos, name) == 0) return &value;
  }
  return nullptr;
}

// The value `path` names inside one bucket ("_count", "sum", "stats.avg", "filter>sum").
double bucket_value(const Json& bucket, const std::string& path) {
  if (path == "_count") return bucket.value("doc_count", kMissing);
  size_t gt = path.find('>');
  if (gt != std::string::npos) {
    const Json* inner = find_agg(bucket, path.substr(0, gt));
    return inner ? bucket_value(*inner, path.substr(gt + 1)) : kMissing;
  }
  std::string name = path, metric = "value";
  if (auto dot = path.find('.'); dot != std::string::npos) {
    name = path.substr(0, dot);
    metric = path.substr(dot + 1);
  }
  const Json* agg = find_agg(bucket, name);
  if (agg == nullptr) return kMissing;
  if (metric == "_count" || (agg->contains("doc_count") && !agg->contains("value") && metric == "value"))
    return agg->value("doc_count", kMissing);
  const Json* v = agg->contains(metric) ? &(*agg)[metric] : nullptr;
  if (v == nullptr && agg->contains("values") && (*agg)["values"].contains(metric))
    v = &(*agg)["values"][metric];
  return v != nullptr && v->is_number() ? v->get<double>() : kMissing;
}

// Buckets of a reduced multi-bucket aggregation in order (arrays, or keyed objects).
std::vector<const Json*> bucket_list(const Json& agg) {
  std::vector<const Json*> out;
  if (!agg.is_object() || !agg.contains("buckets")) return out;
  for (const auto& bucket : agg["buckets"]) out.push_back(&bucket);
  return out;
}

std::string key_text(const Json& bucket) {
  if (bucket.contains("key_as_string")) return bucket["key_as_string"].get<std::string>();
  const Json& key = bucket.value("key", Json());
  if (key.is_string()) return key.get<std::string>();
  if (key.is_number_float()) return double_to_java_string(key.get<double>());
  return key.dump();
}

Json value_json(double v, const AggregationSpec& spec) {
  Json out = {{"value", std::isfinite(v) ? Json(v) : Json(nullptr)}};
  if (spec.format && std::isfinite(v)) {
    if (auto text = format_decimal(v, *spec.format)) out["value_as_string"] = *text;
  }
  return out;
}

Json sibling_result(const AggregationSpec& spec, const Json& aggs) {
  size_t gt = spec.buckets_path.find('>');
  std::string head = spec.buckets_path.substr(0, gt);
  std::string rest = gt == std::string::npos ? "_count" : spec.buckets_path.substr(gt + 1);
  const Json* multi = find_agg(aggs, head);
  double best = kMissing, sum = 0;
  size_t count = 0;
  Json keys = Json::array();
  for (const Json* bucket : multi ? bucket_list(*multi) : std::vector<const Json*>{}) {
    double v = bucket_value(*bucket, rest);
    if (std::isnan(v)) {
      if (!spec.insert_zeros) continue;
      v = 0;
    }
    sum += v;
    ++count;
    bool better = std::isnan(best) || (spec.type == AggType::max_bucket ? v > best : v < best);
    if (better) keys = Json::array();
    if (better || v == best) {
      best = v;
      keys.push_back(key_text(*bucket));
    }
  }
  switch (spec.type) {
    case AggType::avg_bucket:
      return value_json(count ? sum / static_cast<double>(count) : kMissing, spec);
    case AggType::sum_bucket:
      return value_json(sum, spec);
    default: {
      Json out = value_json(best, spec);  // no bucket with a value: null, as OpenSearch
      out["keys"] = keys;
      return out;
    }
  }
}

}  // namespace

std::unique_ptr<AggCollector> make_pipeline_collector(const AggregationSpec&, const ShardContext&) {
  return std::make_unique<PipelineCollector>();
}

void apply_sibling_pipelines(const AggregationSpec& parent, bool typed_keys, Json& out) {
  for (const auto& sub : parent.subs) {
    if (!is_pipeline(sub->type) || is_parent_pipeline(sub->type)) continue;
    std::string name = typed_keys ? std::string(aggregation_type_prefix(*sub)) + "#" + sub->name : sub->name;
    out[name] = sibling_result(*sub, out);
  }
}

void apply_parent_pipelines(const AggregationSpec& histogram, bool typed_keys, Json& buckets) {
  for (const auto& sub : histogram.subs) {
    if (!is_parent_pipeline(sub->type)) continue;
    std::string name = typed_keys ? std::string(aggregation_type_prefix(*sub)) + "#" + sub->name : sub->name;
    std::optional<double> previous;
    double running = 0;
    for (auto& bucket : buckets) {
      double v = bucket_value(bucket, sub->buckets_path);
      if (std::isnan(v) && sub->insert_zeros) v = 0;
      if (sub->type == AggType::cumulative_sum) {
        if (!std::isnan(v)) running += v;
        bucket[name] = value_json(running, *sub);
        continue;
      }
      // derivative: none on the first bucket, nor next to a gap that is skipped.
      if (previous && !std::isnan(v) && !std::isnan(*previous))
        bucket[name] = value_json(v - *previous, *sub);
      previous = v;
    }
  }
}

}  // namespace pharos::query::agg
