// terms on keyword/ip by global ordinal (OpenSearch's GlobalOrdinalsStringTermsAggregator, the
// default execution): each segment ordinal maps to the shard-wide ordinal of its term through
// the view's cached OrdinalMap, so counting is array work and term bytes are read only for the
// buckets built. "dense" keeps one counter per global ordinal (a lone top-level collector with
// no include/exclude and no sub-aggregation collected before the cut); "remap" numbers the
// global ordinals it meets (include/exclude, or one collector per parent bucket).
#include <optional>
#include <unordered_map>

#include "index/engine/field_data_cache.h"
#include "index/mapping/ip_address.h"
#include "query/agg/terms_collector.h"
#include "query/agg/terms_filter.h"

namespace pharos::query::agg {
namespace {

// The field's global ordinals over the shard's segments: the view's OrdinalMap, or the
// ordinals of the only segment with values (already global: nothing to build).
class GlobalOrdinals {
 public:
  GlobalOrdinals(const AggregationSpec& spec, const ShardContext& ctx) {
    std::vector<const segment::SortedSetDocValues*> with_values;
    for (const auto& ref : *ctx.segments) {
      columns_.push_back(ref.segment ? ref.segment->keyword_doc_values(spec.field.name) : nullptr);
      if (columns_.back() != nullptr && columns_.back()->ordinal_count() > 0)
        with_values.push_back(columns_.back());
    }
    if (with_values.size() == 1) only_ = with_values.front();
    if (with_values.size() > 1) {
      map_ = ctx.fielddata ? ctx.fielddata->global_ordinals(spec.field.name) : nullptr;
      if (!built_from(columns_)) map_ = segment::OrdinalMap::build(columns_);
    }
    count_ = map_ ? map_->global_count() : only_ ? only_->ordinal_count() : 0;
  }
  uint32_t count() const { return count_; }
  const segment::SortedSetDocValues* column(size_t si) const {
    return si < columns_.size() ? columns_[si] : nullptr;
  }
  // Segment ordinal → global ordinal for segment si; nullptr when they are the same.
  const uint32_t* to_global(size_t si) const { return map_ ? map_->segment_to_global(si).data() : nullptr; }
  std::string_view lookup(uint32_t global) const {
    return map_ ? map_->lookup(global) : only_->lookup(global);
  }
  // The global ordinal of a term, by binary search (global ordinals are in byte order).
  std::optional<uint32_t> find(std::string_view bytes) const {
    uint32_t lo = 0, hi = count_;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (lookup(mid) < bytes)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo < count_ && lookup(lo) == bytes) return lo;
    return std::nullopt;
  }

 private:
  // Whether the cached map is of these very columns (the view's segments, in its order).
  bool built_from(const std::vector<const segment::SortedSetDocValues*>& columns) const {
    if (!map_ || map_->segment_count() != columns.size()) return false;
    for (size_t si = 0; si < columns.size(); ++si)
      if (map_->column(si) != columns[si]) return false;
    return true;
  }

  std::vector<const segment::SortedSetDocValues*> columns_;
  std::shared_ptr<const segment::OrdinalMap> map_;
  const segment::SortedSetDocValues* only_ = nullptr;
  uint32_t count_ = 0;
};

class GlobalOrdinalsTermsCollector final : public TermsCollector {
 public:
  GlobalOrdinalsTermsCollector(const AggregationSpec& spec, const ShardContext& ctx, GlobalOrdinals ords)
      : TermsCollector(spec, ctx, ords.count()), ords_(std::move(ords)), filter_(spec) {
    dense_ = !filter_.active() && ctx.under_multi_bucket.count(&spec) == 0 && !collects_subs_at_once();
    if (dense_) {
      add_buckets(ords_.count());
    } else if (spec.min_doc_count == 0) {
      for (uint32_t g = 0; g < ords_.count(); ++g) (void)bucket_of(g);
    }
  }

  void collect(size_t si, uint32_t doc, float score) override {
    if (si != segment_) enter(si);
    if (single_ != nullptr) {
      uint32_t ord = single_[doc];
      if (ord == segment::SortedSetDocValues::kNoOrdinal) return collect_missing(si, doc, score);
      return collect_global(mapping_ ? mapping_[ord] : ord, si, doc, score);
    }
    uint32_t n = column_ ? column_->value_count(doc) : 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t ord = column_->ordinal(doc, i);
      collect_global(mapping_ ? mapping_[ord] : ord, si, doc, score);
    }
    if (n == 0) collect_missing(si, doc, score);
  }

