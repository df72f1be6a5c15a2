#include "segment_test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace pharos::segment::testing {

mapping::ParsedDocument random_doc(std::mt19937& rng, uint32_t n) {
  mapping::ParsedDocument doc;
  doc.id = "doc-" + std::to_string(n * 7 % 1000003);
  if (n % 7 == 0) doc.routing = "r" + std::to_string(n % 3);
  doc.source = "{\"n\":" + std::to_string(n) + ",\"pad\":\"" + std::string(rng() % 200, 'x') + "\"}";
  mapping::InvertedField body;
  body.field = "body";
  body.length = 1 + rng() % 60;
  for (uint32_t p = 0; p < body.length; ++p) {
    uint32_t w = rng() % 8 == 0 ? rng() % 300 : rng() % 12;  // a few frequent words, a long tail
    body.postings.push_back({"w" + std::to_string(w), p, 0, 0});
  }
  doc.inverted.push_back(std::move(body));
  mapping::InvertedField tag;
  tag.field = "tag";
  tag.index_positions = false;
  tag.has_norms = false;
  for (uint32_t i = 0, k = rng() % 3; i < k; ++i) {
    std::string v = "tag" + std::to_string(rng() % 20);
    tag.postings.push_back({v, i, 0, 0});
    doc.keywords.push_back({"tag", v});
  }
  tag.length = static_cast<uint32_t>(tag.postings.size());
  if (!tag.postings.empty()) doc.inverted.push_back(std::move(tag));
  if (rng() % 5) doc.numerics.push_back({"num", static_cast<int64_t>(rng() % 100000) - 500});
  for (uint32_t i = 0, k = rng() % 3; i < k; ++i) doc.numerics.push_back({"multi", static_cast<int64_t>(rng() % 50)});
  if (rng() % 2) doc.floatings.push_back({"price", static_cast<double>(rng() % 10000) / 100.0});
  if (rng() % 3) doc.ips.push_back({"ip", std::string(12, '\0') + std::string(1, char(10)) + "abc"});
  if (rng() % 10 < 7) {
    doc.vectors.push_back({"emb", {float(n), float(rng() % 100), 0.5f, -1.0f}});
  }
  doc.field_names = {"body", "num"};
  return doc;
}

DocMeta meta_for(uint32_t n) { return {static_cast<int64_t>(n), 1 + n % 2, 1 + n % 4}; }

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "pharos_segment_XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? std::string(p) : tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {

std::vector<uint32_t> live_map(const Segment& s, const LiveDocs* live, uint32_t* count) {
  std::vector<uint32_t> map(s.max_doc(), kNoMoreDocs);
  uint32_t n = 0;
  for (uint32_t d = 0; d < s.max_doc(); ++d) {
    if (live == nullptr || live->is_live(d)) map[d] = n++;
  }
  *count = n;
  return map;
}

}  // namespace

SegmentDump dump_segment(const Segment& s, const LiveDocs* live) {
  SegmentDump out;
  uint32_t n = 0;
  std::vector<uint32_t> map = live_map(s, live, &n);
  for (const std::string& field : s.indexed_fields()) {
    auto st = *s.field_stats(field);
    if (live == nullptr) out.field_stats[field] = {st.doc_count, st.sum_doc_freq, st.sum_total_term_freq};
    auto terms = s.terms(field);
    while (terms->next()) {
      std::string term(terms->term());
      auto it = s.postings(field, term);
      std::vector<SegmentDump::Posting> list;
      for (uint32_t d = it->next_doc(); d != kNoMoreDocs; d = it->next_doc()) {
        if (map[d] == kNoMoreDocs) continue;
        SegmentDump::Posting p{map[d], it->freq(), {}};
        for (uint32_t i = 0; i < p.freq && s.has_positions(field); ++i) p.positions.push_back(it->next_position());
        list.push_back(std::move(p));
      }
      if (!list.empty()) out.postings[{field, term}] = std::move(list);
    }
    if (const uint8_t* norms = s.norms(field)) {
      auto& v = out.norms[field];
      for (uint32_t d = 0; d < s.max_doc(); ++d) {
        if (map[d] != kNoMoreDocs) v.push_back(norms[d]);
      }
    }
  }
  for (const std::string& field : s.doc_value_fields()) {
    auto& per_doc = out.doc_values[field];
    for (uint32_t d = 0; d < s.max_doc(); ++d) {
      if (map[d] == kNoMoreDocs) continue;
      std::vector<std::string> vals;
      if (auto* dv = s.numeric_doc_values(field)) {
        for (uint32_t i = 0; i < dv->value_count(d); ++i) vals.push_back("n" + std::to_string(dv->value(d, i)));
      }
      if (auto* dv = s.floating_doc_values(field)) {
        for (uint32_t i = 0; i < dv->value_count(d); ++i) vals.push_back("f" + std::to_string(dv->value(d, i)));
      }
      if (auto* dv = s.keyword_doc_values(field)) {
        for (uint32_t i = 0; i < dv->value_count(d); ++i) vals.push_back("k" + std::string(dv->lookup(dv->ordinal(d, i))));
      }
      per_doc.push_back(std::move(vals));
    }
  }
  for (const std::string& field : s.vector_fields()) {
    auto* vv = s.vectors(field);
    auto& rows = out.vectors[field];
    for (uint32_t d = 0; d < s.max_doc(); ++d) {
      if (map[d] == kNoMoreDocs) continue;
      auto row = vv->vector(d);
      rows.emplace_back(row.begin(), row.end());
    }
  }
  for (uint32_t d = 0; d < s.max_doc(); ++d) {
    if (map[d] == kNoMoreDocs) continue;
    auto src = s.source(d);
    out.sources.push_back(src.is_ok() ? *src : "<error>");
    out.ids.emplace_back(s.id(d));
    out.routings.emplace_back(s.routing(d));
    DocMeta m = s.meta(d);
    out.metas.emplace_back(m.seq_no, m.primary_term, m.version);
  }
  return out;
}

}  // namespace pharos::segment::testing
