// ShardAggregator and reduce_aggregations: dispatch over the aggregation families.
#include "query/agg/aggregations.h"

#include <cstdlib>
#include <limits>

#include "index/engine/field_data_cache.h"
#include "query/agg/agg_collector.h"
#include "query/agg/aggregation_spec.h"

namespace pharos::query {

const char* aggregation_type_prefix(const AggregationSpec& spec) {
  switch (spec.type) {
    case AggType::terms:
      switch (spec.field.kind) {
        case ValueKind::integer:
        case ValueKind::date:
        case ValueKind::boolean:
          return "lterms";
        case ValueKind::floating:
        case ValueKind::scaled:
          return "dterms";
        default:
          return "sterms";
      }
    case AggType::avg:
      return "avg";
    case AggType::sum:
      return "sum";
    case AggType::min:
      return "min";
    case AggType::max:
      return "max";
    case AggType::value_count:
      return "value_count";
    case AggType::stats:
      return "stats";
    case AggType::extended_stats:
      return "extended_stats";
    case AggType::cardinality:
      return "cardinality";
    case AggType::percentiles:
      return "tdigest_percentiles";
    case AggType::percentile_ranks:
      return "tdigest_percentile_ranks";
    case AggType::histogram:
      return "histogram";
    case AggType::date_histogram:
      return "date_histogram";
    case AggType::range:
      return "range";
    case AggType::date_range:
      return "date_range";
    case AggType::filter:
      return "filter";
    case AggType::filters:
      return "filters";
    case AggType::missing:
      return "missing";
    case AggType::top_hits:
      return "top_hits";
    case AggType::composite:
      return "composite";
    case AggType::derivative:
      return "derivative";
    case AggType::max_bucket:
    case AggType::min_bucket:
      return "bucket_metric_value";
    case AggType::cumulative_sum:
    case AggType::avg_bucket:
    case AggType::sum_bucket:
      return "simple_value";
  }
  return "unknown";
}

namespace agg {

namespace {

// Aggregation types that share a collector and a reducer.
enum class AggFamily {
  terms,
  metric,
  cardinality,
  percentiles,
  histogram,
  range,
  single_bucket,
  top_hits,
  composite,
  pipeline
};

AggFamily family_of(AggType type) {
  switch (type) {
    case AggType::terms:
      return AggFamily::terms;
    case AggType::avg:
    case AggType::sum:
    case AggType::min:
    case AggType::max:
    case AggType::value_count:
    case AggType::stats:
    case AggType::extended_stats:
      return AggFamily::metric;
    case AggType::cardinality:
      return AggFamily::cardinality;
    case AggType::percentiles:
    case AggType::percentile_ranks:
      return AggFamily::percentiles;
    case AggType::histogram:
    case AggType::date_histogram:
      return AggFamily::histogram;
    case AggType::range:
    case AggType::date_range:
      return AggFamily::range;
    case AggType::filter:
    case AggType::filters:
    case AggType::missing:
      return AggFamily::single_bucket;
    case AggType::top_hits:
      return AggFamily::top_hits;
    case AggType::composite:
      return AggFamily::composite;
    case AggType::derivative:
    case AggType::cumulative_sum:
    case AggType::max_bucket:
    case AggType::min_bucket:
    case AggType::avg_bucket:
    case AggType::sum_bucket:
      return AggFamily::pipeline;
  }
  return AggFamily::metric;
}

}  // namespace

std::unique_ptr<AggCollector> make_collector(const AggregationSpec& spec, const ShardContext& context) {
  if (context.profiles != nullptr) return make_profiled_collector(spec, context);
  return make_unprofiled_collector(spec, context);
}

std::unique_ptr<AggCollector> make_unprofiled_collector(const AggregationSpec& spec, const ShardContext& context) {
  switch (family_of(spec.type)) {
    case AggFamily::terms:
      return make_terms_collector(spec, context);
    case AggFamily::metric:
      return make_metric_collector(spec, context);
    case AggFamily::cardinality:
      return make_cardinality_collector(spec, context);
    case AggFamily::percentiles:
      return make_percentiles_collector(spec, context);
    case AggFamily::histogram:
      return make_histogram_collector(spec, context);
    case AggFamily::range:
      return make_range_collector(spec, context);
    case AggFamily::single_bucket:
      return make_single_bucket_collector(spec, context);
    case AggFamily::top_hits:
      return make_top_hits_collector(spec, context);
    case AggFamily::composite:
      return make_composite_collector(spec, context);
    case AggFamily::pipeline:
      return make_pipeline_collector(spec, context);
  }
  return nullptr;
}

SubCollectors::SubCollectors(const AggregationSpec& parent, const ShardContext& context) : parent_(&parent) {
  for (size_t i = 0; i < parent.subs.size(); ++i) {
    sub_index_.push_back(i);
    collectors_.push_back(make_collector(*parent.subs[i], context));
  }
}

SubCollectors::SubCollectors(const AggregationSpec& parent, const ShardContext& context,
                             const std::vector<bool>& include)
    : parent_(&parent) {
  for (size_t i = 0; i < parent.subs.size(); ++i) {
    if (i >= include.size() || !include[i]) continue;
    sub_index_.push_back(i);
    collectors_.push_back(make_collector(*parent.subs[i], context));
  }
}

bool SubCollectors::needs_docs(size_t segment_index) const {
  for (const auto& c : collectors_)
    if (c->needs_docs(segment_index)) return true;
  return false;
}

bool is_multi_bucket(AggType type) {
  switch (type) {
    case AggType::terms:
    case AggType::histogram:
    case AggType::date_histogram:
    case AggType::range:
    case AggType::date_range:
    case AggType::filters:
    case AggType::composite:
      return true;
    default:
      return false;
  }
}

bool ShardContext::is_top_level(const AggregationSpec& spec) const {
  if (root == nullptr) return false;
  for (const auto& sub : root->subs)
    if (sub.get() == &spec) return true;
  return false;
}

void debug_add(Json& debug, const std::string& key, uint64_t n) {
  Json& v = debug[key];
  v = (v.is_number_unsigned() ? v.get<uint64_t>() : 0) + n;
}

void debug_set(Json& debug, const std::string& key, Json value) {
  auto it = debug.find(key);
  if (it != debug.end() && it->is_number() && value.is_number() && it->get<double>() > value.get<double>())
    return;
  debug[key] = std::move(value);
}

Json bucket_partial(uint64_t count, const SubCollectors* subs) {
  Json entry = {{"doc_count", count}};
  if (subs != nullptr) entry["aggs"] = subs->partial();
  return entry;
}

Json indexed_buckets_partial(const std::vector<uint64_t>& counts,
                             const std::vector<std::unique_ptr<SubCollectors>>& subs) {
  Json list = Json::array();
  for (size_t i = 0; i < counts.size(); ++i)
    list.push_back(bucket_partial(counts[i], subs.empty() ? nullptr : subs[i].get()));
  return {{"buckets", list}};
}

Json SubCollectors::partial() const {
  Json out = Json::object();
  for (size_t i = 0; i < collectors_.size(); ++i)
    out[parent_->subs[sub_index_[i]]->name] = collectors_[i]->partial();
  return out;
}

namespace {

Json reduce_checked(const AggregationSpec& spec, const std::vector<const Json*>& partials, bool typed_keys) {
  switch (family_of(spec.type)) {
    case AggFamily::terms:
      return reduce_terms(spec, partials, typed_keys);
    case AggFamily::metric:
      return reduce_metric(spec, partials);
    case AggFamily::cardinality:
      return reduce_cardinality(spec, partials);
    case AggFamily::percentiles:
      return reduce_percentiles(spec, partials);
    case AggFamily::histogram:
      return reduce_histogram(spec, partials, typed_keys);
    case AggFamily::range:
      return reduce_range(spec, partials, typed_keys);
    case AggFamily::single_bucket:
      return reduce_single_bucket(spec, partials, typed_keys);
    case AggFamily::top_hits:
      return reduce_top_hits(spec, partials);
    case AggFamily::composite:
      return reduce_composite(spec, partials, typed_keys);
    case AggFamily::pipeline:
      return Json::object();  // computed from the reduced siblings / buckets, not from partials
  }
  return Json::object();
}

}  // namespace

Json reduce_one(const AggregationSpec& spec, const std::vector<const Json*>& partials, bool typed_keys) {
  try {
    return reduce_checked(spec, partials, typed_keys);
  } catch (const nlohmann::json::exception&) {
    // A malformed partial (wrong types) must not take the coordinator down: reduce as if empty.
    return reduce_checked(spec, {}, typed_keys);
  }
}

Json empty_partial(const AggregationSpec& spec) {
  // Every reducer treats a null partial as "nothing collected".
  (void)spec;
  return nullptr;
}

void reduce_subs(const AggregationSpec& parent, const std::vector<const Json*>& sub_partials, bool typed_keys,
                 Json& out) {
  for (const auto& sub : parent.subs) {
    if (is_pipeline(sub->type)) continue;  // after the aggregations they read
    std::vector<const Json*> parts;
    for (const Json* p : sub_partials) {
      if (p == nullptr || !p->is_object()) continue;
      auto it = p->find(sub->name);
      if (it != p->end()) parts.push_back(&*it);
    }
    std::string name = typed_keys ? std::string(aggregation_type_prefix(*sub)) + "#" + sub->name : sub->name;
    out[name] = reduce_one(*sub, parts, typed_keys);
  }
  apply_sibling_pipelines(parent, typed_keys, out);
}

double sub_agg_sort_value(const AggregationSpec& bucket_agg,
                          const std::vector<const Json*>& bucket_aggs_partials, const std::string& path) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::string name = path, metric;
  if (auto dot = path.find('.'); dot != std::string::npos) {
    name = path.substr(0, dot);
    metric = path.substr(dot + 1);
  }
  if (auto gt = name.find('>'); gt != std::string::npos)
    name = name.substr(0, gt);  // deeper paths: first hop only
  for (const auto& sub : bucket_agg.subs) {
    if (sub->name != name) continue;
    std::vector<const Json*> parts;
    for (const Json* p : bucket_aggs_partials) {
      if (p == nullptr || !p->is_object()) continue;
      if (auto it = p->find(name); it != p->end()) parts.push_back(&*it);
    }
    Json r = reduce_one(*sub, parts, false);
    const Json* v = nullptr;
    if (sub->type == AggType::filter || sub->type == AggType::missing)
      v = &r["doc_count"];
    else if (sub->type == AggType::percentiles || sub->type == AggType::percentile_ranks) {
      const Json& values = r["values"];
      for (const auto& [k, val] : values.items())
        if (!metric.empty() && std::strtod(k.c_str(), nullptr) == std::strtod(metric.c_str(), nullptr))
          v = &val;
    } else {
      auto it = r.find(metric.empty() ? "value" : metric);
      if (it != r.end()) v = &*it;
    }
    return v != nullptr && v->is_number() ? v->get<double>() : kNone;
  }
  return kNone;
}

namespace {

// Evaluates the filter queries of every filter/filters node in the tree, once per segment.
void evaluate_filters(const AggregationSpec& spec, ShardContext& context) {
  if (spec.type == AggType::filter || spec.type == AggType::filters) {
    std::vector<DocBits> per_filter;
    for (const auto& [key, query] : spec.filters) {
      DocBits bits(context.segments->size());
      for (size_t s = 0; s < context.segments->size(); ++s) {
        const auto* seg = (*context.segments)[s].segment;
        bits[s].assign(seg ? seg->max_doc() : 0, false);
      }
      if (query) {
        // A failing filter matches nothing rather than aborting the whole search.
        Status st = search::for_each_match(*context.segments, *query, false, {},
                                           [&bits](size_t si, uint32_t doc, float) {
                                             if (si < bits.size() && doc < bits[si].size())
                                               bits[si][doc] = true;
                                           });
        (void)st;
      }
      per_filter.push_back(std::move(bits));
    }
    context.filter_bits[&spec] = std::move(per_filter);
  }
  for (const auto& sub : spec.subs) evaluate_filters(*sub, context);
}

// Marks the aggregations that get one collector per bucket of a multi-bucket ancestor.
void mark_under_multi_bucket(const AggregationSpec& spec, bool below, ShardContext& context) {
  if (below) context.under_multi_bucket.insert(&spec);
  for (const auto& sub : spec.subs)
    mark_under_multi_bucket(*sub, below || is_multi_bucket(spec.type), context);
}

}  // namespace
}  // namespace agg

