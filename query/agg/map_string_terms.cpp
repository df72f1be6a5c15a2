// terms on keyword/ip with execution_hint "map" (OpenSearch's MapStringTermsAggregator): each
// value's term bytes are looked up in a hash map of term → bucket. No global ordinals are
// built (nothing is added to the shard's fielddata), at the price of a hash lookup of the
// bytes for every value collected; good for few matching docs over a field with many terms.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "index/mapping/ip_address.h"
#include "query/agg/terms_collector.h"
#include "query/agg/terms_filter.h"

namespace pharos::query::agg {
namespace {

struct BytesHash {
  using is_transparent = void;  // find() by string_view: no copy of the bytes per lookup
  size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>{}(bytes); }
};

class MapStringTermsCollector final : public TermsCollector {
 public:
  MapStringTermsCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : TermsCollector(spec, ctx, -1), filter_(spec) {
    for (const auto& ref : *ctx.segments)
      columns_.push_back(ref.segment ? ref.segment->keyword_doc_values(spec.field.name) : nullptr);
    if (spec.min_doc_count != 0) return;
    for (const auto* column : columns_) {  // every term of the shard gets a (maybe empty) bucket
      for (uint32_t o = 0; column && o < column->ordinal_count(); ++o) (void)bucket_of(column->lookup(o));
    }
  }

  void collect(size_t si, uint32_t doc, float score) override {
    const segment::SortedSetDocValues* column = si < columns_.size() ? columns_[si] : nullptr;
    uint32_t n = column ? column->value_count(doc) : 0;
    for (uint32_t i = 0; i < n; ++i) {
      int64_t b = bucket_of(column->lookup(column->ordinal(doc, i)));
      if (b >= 0) hit(static_cast<size_t>(b), si, doc, score);
    }
    if (n == 0 && spec_.missing_text) collect_missing(si, doc, score);
  }

 private:
  // The bucket of a term, made on first sight; -1 when include/exclude drop it.
  int64_t bucket_of(std::string_view bytes) {
    auto it = buckets_.find(bytes);
    if (it != buckets_.end()) return it->second;
    std::string text = text_of(bytes);
    int64_t b = -1;
    if (filter_.accepts(text) && filter_.in_partition(bytes)) {
      b = static_cast<int64_t>(add_bucket());
      keys_.emplace_back(std::move(text));
    }
    buckets_.emplace(std::string(bytes), b);
    return b;
  }

  // `missing`: docs without a value count under the missing term (an ip as its 16 bytes, so it
  // merges with the same address indexed).
  void collect_missing(size_t si, uint32_t doc, float score) {
    if (!missing_bytes_) {
      missing_bytes_ = *spec_.missing_text;
      if (spec_.field.kind == ValueKind::ip) {
        if (auto ip = mapping::parse_ip(*missing_bytes_)) missing_bytes_ = mapping::ip_bytes_to_string(*ip);
      }
    }
    int64_t b = bucket_of(*missing_bytes_);
    if (b >= 0) hit(static_cast<size_t>(b), si, doc, score);
  }

  std::string text_of(std::string_view bytes) const {
    return spec_.field.kind == ValueKind::ip ? ip_text(bytes) : std::string(bytes);
  }
  Json bucket_key(size_t bucket) const override { return keys_[bucket]; }

  TermFilter filter_;
  std::vector<const segment::SortedSetDocValues*> columns_;
  std::unordered_map<std::string, int64_t, BytesHash, std::equal_to<>> buckets_;  // bytes → bucket
  std::vector<Json> keys_;                                                        // bucket → key
  std::optional<std::string> missing_bytes_;
};

}  // namespace

std::unique_ptr<AggCollector> make_map_string_terms_collector(const AggregationSpec& spec,
                                                              const ShardContext& ctx) {
  return std::make_unique<MapStringTermsCollector>(spec, ctx);
}

}  // namespace pharos::query::agg
