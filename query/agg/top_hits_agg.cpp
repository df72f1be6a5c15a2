// top_hits: the best docs of a bucket by score or by doc-values fields, with their _source.
// The shard keeps only from+size candidates; _source is read when the partial is built.
#include <algorithm>
#include <cmath>

#include "query/agg/agg_collector.h"

namespace pharos::query::agg {
namespace {

struct Hit {
  size_t segment;
  uint32_t doc;
  float score;
  Json sort;  // array of sort values (null = missing)
};

// Compares sort arrays; missing values sort last in both directions (OpenSearch's default).
bool hit_less(const AggregationSpec& spec, const Json& a, const Json& b) {
  for (size_t i = 0; i < spec.sort.size() && i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (a[i].is_null()) return false;
    if (b[i].is_null()) return true;
    return spec.sort[i].ascending ? a[i] < b[i] : b[i] < a[i];
  }
  return false;
}

class TopHitsCollector final : public AggCollector {
 public:
  TopHitsCollector(const AggregationSpec& spec, const ShardContext& ctx) : spec_(spec), ctx_(ctx) {}
  void collect(size_t si, uint32_t doc, float score) override {
    ++total_;
    Hit h{si, doc, score, Json::array()};
    const auto& seg = *(*ctx_.segments)[si].segment;
    for (const auto& f : spec_.sort) {
      if (f.field == "_score") {
        h.sort.push_back(score);
        continue;
      }
      Json v = nullptr;
      if (f.kind == ValueKind::keyword) {
        const auto* dv = seg.keyword_doc_values(f.field);
        if (dv && dv->value_count(doc) > 0)
          v = std::string(dv->lookup(dv->ordinal(doc, f.ascending ? 0 : dv->value_count(doc) - 1)));
      } else {
        FieldRef ref{f.field, f.kind, 1.0};
        for_each_number(ref, seg, doc, [&](double x) {
          if (v.is_null() || (f.ascending ? x < v.get<double>() : x > v.get<double>())) v = x;
        });
        if (v.is_number() && f.kind != ValueKind::floating && f.kind != ValueKind::scaled)
          v = static_cast<int64_t>(v.get<double>());
      }
      h.sort.push_back(v);
    }
    hits_.push_back(std::move(h));
    size_t keep = static_cast<size_t>(spec_.from) + spec_.size;
    if (hits_.size() > 2 * keep + 64) trim(hits_, keep);
  }
  Json partial() const override {
    std::vector<Hit> best = hits_;
    trim(best, static_cast<size_t>(spec_.from) + spec_.size);
    Json list = Json::array();
    for (const auto& h : best) {
      const auto& ref = (*ctx_.segments)[h.segment];
      Json j = {{"_id", std::string(ref.segment->id(h.doc))}, {"_score", h.score}, {"_sort", h.sort}};
      if (spec_.fetch_source) {
        auto src = ref.segment->source(h.doc);
        if (src) {
          Json parsed = Json::parse(*src, nullptr, false);
          if (!parsed.is_discarded()) j["_source"] = std::move(parsed);
        }
      }
      list.push_back(std::move(j));
    }
    return {{"total", total_}, {"hits", list}};
  }

 private:
  void trim(std::vector<Hit>& hits, size_t keep) const {
    auto less = [this](const Hit& a, const Hit& b) {
      if (spec_.sort.empty())
        return a.score > b.score ||
               (a.score == b.score && std::tie(a.segment, a.doc) < std::tie(b.segment, b.doc));
      if (hit_less(spec_, a.sort, b.sort)) return true;
      if (hit_less(spec_, b.sort, a.sort)) return false;
      return std::tie(a.segment, a.doc) < std::tie(b.segment, b.doc);
    };
    std::stable_sort(hits.begin(), hits.end(), less);
    if (hits.size() > keep) hits.resize(keep);
  }
  const AggregationSpec& spec_;
  const ShardContext& ctx_;
  std::vector<Hit> hits_;
  uint64_t total_ = 0;
};

}  // namespace

std::unique_ptr<AggCollector> make_top_hits_collector(const AggregationSpec& spec, const ShardContext& ctx) {
  return std::make_unique<TopHitsCollector>(spec, ctx);
}

Json reduce_top_hits(const AggregationSpec& spec, const std::vector<const Json*>& partials) {
  uint64_t total = 0;
  std::vector<Json> all;
  for (const Json* p : partials) {
    if (p == nullptr || !p->is_object()) continue;
    total += p->value("total", uint64_t{0});
    if (p->contains("hits"))
      for (const auto& h : (*p)["hits"]) all.push_back(h);
  }
  std::stable_sort(all.begin(), all.end(), [&](const Json& a, const Json& b) {
    if (spec.sort.empty()) return a["_score"].get<double>() > b["_score"].get<double>();
    return hit_less(spec, a["_sort"], b["_sort"]);
  });
  Json hits = Json::array();
  double max_score = 0;
  bool by_score = spec.sort.empty();
  for (size_t i = spec.from; i < all.size() && hits.size() < spec.size; ++i) {
    Json h = Json::object();
    h["_id"] = all[i]["_id"];
    h["_score"] = by_score ? all[i]["_score"] : Json(nullptr);
    if (all[i].contains("_source")) h["_source"] = all[i]["_source"];
    if (!by_score) h["sort"] = all[i]["_sort"];
    if (by_score) max_score = std::max(max_score, all[i]["_score"].get<double>());
    hits.push_back(std::move(h));
  }
  Json out = {{"total", {{"value", total}, {"relation", "eq"}}}};
  out["max_score"] = by_score && !hits.empty() ? Json(max_score) : Json(nullptr);
  out["hits"] = hits;
  return {{"hits", out}};
}

}  // namespace pharos::query::agg
