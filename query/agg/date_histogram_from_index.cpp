#include "query/agg/date_histogram_from_index.h"

#include "index/engine/field_data_cache.h"

namespace pharos::query::agg {

bool can_count_from_index(const AggregationSpec& spec, const ShardContext& ctx) {
  if (spec.type != AggType::date_histogram || !ctx.is_top_level(spec) || ctx.query == nullptr ||
      ctx.fielddata == nullptr)
    return false;
  // Parent pipelines (derivative, cumulative_sum) read the reduced buckets only.
  for (const auto& sub : spec.subs)
    if (!is_parent_pipeline(sub->type)) return false;
  const FieldRef& f = spec.field;
  // Millis as stored (not nanos, no scaling), keyed by a rounding that never decreases as the
  // value grows: a fixed offset does not break that, a region's DST overlap can.
  if (f.kind != ValueKind::date || f.range || f.nanos || f.unsigned_long || f.scaling_factor != 1.0)
    return false;
  if (spec.missing_number || spec.time_zone) return false;
  const search::QueryNode& q = *ctx.query;
  return q.kind == search::QueryKind::match_all ||
         (q.kind == search::QueryKind::numeric_range && q.field == f.name);
}

std::vector<bool> count_from_index(const AggregationSpec& spec, const ShardContext& ctx,
                                   const std::function<void(double key, uint64_t n)>& add,
                                   FromIndexStats& stats) {
  const std::vector<search::SegmentRef>& segments = *ctx.segments;
  std::vector<bool> counted(segments.size(), false);
  int64_t lower = INT64_MIN, upper = INT64_MAX;
  if (ctx.query->kind == search::QueryKind::numeric_range) {
    lower = ctx.query->int_lower;
    upper = ctx.query->int_upper;
  }
  auto key = [&spec](int64_t v) { return histogram_bucket_key(spec, static_cast<double>(v)); };
  for (size_t si = 0; si < segments.size(); ++si) {
    ++stats.segments;
    // Deleted docs are still among the sorted values: such a segment is collected doc by doc.
    if (segments[si].segment == nullptr || segments[si].live_docs != nullptr) continue;
    auto index = ctx.fielddata->sorted_numeric(spec.field.name, *segments[si].segment);
    if (!index) continue;  // no values, or several for some doc
    segment::SortedNumericIndex::TraversalStats walk;
    index->count_by_key(lower, upper, key, add, walk);
    stats.leaf_visited += walk.leaves_scanned;
    stats.inner_visited += walk.nodes_counted_whole;
    ++stats.optimized_segments;
    counted[si] = true;
  }
  return counted;
}

}  // namespace pharos::query::agg
