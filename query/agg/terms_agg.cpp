// terms: buckets per distinct value. Keyword/ip fields count by segment ordinal and map
// ordinals to strings once per segment (no per-doc string work); numeric fields key by value.
// Each shard returns its top shard_size buckets; the reduce merges them by key and computes
// doc_count_error_upper_bound and sum_other_doc_count as OpenSearch does.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "index/mapping/ip_address.h"
#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

bool is_string_kind(ValueKind k) {
  return k == ValueKind::keyword || k == ValueKind::ip || k == ValueKind::unmapped;
}

std::string ip_text(std::string_view bytes) {
  if (bytes.size() != 16) return std::string(bytes);
  mapping::IpBytes b{};
  std::copy(bytes.begin(), bytes.end(), b.begin());
  return mapping::format_ip(b);
}

// Lucene's StringHelper.murmurhash3_x86_32 (terms partitions hash strings with it, seed 31).
int32_t murmurhash3_x86_32(std::string_view data, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  uint32_t h = seed;
  size_t blocks = data.size() / 4 * 4;
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(data[i])); };
  for (size_t i = 0; i < blocks; i += 4) {
    uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
    k = rotl(k * c1, 15) * c2;
    h ^= k;
    h = rotl(h, 13) * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (data.size() & 3) {
    case 3:
      k ^= byte(blocks + 2) << 16;
      [[fallthrough]];
    case 2:
      k ^= byte(blocks + 1) << 8;
      [[fallthrough]];
    case 1:
      k ^= byte(blocks);
      h ^= rotl(k * c1, 15) * c2;
  }
  h ^= static_cast<uint32_t>(data.size());
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

// HPPC's BitMixer.mix64 (terms partitions hash longs with it).
int64_t mix64(uint64_t z) {
  z = (z ^ (z >> 32)) * 0x4cd6944c5cc20b6dULL;
  z = (z ^ (z >> 29)) * 0xfc12c5b19d3259e9ULL;
  return static_cast<int64_t>(z ^ (z >> 32));
}

int64_t floor_mod(int64_t a, int64_t n) { return ((a % n) + n) % n; }

// Lucene's NumericUtils.doubleToSortableLong: how double terms are hashed into partitions.
int64_t double_to_sortable_long(double v) {
  int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits ^ ((bits >> 63) & 0x7fffffffffffffffLL);
}

class TermFilter {
 public:
  explicit TermFilter(const AggregationSpec& s) : s_(s) {
    if (s.include_regex) include_ = std::make_unique<RE2>(*s.include_regex, RE2::Quiet);
    if (s.exclude_regex) exclude_ = std::make_unique<RE2>(*s.exclude_regex, RE2::Quiet);
  }
  bool accepts(const std::string& text) const {
    if (include_ && (!include_->ok() || !RE2::FullMatch(text, *include_))) return false;
    if (exclude_ && exclude_->ok() && RE2::FullMatch(text, *exclude_)) return false;
    if (!s_.include_terms.empty() && !contains(s_.include_terms, text)) return false;
    if (!s_.exclude_terms.empty() && contains(s_.exclude_terms, text)) return false;
    return true;
  }
  bool active() const {
    return include_ || exclude_ || !s_.include_terms.empty() || !s_.exclude_terms.empty() ||
           s_.num_partitions > 0;
  }
  // include {"partition", "num_partitions"}: strings by their bytes, numbers by their long bits.
  bool in_partition(std::string_view bytes) const {
    return s_.num_partitions == 0 ||
           floor_mod(murmurhash3_x86_32(bytes, 31), s_.num_partitions) == s_.partition;
  }
  bool in_partition(int64_t bits) const {
    return s_.num_partitions == 0 || floor_mod(mix64(static_cast<uint64_t>(bits)), s_.num_partitions) ==
                                         static_cast<int64_t>(s_.partition);
  }

 private:
  bool contains(const std::vector<std::string>& list, const std::string& text) const {
    for (const auto& t : list) {
      if (t == text) return true;
      if (!is_string_kind(s_.field.kind)) {  // numeric lists compare as numbers ("1" == 1.0)
        char* end = nullptr;
        double a = std::strtod(t.c_str(), &end), b = std::strtod(text.c_str(), nullptr);
        if (end && *end == '\0' && a == b) return true;
      }
    }
    return false;
  }
  const AggregationSpec& s_;
  std::unique_ptr<RE2> include_, exclude_;
};

std::string number_text(double v, ValueKind kind) {
  if (kind == ValueKind::floating || kind == ValueKind::scaled) return double_to_java_string(v);
  return std::to_string(static_cast<int64_t>(v));
}

class TermsCollector final : public AggCollector {
 public:
  TermsCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), cols_(spec.field, *ctx.segments), filter_(spec) {
    ords_.resize(ctx.segments->size());
    if (spec.min_doc_count == 0 && is_string_kind(spec.field.kind)) {
      for (size_t si = 0; si < ctx.segments->size(); ++si) {
        const auto* dv = cols_.keywords(si);
        for (uint32_t o = 0; dv && o < dv->ordinal_count(); ++o) bucket_for_ord(si, *dv, o);
      }
    }
  }

  void collect(size_t si, uint32_t doc, float score) override {
    if (is_string_kind(spec_.field.kind)) {
      const auto* dv = cols_.keywords(si);
      uint32_t n = dv ? dv->value_count(doc) : 0;
      for (uint32_t i = 0; i < n; ++i) {
        int64_t b = bucket_for_ord(si, *dv, dv->ordinal(doc, i));
        if (b >= 0) hit(static_cast<size_t>(b), si, doc, score);
      }
      if (n == 0 && spec_.missing_text) hit_string(*spec_.missing_text, si, doc, score);
      return;
    }
    bool any = false;
    if (is_integral_kind(spec_.field.kind)) {
      std::optional<int64_t> previous;
      cols_.for_each_integer(si, doc, [&](int64_t v) {
        any = true;
        if (previous == v) return;  // a doc counts once per distinct value
        previous = v;
        hit_integer(v, si, doc, score);
      });
      if (!any && spec_.missing_number)
        hit_integer(static_cast<int64_t>(*spec_.missing_number), si, doc, score);
      return;
    }
    double last = std::nan("");
    cols_.for_each_number(si, doc, [&](double v) {
      any = true;
      if (v == last) return;  // a doc counts once per distinct value
      last = v;
      hit_number(v, si, doc, score);
    });
    if (!any && spec_.missing_number) hit_number(*spec_.missing_number, si, doc, score);
  }

  Json partial() const override;

 private:
  struct Bucket {
    Json key;
    uint64_t count = 0;
    std::unique_ptr<SubCollectors> subs;
  };

  int64_t bucket_for_ord(size_t si, const segment::SortedSetDocValues& dv, uint32_t ord) {
    auto& map = ords_[si];
    if (map.empty()) map.assign(dv.ordinal_count(), kUnset);
    if (ord >= map.size()) return -1;
    if (map[ord] == kUnset) {
      std::string text =
          spec_.field.kind == ValueKind::ip ? ip_text(dv.lookup(ord)) : std::string(dv.lookup(ord));
      bool accepted = filter_.accepts(text) && filter_.in_partition(dv.lookup(ord));
      map[ord] = accepted ? static_cast<int64_t>(string_bucket(text)) : -1;
    }
    return map[ord];
  }
  size_t string_bucket(const std::string& text) {
    auto [it, inserted] = by_string_.try_emplace(text, buckets_.size());
    if (inserted) new_bucket(Json(text));
    return it->second;
  }
  void new_bucket(Json key) {
    Bucket b;
    b.key = std::move(key);
    if (!spec_.subs.empty()) b.subs = std::make_unique<SubCollectors>(spec_, ctx_);
    buckets_.push_back(std::move(b));
  }
  void hit(size_t b, size_t si, uint32_t doc, float score) {
    ++buckets_[b].count;
    if (buckets_[b].subs) buckets_[b].subs->collect(si, doc, score);
  }
  void hit_string(const std::string& text, size_t si, uint32_t doc, float score) {
    if (filter_.accepts(text) && filter_.in_partition(text)) hit(string_bucket(text), si, doc, score);
  }
  static bool is_integral_kind(ValueKind kind) {
    return kind == ValueKind::integer || kind == ValueKind::date || kind == ValueKind::boolean;
  }
  void hit_integer(int64_t v, size_t si, uint32_t doc, float score) {
    auto it = by_integer_.find(v);
    if (it == by_integer_.end()) {
      bool is_unsigned = spec_.field.unsigned_long;
      std::string text = is_unsigned ? std::to_string(static_cast<uint64_t>(v)) : std::to_string(v);
      if (filter_.active() && !(filter_.accepts(text) && filter_.in_partition(v))) return;
      it = by_integer_.emplace(v, buckets_.size()).first;
      new_bucket(is_unsigned ? Json(static_cast<uint64_t>(v)) : Json(v));
    }
    hit(it->second, si, doc, score);
  }
  void hit_number(double v, size_t si, uint32_t doc, float score) {
    auto it = by_number_.find(v);
    if (it == by_number_.end()) {
      if (filter_.active() && !(filter_.accepts(number_text(v, spec_.field.kind)) &&
                                filter_.in_partition(double_to_sortable_long(v))))
        return;
      it = by_number_.emplace(v, buckets_.size()).first;
      bool integral = spec_.field.kind != ValueKind::floating && spec_.field.kind != ValueKind::scaled;
      new_bucket(integral ? Json(static_cast<int64_t>(v)) : Json(v));
    }
    hit(it->second, si, doc, score);
  }

  static constexpr int64_t kUnset = -2;
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  FieldColumns cols_;
  TermFilter filter_;
  std::vector<std::vector<int64_t>> ords_;  // per segment: ordinal → bucket (-1 excluded)
  std::unordered_map<std::string, size_t> by_string_;
  std::map<double, size_t> by_number_;
  std::unordered_map<int64_t, size_t> by_integer_;
  std::vector<Bucket> buckets_;
};