  void add_debug(Json& debug) const override {
    TermsCollector::add_debug(debug);
    debug_set(debug, "collection_strategy", dense_ ? "dense" : "remap");
    debug_set(debug, "segments_with_single_valued_ords", single_segments_);
    debug_set(debug, "segments_with_multi_valued_ords", multi_segments_);
    debug_set(debug, "has_filter", filter_.active());
  }

 private:
  static constexpr uint32_t kMissingTerm = UINT32_MAX;  // global_of_: the extra "missing" bucket

  void enter(size_t si) {
    segment_ = si;
    column_ = ords_.column(si);
    mapping_ = ords_.to_global(si);
    single_ = column_ && !column_->dense_ordinals().empty() ? column_->dense_ordinals().data() : nullptr;
    // As OpenSearch: a segment without the field reads as single-valued (no values at all).
    if (column_ == nullptr || single_ != nullptr)
      ++single_segments_;
    else
      ++multi_segments_;
  }

  void collect_global(uint32_t global, size_t si, uint32_t doc, float score) {
    if (dense_) return hit(global, si, doc, score);
    int64_t b = bucket_of(global);
    if (b >= 0) hit(static_cast<size_t>(b), si, doc, score);
  }

  // remap: the bucket of a global ordinal, made on first sight; -1 when include/exclude drop it.
  int64_t bucket_of(uint32_t global) {
    auto it = remap_.find(global);
    if (it != remap_.end()) return it->second;
    std::string_view bytes = ords_.lookup(global);
    bool accepted = filter_.accepts(text_of(bytes)) && filter_.in_partition(bytes);
    int64_t b = accepted ? static_cast<int64_t>(add_bucket()) : -1;
    if (accepted) global_of_.push_back(global);
    remap_.emplace(global, b);
    return b;
  }

  // `missing`: docs without a value count under the missing term, merged with that term's
  // bucket when some doc has it.
  void collect_missing(size_t si, uint32_t doc, float score) {
    if (!spec_.missing_text) return;
    if (!missing_resolved_) resolve_missing();
    if (missing_global_) return collect_global(*missing_global_, si, doc, score);
    if (missing_bucket_ >= 0) hit(static_cast<size_t>(missing_bucket_), si, doc, score);
  }
  void resolve_missing() {
    missing_resolved_ = true;
    std::string bytes = *spec_.missing_text;
    if (spec_.field.kind == ValueKind::ip) {
      if (auto ip = mapping::parse_ip(bytes)) bytes = mapping::ip_bytes_to_string(*ip);
    }
    missing_global_ = ords_.find(bytes);
    if (missing_global_) return;
    if (!filter_.accepts(*spec_.missing_text) || !filter_.in_partition(*spec_.missing_text)) return;
    missing_bucket_ = static_cast<int64_t>(add_bucket());
    if (!dense_) global_of_.push_back(kMissingTerm);
  }

  std::string text_of(std::string_view bytes) const {
    return spec_.field.kind == ValueKind::ip ? ip_text(bytes) : std::string(bytes);
  }
  Json bucket_key(size_t bucket) const override {
    if (static_cast<int64_t>(bucket) == missing_bucket_) return Json(*spec_.missing_text);
    uint32_t global = dense_ ? static_cast<uint32_t>(bucket) : global_of_[bucket];
    return Json(text_of(ords_.lookup(global)));
  }

  GlobalOrdinals ords_;
  TermFilter filter_;
  bool dense_ = false;
  std::unordered_map<uint32_t, int64_t> remap_;  // remap: global ordinal → bucket (-1 dropped)
  std::vector<uint32_t> global_of_;              // remap: bucket → global ordinal
  bool missing_resolved_ = false;
  std::optional<uint32_t> missing_global_;
  int64_t missing_bucket_ = -1;
  // The segment being collected.
  size_t segment_ = SIZE_MAX;
  const segment::SortedSetDocValues* column_ = nullptr;
  const uint32_t* mapping_ = nullptr;
  const uint32_t* single_ = nullptr;
  uint64_t single_segments_ = 0, multi_segments_ = 0;
};

}  // namespace

std::unique_ptr<AggCollector> make_global_ordinals_terms_collector(const AggregationSpec& spec,
                                                                   const ShardContext& ctx) {
  return std::make_unique<GlobalOrdinalsTermsCollector>(spec, ctx, GlobalOrdinals(spec, ctx));
}

}  // namespace pharos::query::agg
