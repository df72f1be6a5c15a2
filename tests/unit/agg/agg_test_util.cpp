#include "tests/unit/agg/agg_test_util.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "index/analysis/analysis_registry.h"
#include "index/mapping/ip_address.h"
#include "index/mapping/parsed_document.h"
#include "index/segment/segment_writer.h"

namespace pharos::query::testing {

const mapping::Mapping& test_mapping() {
  static const mapping::Mapping m = [] {
    auto body = nlohmann::json::parse(R"({"properties":{
      "genre":{"type":"keyword"}, "price":{"type":"double"}, "count":{"type":"long"},
      "date":{"type":"date"}, "flag":{"type":"boolean"}, "ip":{"type":"ip"},
      "rating":{"type":"scaled_float","scaling_factor":100},
      "title":{"type":"text","fields":{"keyword":{"type":"keyword"}}}}})");
    auto r = mapping::Mapping::parse(body, *analysis::AnalysisRegistry::builtin());
    if (!r) std::abort();
    return *r;
  }();
  return m;
}

namespace {

mapping::ParsedDocument to_doc(const Row& r, uint32_t n) {
  mapping::ParsedDocument d;
  d.id = "d" + std::to_string(n);
  nlohmann::json src = {{"n", n}};
  mapping::InvertedField terms;  // keyword postings, so filter queries (term) can match
  terms.field = "genre";
  terms.index_positions = false;
  terms.has_norms = false;
  for (const auto& g : r.genre) {
    d.keywords.push_back({"genre", g});
    terms.postings.push_back({g, static_cast<uint32_t>(terms.postings.size()), 0, 0});
  }
  terms.length = static_cast<uint32_t>(terms.postings.size());
  if (!r.genre.empty()) {
    src["genre"] = r.genre;
    d.inverted.push_back(std::move(terms));
    d.field_names.push_back("genre");
  }
  if (r.price) d.floatings.push_back({"price", *r.price}), src["price"] = *r.price;
  if (r.count) d.numerics.push_back({"count", *r.count}), src["count"] = *r.count;
  if (r.date) d.numerics.push_back({"date", *r.date}), src["date"] = *r.date;
  if (r.flag) d.numerics.push_back({"flag", *r.flag ? 1 : 0}), src["flag"] = *r.flag;
  if (r.ip) {
    auto b = mapping::parse_ip(*r.ip);
    if (b) d.ips.push_back({"ip", mapping::ip_bytes_to_string(*b)});
    src["ip"] = *r.ip;
  }
  if (r.rating)
    d.numerics.push_back({"rating", static_cast<int64_t>(std::llround(*r.rating * 100))}),
        src["rating"] = *r.rating;
  d.source = src.dump();
  return d;
}

}  // namespace

AggHarness::AggHarness(const std::vector<std::vector<Row>>& shards) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "pharos_agg_XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  dir_ = p ? std::string(p) : tmpl;
  uint32_t n = 0, seg_no = 0;
  for (const auto& rows : shards) {
    std::vector<search::SegmentRef> refs;
    size_t half = (rows.size() + 1) / 2;
    for (size_t part = 0; part < 2; ++part) {
      segment::SegmentWriter writer;
      for (size_t i = part == 0 ? 0 : half; i < (part == 0 ? half : rows.size()); ++i)
        writer.add(to_doc(rows[i], n++), segment::DocMeta{});
      if (writer.doc_count() == 0) continue;
      std::string name = "_" + std::to_string(seg_no++);
      auto info = writer.write(dir_, name);
      EXPECT_TRUE(info.is_ok()) << info.status().to_string();
      if (!info) continue;
      auto seg = segment::Segment::open(dir_, *info);
      EXPECT_TRUE(seg.is_ok()) << seg.status().to_string();
      if (!seg) continue;
      segments_.push_back(*seg);
      refs.push_back({segments_.back().get(), nullptr, 0});
    }
    shards_.push_back(std::move(refs));
  }
}

AggHarness::~AggHarness() {
  segments_.clear();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Result<std::shared_ptr<const AggregationSpec>> AggHarness::parse(const nlohmann::json& aggs) const {
  QueryParseContext ctx;
  ctx.mapping = &test_mapping();
  ctx.analysis = analysis::AnalysisRegistry::builtin().get();
  return parse_aggregations(aggs, ctx);
}

nlohmann::json AggHarness::run(const nlohmann::json& aggs, bool typed_keys) const {
  auto spec = parse(aggs);
  EXPECT_TRUE(spec.is_ok()) << spec.status().to_string();
  if (!spec) return nullptr;
  std::vector<nlohmann::json> partials;
  for (const auto& refs : shards_) {
    ShardAggregator agg(*spec, refs);
    for (size_t s = 0; s < refs.size(); ++s)
      for (uint32_t d = 0; d < refs[s].segment->max_doc(); ++d) agg.collect(s, d, 1.0f + 0.1f * float(d));
    partials.push_back(nlohmann::json::parse(agg.partial().dump()));  // partials must survive the wire
  }
  return reduce_aggregations(**spec, partials, typed_keys);
}

}  // namespace pharos::query::testing