// A bucket being ordered: its key, count and the sub-aggregation partials (one per shard).
struct OrderedBucket {
  Json key;
  uint64_t count = 0;
  std::vector<const Json*> sub_partials;
  std::vector<double> sort_values;  // one per order criterion (unused for _key)
};

// Orders buckets by the spec's order; ties by key ascending, as OpenSearch does.
void sort_buckets(const AggregationSpec& spec, std::vector<OrderedBucket>& buckets) {
  std::vector<BucketOrder> order = spec.order;
  if (order.empty()) order.push_back({"_count", false});
  for (auto& b : buckets) {
    b.sort_values.clear();
    for (const auto& o : order)
      b.sort_values.push_back(o.key == "_count" ? double(b.count)
                              : o.key == "_key" ? 0.0
                                                : sub_agg_sort_value(spec, b.sub_partials, o.key));
  }
  std::stable_sort(buckets.begin(), buckets.end(), [&](const OrderedBucket& a, const OrderedBucket& b) {
    for (size_t k = 0; k < order.size(); ++k) {
      if (order[k].key == "_key") {
        if (a.key == b.key) continue;
        return order[k].ascending ? a.key < b.key : b.key < a.key;
      }
      double x = a.sort_values[k], y = b.sort_values[k];
      if (std::isnan(x) && std::isnan(y)) continue;
      if (std::isnan(x)) return false;  // missing values sort last either way
      if (std::isnan(y)) return true;
      if (x != y) return order[k].ascending ? x < y : x > y;
    }
    return a.key < b.key;
  });
}

