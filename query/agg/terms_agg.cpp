// terms: buckets per distinct value. The shard side picks a collector (terms_collector.h):
// keyword/ip by global ordinal or, with execution_hint "map", by term bytes; numbers by value.
// Each shard returns its top shard_size buckets; the reduce merges them by key and computes
// doc_count_error_upper_bound and sum_other_doc_count as OpenSearch does.
#include <map>

#include "query/agg/terms_collector.h"
#include "query/agg/terms_filter.h"

namespace pharos::query::agg {

std::unique_ptr<AggCollector> make_terms_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  if (!is_string_kind(spec.field.kind)) return make_numeric_terms_collector(spec, ctx);
  if (spec.execution_map) return make_map_string_terms_collector(spec, ctx);
  return make_global_ordinals_terms_collector(spec, ctx);
}

Json reduce_terms(const AggregationSpec& spec, const std::vector<const Json*>& partials, bool typed_keys) {
  std::map<Json, OrderedBucket> merged;
  uint64_t total = 0, error = 0;
  const BucketOrder first = spec.order.empty() ? BucketOrder{"_count", false} : spec.order.front();
  bool key_order = first.key == "_key";
  bool count_desc = first.key == "_count" && !first.ascending;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object()) continue;
    auto bit = p->find("buckets");
    if (bit == p->end() || !bit->is_array()) continue;
    total += p->value("other", uint64_t{0});
    for (const auto& b : *bit) {
      if (!b.is_object() || !b.contains("key") || !b["doc_count"].is_number_unsigned()) continue;
      auto& m = merged[b["key"]];
      m.key = b["key"];
      m.count += b["doc_count"].get<uint64_t>();
      total += b["doc_count"].get<uint64_t>();
      if (b.contains("aggs")) m.sub_partials.push_back(&b["aggs"]);
    }
    // A shard that cut its list may have left out up to its last count for any other term.
    if (p->value("truncated", false) && count_desc && !bit->empty())
      error += bit->back().value("doc_count", uint64_t{0});
  }
  std::vector<OrderedBucket> list;
  for (auto& [key, m] : merged) {
    if (static_cast<int64_t>(m.count) < spec.min_doc_count) {
      total -= m.count;  // dropped by min_doc_count: not "other" either
      continue;
    }
    list.push_back(std::move(m));
  }
  sort_buckets(spec, list);
  if (list.size() > spec.size) list.resize(spec.size);
  uint64_t shown = 0;
  Json out_buckets = Json::array();
  for (const auto& b : list) {
    shown += b.count;
    Json o = {{"key", b.key}};
    if (spec.field.kind == ValueKind::boolean && b.key.is_number())
      o["key_as_string"] = b.key.get<int64_t>() ? "true" : "false";
    if (spec.field.kind == ValueKind::date && b.key.is_number())
      o["key_as_string"] = format_date_key(b.key.get<int64_t>(), spec);
    o["doc_count"] = b.count;
    reduce_subs(spec, b.sub_partials, typed_keys, o);
    out_buckets.push_back(std::move(o));
  }
  // Key order is exact; other orders than count-desc cannot bound the error (OpenSearch: -1).
  // A single shard saw every doc, so its counts are exact.
  int64_t error_out = key_order || partials.size() <= 1 ? 0 : count_desc ? static_cast<int64_t>(error) : -1;
  return {{"doc_count_error_upper_bound", error_out},
          {"sum_other_doc_count", total - shown},
          {"buckets", out_buckets}};
}

}  // namespace pharos::query::agg
