// `profile: true` for aggregations: a wrapper collector that times the wrapped one, and the
// per-shard profile tree in OpenSearch's shape. Only what we measure is reported: the time to
// create, collect and build each node (summed over the node's per-bucket instances), the number
// of docs collected, and debug facts that hold for our collectors (buckets built, result type,
// and what each collector reports of itself through add_debug: deferred sub-aggregations,
// global ordinals strategy, segments counted from doc values). Facts of OpenSearch machinery we
// do not have are left out.
#include <chrono>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t nanos_since(Clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

class ProfiledCollector : public AggCollector {
 public:
  ProfiledCollector(const AggregationSpec& spec, const ShardContext& context)
      : stats_(&(*context.profiles)[&spec]) {
    Clock::time_point start = Clock::now();
    inner_ = make_unprofiled_collector(spec, context);
    stats_->initialize_nanos += nanos_since(start);
    ++stats_->initialize_count;
  }

  void collect(size_t segment_index, uint32_t doc, float score) override {
    Clock::time_point start = Clock::now();
    inner_->collect(segment_index, doc, score);
    stats_->collect_nanos += nanos_since(start);
    ++stats_->collect_count;
  }
  bool needs_docs(size_t segment_index) const override { return inner_->needs_docs(segment_index); }

  Json partial() const override {
    Clock::time_point start = Clock::now();
    Json out = inner_->partial();
    stats_->build_nanos += nanos_since(start);
    ++stats_->build_count;
    if (out.is_object()) {
      auto buckets = out.find("buckets");
      if (buckets != out.end() && (buckets->is_array() || buckets->is_object()))
        stats_->total_buckets += buckets->size();
    }
    inner_->add_debug(stats_->debug);
    return out;
  }

 private:
  AggProfileStats* stats_;  // owned by the ShardAggregator, outlives every collector
  std::unique_ptr<AggCollector> inner_;
};

bool is_floating(ValueKind kind) { return kind == ValueKind::floating || kind == ValueKind::scaled; }

// OpenSearch's aggregator class names, for the collector we run for the spec.
const char* aggregator_type_name(const AggregationSpec& spec) {
  switch (spec.type) {
    case AggType::terms:
      if (spec.field.kind != ValueKind::keyword && spec.field.kind != ValueKind::ip)
        return "NumericTermsAggregator";
      return spec.execution_map ? "MapStringTermsAggregator" : "GlobalOrdinalsStringTermsAggregator";
    case AggType::avg:
      return "AvgAggregator";
    case AggType::sum:
      return "SumAggregator";
    case AggType::min:
      return "MinAggregator";
    case AggType::max:
      return "MaxAggregator";
    case AggType::value_count:
      return "ValueCountAggregator";
    case AggType::stats:
      return "StatsAggregator";
    case AggType::extended_stats:
      return "ExtendedStatsAggregator";
    case AggType::cardinality:
      return "CardinalityAggregator";
    case AggType::percentiles:
      return "TDigestPercentilesAggregator";
    case AggType::percentile_ranks:
      return "TDigestPercentileRanksAggregator";
    case AggType::histogram:
      return "NumericHistogramAggregator";
    case AggType::date_histogram:
      return "DateHistogramAggregator";
    case AggType::range:
    case AggType::date_range:
      return "RangeAggregator";
    case AggType::filter:
      return "FilterAggregator";
    case AggType::filters:
      return "FiltersAggregator";
    case AggType::missing:
      return "MissingAggregator";
    case AggType::top_hits:
      return "TopHitsAggregator";
    case AggType::composite:
      return "CompositeAggregator";
    default:
      return "PipelineAggregator";
  }
}

Json profile_debug(const AggregationSpec& spec, const AggProfileStats& stats) {
  Json debug = Json::object();
  if (spec.type == AggType::terms) {
    // The shape of the shard result, as OpenSearch's `result_strategy` names it.
    bool numeric = spec.field.kind != ValueKind::keyword && spec.field.kind != ValueKind::ip;
    debug["result_strategy"] = !numeric                       ? "terms"
                               : is_floating(spec.field.kind) ? "double_terms"
                                                              : "long_terms";
  }
  if (is_multi_bucket(spec.type)) debug["total_buckets"] = stats.total_buckets;
  for (const auto& [key, value] : stats.debug.items()) debug[key] = value;
  return debug;
}

Json profile_node(const AggregationSpec& spec, const AggProfiles& profiles) {
  AggProfileStats stats;
  if (auto it = profiles.find(&spec); it != profiles.end()) stats = it->second;
  Json breakdown = {{"initialize", stats.initialize_nanos},
                    {"initialize_count", stats.initialize_count},
                    {"build_leaf_collector", 0},
                    {"build_leaf_collector_count", 0},
                    {"collect", stats.collect_nanos},
                    {"collect_count", stats.collect_count},
                    {"post_collection", 0},
                    {"post_collection_count", 0},
                    {"build_aggregation", stats.build_nanos},
                    {"build_aggregation_count", stats.build_count},
                    {"reduce", 0},
                    {"reduce_count", 0}};
  Json node = {{"type", aggregator_type_name(spec)},
               {"description", spec.name},
               {"time_in_nanos", stats.initialize_nanos + stats.collect_nanos + stats.build_nanos},
               {"breakdown", std::move(breakdown)},
               {"debug", profile_debug(spec, stats)}};
  Json children = aggregation_profiles(spec, profiles);
  if (!children.empty()) node["children"] = std::move(children);
  return node;
}

}  // namespace

std::unique_ptr<AggCollector> make_profiled_collector(const AggregationSpec& spec,
                                                      const ShardContext& context) {
  return std::make_unique<ProfiledCollector>(spec, context);
}

Json aggregation_profiles(const AggregationSpec& parent, const AggProfiles& profiles) {
  Json out = Json::array();
  for (const auto& sub : parent.subs) {
    if (is_pipeline(sub->type)) continue;  // computed in the reduce, never on a shard
    out.push_back(profile_node(*sub, profiles));
  }
  return out;
}

}  // namespace pharos::query::agg
