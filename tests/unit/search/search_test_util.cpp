#include "search_test_util.h"

#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "index/codec/small_float.h"
#include "index/mapping/parsed_document.h"
#include "index/segment/segment_writer.h"

namespace pharos::search::testing {

std::vector<ModelDoc> random_docs(std::mt19937& rng, uint32_t count, uint32_t vocabulary) {
  std::vector<ModelDoc> docs(count);
  for (uint32_t i = 0; i < count; ++i) {
    ModelDoc& d = docs[i];
    d.id = "id" + std::to_string(i);
    uint32_t len = rng() % 9 == 0 ? 40 + rng() % 80 : 1 + rng() % 12;  // some long docs: quantised norms
    for (uint32_t p = 0; p < len; ++p) d.body.push_back("w" + std::to_string(rng() % vocabulary));
    for (uint32_t t = 0, k = rng() % 3; t < k; ++t) {
      std::string tag = "t" + std::to_string(rng() % 6);
      if (std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end()) d.tags.push_back(tag);
    }
    std::sort(d.tags.begin(), d.tags.end());
    for (uint32_t t = 0, k = rng() % 3; t < k; ++t) d.nums.push_back(static_cast<int64_t>(rng() % 50) - 10);
    std::sort(d.nums.begin(), d.nums.end());
    if (rng() % 3) d.prices.push_back(static_cast<double>(rng() % 1000) / 10.0);
    d.deleted = rng() % 10 == 0;
  }
  return docs;
}

namespace {

mapping::ParsedDocument to_parsed(const ModelDoc& d) {
  mapping::ParsedDocument p;
  p.id = d.id;
  p.source = "{}";
  if (!d.body.empty()) {
    mapping::InvertedField body;
    body.field = "body";
    for (uint32_t i = 0; i < d.body.size(); ++i) body.postings.push_back({d.body[i], i, 0, 0});
    body.length = static_cast<uint32_t>(d.body.size());
    p.inverted.push_back(std::move(body));
  }
  if (!d.tags.empty()) {
    mapping::InvertedField tag;
    tag.field = "tag";
    tag.index_positions = false;
    tag.has_norms = false;
    for (uint32_t i = 0; i < d.tags.size(); ++i) {
      tag.postings.push_back({d.tags[i], i, 0, 0});
      p.keywords.push_back({"tag", d.tags[i]});
    }
    tag.length = static_cast<uint32_t>(d.tags.size());
    p.inverted.push_back(std::move(tag));
  }
  for (int64_t v : d.nums) p.numerics.push_back({"num", v});
  for (double v : d.prices) p.floatings.push_back({"price", v});
  return p;
}

}  // namespace

TestShard::TestShard(const std::vector<ModelDoc>& docs, const std::vector<uint32_t>& sizes) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "pharos_search_XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data());
  uint32_t next = 0;
  for (size_t s = 0; s < sizes.size(); ++s) {
    segment::SegmentWriter writer;
    auto live = std::make_unique<segment::LiveDocs>();
    for (uint32_t i = 0; i < sizes[s]; ++i) {
      writer.add(to_parsed(docs[next + i]), {static_cast<int64_t>(next + i), 1, 1});
      if (docs[next + i].deleted) live->mark_deleted(i);
    }
    auto info = writer.write(dir_, "_" + std::to_string(s));
    auto seg = segment::Segment::open(dir_, *info);
    segments_.push_back(*seg);
    refs_.push_back({segments_.back().get(), live.get(), next});
    live_.push_back(std::move(live));
    next += sizes[s];
  }
}

TestShard::~TestShard() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

float reference_bm25(float freq, uint32_t length, uint64_t df, uint64_t n, uint64_t sum_ttf, float boost,
                     float k1, float b) {
  float idf = static_cast<float>(std::log(1.0 + (static_cast<double>(n) - df + 0.5) / (df + 0.5)));
  float avgdl = static_cast<float>(static_cast<double>(sum_ttf) / static_cast<double>(n));
  float dl = static_cast<float>(codec::byte4_to_int(codec::int_to_byte4(length)));
  float norm_inverse = 1.0f / (k1 * ((1.0f - b) + b * dl / avgdl));
  float weight = boost * idf;
  return weight - weight / (1.0f + freq * norm_inverse);
}

