// composite: pages through every combination of its sources' values in key order. Each shard
// keeps only the `size` smallest keys after `after`; the reduce merges and cuts again, and the
// last key becomes after_key for the next page.
#include <algorithm>
#include <cmath>
#include <map>

#include "index/mapping/ip_address.h"
#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

// Orders key tuples source by source (null = missing sorts first ascending), in each source's direction.
struct KeyLess {
  const AggregationSpec* spec;
  bool operator()(const Json& a, const Json& b) const {
    for (size_t i = 0; i < spec->sources.size() && i < a.size() && i < b.size(); ++i) {
      if (a[i] == b[i]) continue;
      bool asc = spec->sources[i]->order.empty() || spec->sources[i]->order[0].ascending;
      bool less;
      if (a[i].is_null())
        less = true;
      else if (b[i].is_null())
        less = false;
      else if (a[i].is_number() && b[i].is_number())
        less = a[i].get<double>() < b[i].get<double>();
      else
        less = a[i] < b[i];
      return asc ? less : !less;
    }
    return false;
  }
};

// Values of one source for a doc (distinct, as JSON), or {null} for a missing_bucket.
std::vector<Json> source_values(const AggregationSpec& src, const segment::Segment& seg, uint32_t doc) {
  std::vector<Json> out;
  if (src.field.kind == ValueKind::keyword || src.field.kind == ValueKind::ip) {
    const auto* dv = seg.keyword_doc_values(src.field.name);
    for (uint32_t i = 0, n = dv ? dv->value_count(doc) : 0; i < n; ++i) {
      std::string_view v = dv->lookup(dv->ordinal(doc, i));
      if (src.field.kind == ValueKind::ip && v.size() == 16) {
        mapping::IpBytes b{};
        std::copy(v.begin(), v.end(), b.begin());
        out.emplace_back(mapping::format_ip(b));
      } else {
        out.emplace_back(std::string(v));
      }
    }
  } else {
    bool integral = src.field.kind != ValueKind::floating && src.field.kind != ValueKind::scaled;
    for_each_number(src.field, seg, doc, [&](double v) {
      if (src.type == AggType::terms) {
        out.push_back(integral ? Json(static_cast<int64_t>(v)) : Json(v));
      } else {
        double k = histogram_bucket_key(src, v);
        out.push_back(src.type == AggType::date_histogram ? Json(static_cast<int64_t>(k)) : Json(k));
      }
    });
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty() && src.missing_bucket) out.emplace_back(nullptr);
  return out;
}

class CompositeCollector final : public AggCollector {
 public:
  CompositeCollector(const AggregationSpec& spec, const ShardContext& ctx)
      : spec_(spec), ctx_(ctx), buckets_(KeyLess{&spec}) {
    if (!spec.after_json.empty()) {
      Json after = Json::parse(spec.after_json, nullptr, false);
      if (after.is_object()) {
        after_ = Json::array();
        for (const auto& s : spec.sources) after_->push_back(after.value(s->name, Json(nullptr)));
      }
    }
  }

  void collect(size_t si, uint32_t doc, float score) override {
    const auto& seg = *(*ctx_.segments)[si].segment;
    std::vector<std::vector<Json>> values;
    for (const auto& s : spec_.sources) {
      values.push_back(source_values(*s, seg, doc));
      if (values.back().empty()) return;  // a source without values (and no missing_bucket) drops the doc
    }
    // Every combination of the sources' values (docs with multi-valued fields land in several buckets).
    std::vector<size_t> idx(values.size(), 0);
    for (size_t combos = 0; combos < 10000; ++combos) {
      Json key = Json::array();
      for (size_t i = 0; i < values.size(); ++i) key.push_back(values[i][idx[i]]);
      add(std::move(key), si, doc, score);
      size_t i = 0;
      while (i < idx.size() && ++idx[i] == values[i].size()) idx[i++] = 0;
      if (i == idx.size()) break;
    }
  }

  Json partial() const override { return keyed_buckets_partial(buckets_); }

 private:
  struct Bucket {
    uint64_t count = 0;
    std::unique_ptr<SubCollectors> subs;
  };
  void add(Json key, size_t si, uint32_t doc, float score) {
    KeyLess less{&spec_};
    if (after_ && !less(*after_, key)) return;
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      // Full and beyond the current last key: this key cannot be on the page.
      if (buckets_.size() >= spec_.size && !less(key, buckets_.rbegin()->first)) return;
      it = buckets_.emplace(std::move(key), Bucket{}).first;
      if (!spec_.subs.empty()) it->second.subs = std::make_unique<SubCollectors>(spec_, ctx_);
      if (buckets_.size() > spec_.size) buckets_.erase(std::prev(buckets_.end()));
      it = buckets_.find(it->first);
      if (it == buckets_.end()) return;
    }
    ++it->second.count;
    if (it->second.subs) it->second.subs->collect(si, doc, score);
  }
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  std::optional<Json> after_;
  std::map<Json, Bucket, KeyLess> buckets_;
};

}  // namespace

std::unique_ptr<AggCollector> make_composite_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<CompositeCollector>(spec, ctx);
}

Json reduce_composite(const AggregationSpec& spec, const std::vector<const Json*>& partials,
                      bool typed_keys) {
  std::map<Json, std::pair<uint64_t, std::vector<const Json*>>, KeyLess> merged(KeyLess{&spec});
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object()) continue;
    auto bit = p->find("buckets");
    if (bit == p->end() || !bit->is_array()) continue;
    for (const auto& b : *bit) {
      if (!b.is_object() || !b.contains("key") || !b["key"].is_array() ||
          b["key"].size() != spec.sources.size())
        continue;
      auto& m = merged[b["key"]];
      m.first += b.value("doc_count", uint64_t{0});
      if (b.contains("aggs")) m.second.push_back(&b["aggs"]);
    }
  }
  Json buckets = Json::array();
  Json after_key;
  for (const auto& [key, m] : merged) {
    if (buckets.size() >= spec.size) break;
    Json named = Json::object();
    for (size_t i = 0; i < spec.sources.size(); ++i) named[spec.sources[i]->name] = key[i];
    Json b = {{"key", named}, {"doc_count", m.first}};
    reduce_subs(spec, m.second, typed_keys, b);
    buckets.push_back(std::move(b));
    after_key = named;
  }
  Json out = Json::object();
  if (!after_key.is_null()) out["after_key"] = after_key;
  out["buckets"] = buckets;
  return out;
}

}  // namespace pharos::query::agg