struct ShardAggregator::Impl {
  std::shared_ptr<const AggregationSpec> spec;
  std::vector<search::SegmentRef> segments;
  std::shared_ptr<engine::FieldDataCache> fielddata;
  agg::ShardContext context;
  agg::AggProfiles profiles;
  std::unique_ptr<agg::SubCollectors> root;
};

ShardAggregator::ShardAggregator(std::shared_ptr<const AggregationSpec> spec,
                                 const std::vector<search::SegmentRef>& segments, bool profile)
    : ShardAggregator(std::move(spec), segments, ShardAggregatorOptions{profile, nullptr, nullptr}) {}

ShardAggregator::ShardAggregator(std::shared_ptr<const AggregationSpec> spec,
                                 const std::vector<search::SegmentRef>& segments,
                                 ShardAggregatorOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->spec = spec ? std::move(spec) : std::make_shared<const AggregationSpec>();
  impl_->segments = segments;
  impl_->fielddata = std::move(options.fielddata);
  if (!impl_->fielddata) {  // this search's own, unaccounted: nothing outlives it
    std::vector<const segment::Segment*> view;
    for (const auto& ref : impl_->segments) view.push_back(ref.segment);
    impl_->fielddata = std::make_shared<engine::FieldDataCache>(std::move(view), nullptr);
  }
  agg::ShardContext& context = impl_->context;
  context.segments = &impl_->segments;
  context.fielddata = impl_->fielddata.get();
  context.root = impl_->spec.get();
  context.query = options.query;
  if (options.profile) context.profiles = &impl_->profiles;
  for (const auto& sub : impl_->spec->subs) {
    agg::evaluate_filters(*sub, context);
    agg::mark_under_multi_bucket(*sub, false, context);
  }
  impl_->root = std::make_unique<agg::SubCollectors>(*impl_->spec, context);
}

ShardAggregator::~ShardAggregator() = default;

bool ShardAggregator::needs_docs(size_t segment_index) const {
  return impl_->root->needs_docs(segment_index);
}

void ShardAggregator::collect(size_t segment_index, uint32_t doc, float score) {
  if (segment_index >= impl_->segments.size() || impl_->segments[segment_index].segment == nullptr) return;
  if (doc >= impl_->segments[segment_index].segment->max_doc()) return;
  impl_->root->collect(segment_index, doc, score);
}

nlohmann::json ShardAggregator::partial() const { return impl_->root->partial(); }

nlohmann::json ShardAggregator::profile() const {
  if (impl_->context.profiles == nullptr) return nlohmann::json::array();
  return agg::aggregation_profiles(*impl_->spec, impl_->profiles);
}

nlohmann::json reduce_aggregations(const AggregationSpec& spec, const std::vector<nlohmann::json>& partials,
                                   bool typed_keys) {
  std::vector<const nlohmann::json*> parts;
  for (const auto& p : partials) parts.push_back(&p);
  nlohmann::json out = nlohmann::json::object();
  agg::reduce_subs(spec, parts, typed_keys, out);
  return out;
}

}  // namespace pharos::query