QueryNode term_query(const std::string& field, const std::string& term, float boost) {
  QueryNode q;
  q.kind = QueryKind::term;
  q.field = field;
  q.terms = {term};
  q.boost = boost;
  return q;
}

namespace {

const std::vector<std::string>& field_tokens(const ModelDoc& d, const std::string& field) {
  return field == "body" ? d.body : d.tags;
}

struct Stats {
  uint64_t n = 0, sum_ttf = 0;
};

Stats field_stats(const std::vector<ModelDoc>& docs, const std::string& field) {
  Stats s;
  for (const ModelDoc& d : docs) {
    const auto& t = field_tokens(d, field);
    if (!t.empty()) ++s.n;
    s.sum_ttf += t.size();
  }
  return s;
}

uint64_t doc_freq(const std::vector<ModelDoc>& docs, const std::string& field, const std::string& term) {
  uint64_t n = 0;
  for (const ModelDoc& d : docs) {
    const auto& t = field_tokens(d, field);
    if (std::find(t.begin(), t.end(), term) != t.end()) ++n;
  }
  return n;
}

uint32_t count(const std::vector<std::string>& v, const std::string& term) {
  return static_cast<uint32_t>(std::count(v.begin(), v.end(), term));
}

std::optional<float> eval_term(const QueryNode& q, const std::vector<ModelDoc>& docs, size_t d, float boost) {
  const auto& tokens = field_tokens(docs[d], q.field);
  uint32_t tf = count(tokens, q.terms[0]);
  if (tf == 0) return std::nullopt;
  Stats st = field_stats(docs, q.field);
  uint32_t length = q.field == "body" ? static_cast<uint32_t>(tokens.size()) : 1;  // keyword: no norms → 1
  return reference_bm25(static_cast<float>(tf), length, doc_freq(docs, q.field, q.terms[0]), st.n, st.sum_ttf,
                        boost);
}

// Exact phrase occurrences (terms at consecutive offsets).
std::optional<float> eval_exact_phrase(const QueryNode& q, const std::vector<ModelDoc>& docs, size_t d,
                                       float boost) {
  const auto& tokens = docs[d].body;
  uint32_t freq = 0;
  for (size_t start = 0; start < tokens.size(); ++start) {
    bool all = true;
    for (size_t i = 0; i < q.terms.size() && all; ++i) {
      size_t p = start + q.positions[i];
      all = p < tokens.size() && tokens[p] == q.terms[i];
    }
    freq += all;
  }
  if (freq == 0) return std::nullopt;
  Stats st = field_stats(docs, "body");
  double idf = 0;
  for (const std::string& t : q.terms) {
    idf += static_cast<float>(
        std::log(1.0 + (st.n - doc_freq(docs, "body", t) + 0.5) / (doc_freq(docs, "body", t) + 0.5)));
  }
  float k1 = 1.2f, b = 0.75f;
  float avgdl = static_cast<float>(static_cast<double>(st.sum_ttf) / st.n);
  float dl =
      static_cast<float>(codec::byte4_to_int(codec::int_to_byte4(static_cast<uint32_t>(tokens.size()))));
  float norm_inverse = 1.0f / (k1 * ((1.0f - b) + b * dl / avgdl));
  float weight = boost * static_cast<float>(idf);
  return weight - weight / (1.0f + static_cast<float>(freq) * norm_inverse);
}

std::optional<float> eval_bool(const QueryNode& q, const std::vector<ModelDoc>& docs, size_t d, float boost) {
  if (q.must.empty() && q.should.empty() && q.filter.empty() && q.must_not.empty()) return boost;
  for (const QueryNode& c : q.must_not) {
    if (reference_eval(c, docs, d, boost)) return std::nullopt;
  }
  double req = 0;
  for (const QueryNode& c : q.must) {
    auto s = reference_eval(c, docs, d, boost);
    if (!s) return std::nullopt;
    req += *s;
  }
  for (const QueryNode& c : q.filter) {
    if (!reference_eval(c, docs, d, boost)) return std::nullopt;
  }
  double opt = 0;
  uint32_t matched = 0;
  for (const QueryNode& c : q.should) {
    if (auto s = reference_eval(c, docs, d, boost)) {
      opt += *s;
      ++matched;
    }
  }
  bool has_required = !q.must.empty() || !q.filter.empty();
  uint32_t needed = q.minimum_should_match;
  if (!has_required && needed == 0 && !q.should.empty()) needed = 1;
  if (matched < needed) return std::nullopt;
  if (!has_required) return q.should.empty() ? 0.0f : static_cast<float>(opt);
  if (matched == 0) return static_cast<float>(req);
  return static_cast<float>(static_cast<double>(static_cast<float>(req)) + static_cast<float>(opt));
}

}  // namespace