uint32_t shard_size_of(const AggregationSpec& spec) {
  if (spec.shard_size > 0) return std::max(spec.shard_size, spec.size);
  return static_cast<uint32_t>(std::min<uint64_t>(spec.size * 3ull / 2 + 10, UINT32_MAX));
}

Json TermsCollector::partial() const {
  std::vector<Json> sub_partials(buckets_.size());
  std::vector<OrderedBucket> list;
  list.reserve(buckets_.size());
  for (size_t i = 0; i < buckets_.size(); ++i) {
    OrderedBucket b{buckets_[i].key, buckets_[i].count, {}, {}};
    if (buckets_[i].subs) {
      sub_partials[i] = buckets_[i].subs->partial();
      b.sub_partials.push_back(&sub_partials[i]);
    }
    list.push_back(std::move(b));
  }
  sort_buckets(spec_, list);
  uint32_t limit = shard_size_of(spec_);
  uint64_t other = 0;
  bool truncated = list.size() > limit;
  for (size_t i = limit; i < list.size(); ++i) other += list[i].count;
  if (truncated) list.resize(limit);
  Json out = Json::array();
  for (const auto& b : list) {
    Json j = {{"key", b.key}, {"doc_count", b.count}};
    if (!b.sub_partials.empty()) j["aggs"] = *b.sub_partials.front();
    out.push_back(std::move(j));
  }
  return {{"buckets", std::move(out)}, {"other", other}, {"truncated", truncated}};
}

}  // namespace

std::unique_ptr<AggCollector> make_terms_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<TermsCollector>(spec, ctx);
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