std::optional<float> reference_eval(const QueryNode& q, const std::vector<ModelDoc>& docs, size_t d,
                                    float parent) {
  const float boost = q.boost * parent;
  const ModelDoc& doc = docs[d];
  switch (q.kind) {
    case QueryKind::match_all:
      return boost;
    case QueryKind::match_none:
      return std::nullopt;
    case QueryKind::term:
      return eval_term(q, docs, d, boost);
    case QueryKind::phrase:
      return eval_exact_phrase(q, docs, d, boost);
    case QueryKind::boolean:
      return eval_bool(q, docs, d, boost);
    case QueryKind::terms: {
      for (const std::string& t : q.terms) {
        if (count(field_tokens(doc, q.field), t)) return boost;
      }
      return std::nullopt;
    }
    case QueryKind::ids:
      return std::find(q.terms.begin(), q.terms.end(), doc.id) != q.terms.end() ? std::optional<float>(boost)
                                                                                : std::nullopt;
    case QueryKind::numeric_range:
      for (int64_t v : doc.nums) {
        if (v >= q.int_lower && v <= q.int_upper) return boost;
      }
      return std::nullopt;
    case QueryKind::floating_range:
      for (double v : doc.prices) {
        bool lo = !q.float_lower || v > *q.float_lower || (v == *q.float_lower && q.include_lower);
        bool hi = !q.float_upper || v < *q.float_upper || (v == *q.float_upper && q.include_upper);
        if (lo && hi) return boost;
      }
      return std::nullopt;
    case QueryKind::exists:
      if (q.field == "num") return doc.nums.empty() ? std::nullopt : std::optional<float>(boost);
      if (q.field == "price") return doc.prices.empty() ? std::nullopt : std::optional<float>(boost);
      return field_tokens(doc, q.field).empty() ? std::nullopt : std::optional<float>(boost);
    case QueryKind::prefix:
    case QueryKind::wildcard:
    case QueryKind::regexp: {
      for (const std::string& t : field_tokens(doc, q.field)) {
        bool m = q.kind == QueryKind::prefix   ? t.starts_with(q.pattern)
                 : q.kind == QueryKind::regexp ? RE2::FullMatch(t, q.pattern)
                                               : RE2::FullMatch(t, "w1.*");  // tests use wildcard "w1*"
        if (m) return boost;
      }
      return std::nullopt;
    }
    case QueryKind::constant_score:
      return reference_eval(q.children[0], docs, d, 1.0f) ? std::optional<float>(boost) : std::nullopt;
    case QueryKind::dis_max: {
      float max = 0;
      double others = 0;
      bool any = false;
      for (const QueryNode& c : q.children) {
        if (auto s = reference_eval(c, docs, d, boost)) {
          any = true;
          if (*s >= max) {
            others += max;
            max = *s;
          } else {
            others += *s;
          }
        }
      }
      if (!any) return std::nullopt;
      return static_cast<float>(max + others * q.tie_breaker);
    }
    case QueryKind::boosting: {
      auto s = reference_eval(q.children[0], docs, d, boost);
      if (!s) return std::nullopt;
      return reference_eval(q.children[1], docs, d, 1.0f) ? *s * q.negative_boost : *s;
    }
    default:
      return std::nullopt;
  }
}

std::vector<ScoredDoc> reference_top(const QueryNode& q, const std::vector<ModelDoc>& docs) {
  std::vector<ScoredDoc> out;
  for (size_t d = 0; d < docs.size(); ++d) {
    if (docs[d].deleted) continue;
    if (auto s = reference_eval(q, docs, d)) out.push_back({static_cast<uint32_t>(d), *s, {}});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ScoredDoc& a, const ScoredDoc& b) { return a.score > b.score; });
  return out;
}

}  // namespace pharos::search::testing
