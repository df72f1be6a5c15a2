// explain_doc: a Lucene-shaped explanation tree, built by re-running each sub-query's
// iterator on the one doc. Term leaves carry the BM25 breakdown (boost, idf, tf).
#include <cstdio>
#include <optional>
#include <sstream>

#include "index/codec/small_float.h"
#include "index/search/bm25.h"
#include "index/search/query_builder.h"
#include "index/search/shard_search.h"

namespace pharos::search {

namespace {

struct Explanation {
  float value = 0.0f;
  std::string description;
  std::vector<Explanation> details;
};

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else
      out.push_back(c);
  }
  return out;
}

void to_json(const Explanation& e, std::ostringstream& os) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(e.value));
  os << "{\"value\":" << buf << ",\"description\":\"" << json_escape(e.description) << "\",\"details\":[";
  for (size_t i = 0; i < e.details.size(); ++i) {
    if (i) os << ',';
    to_json(e.details[i], os);
  }
  os << "]}";
}

std::optional<float> score_of(const QueryNode& n, const SegmentContext& ctx, float boost, uint32_t doc) {
  auto it = build_iterator(n, ctx, boost, true);
  if (!it.is_ok() || !iterator_matches(**it, doc)) return std::nullopt;
  return (*it)->score();
}

Explanation term_details(const QueryNode& n, const SegmentContext& ctx, float boost, uint32_t doc,
                         float value) {
  const ShardContext& shard = *ctx.shard;
  const std::string& term = n.terms.empty() ? std::string() : n.terms[0];
  uint64_t df = shard.doc_freq(n.field, term), big_n = shard.field_doc_count(n.field);
  float idf = bm25_idf(df, big_n);
  float avgdl = bm25_avgdl(shard.field_sum_total_term_freq(n.field), big_n);
  const uint8_t* norms = ctx.segment->norms(n.field);
  float dl = static_cast<float>(codec::byte4_to_int(norms ? norms[doc] : 1));
  uint32_t freq = 0;
  if (auto p = ctx.segment->postings(n.field, term); p && p->advance(doc) == doc) freq = p->freq();
  const SimilaritySpec& sim = shard.similarity(n.field);
  Explanation tf{0.0f,
                 "tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl)) from:",
                 {{static_cast<float>(freq), "freq, occurrences of term within document", {}},
                  {sim.k1, "k1, term saturation parameter", {}},
                  {sim.b, "b, length normalization parameter", {}},
                  {dl, "dl, length of field", {}},
                  {avgdl, "avgdl, average length of field", {}}}};
  tf.value =
      static_cast<float>(freq) / (static_cast<float>(freq) + sim.k1 * (1 - sim.b + sim.b * dl / avgdl));
  Explanation idf_e{idf,
                    "idf, computed as log(1 + (N - n + 0.5) / (n + 0.5)) from:",
                    {{static_cast<float>(df), "n, number of documents containing term", {}},
                     {static_cast<float>(big_n), "N, total number of documents with field", {}}}};
  Explanation score{value,
                    "score(freq=" + std::to_string(freq) + "), computed as boost * idf * tf from:",
                    {{boost, "boost", {}}, idf_e, tf}};
  return {
      value,
      "weight(" + n.field + ":" + term + " in " + std::to_string(doc) + ") [PerFieldSimilarity], result of:",
      {score}};
}

std::optional<Explanation> explain_node(const QueryNode& n, const SegmentContext& ctx, float parent_boost,
                                        uint32_t doc) {
  auto value = score_of(n, ctx, parent_boost, doc);
  if (!value) return std::nullopt;
  const float boost = n.boost * parent_boost;
  Explanation e{*value, "", {}};
  auto add_children = [&](const std::vector<QueryNode>& kids, float b) {
    for (const QueryNode& c : kids) {
      if (auto d = explain_node(c, ctx, b, doc)) e.details.push_back(std::move(*d));
    }
  };
  switch (n.kind) {
    case QueryKind::term:
      if (ctx.shard->similarity(n.field).type == SimilaritySpec::Type::boolean) return e;
      return term_details(n, ctx, boost, doc, *value);
    case QueryKind::boolean:
      e.description = "sum of:";
      add_children(n.must, boost);
      add_children(n.should, boost);
      for (const QueryNode& c : n.filter) {
        if (explain_node(c, ctx, boost, doc))
          e.details.push_back({0.0f, "match on required clause, product of:", {}});
      }
      return e;
    case QueryKind::dis_max:
      e.description = "max plus " + std::to_string(n.tie_breaker) + " times others of:";
      add_children(n.children, boost);
      return e;
    case QueryKind::function_score:
    case QueryKind::boosting:
      e.description =
          n.kind == QueryKind::boosting ? "boosting, product of:" : "function score, computed as:";
      if (!n.children.empty()) add_children({n.children[0]}, n.kind == QueryKind::boosting ? boost : 1.0f);
      return e;
    case QueryKind::phrase:
      e.description =
          "weight(" + n.field + ":\"phrase\" in " + std::to_string(doc) + ") [PerFieldSimilarity]";
      return e;
    default:
      e.description = n.kind == QueryKind::match_all ? "*:*" : "ConstantScore(" + n.field + ")";
      return e;
  }
}

}  // namespace

Result<std::string> explain_doc(const std::vector<SegmentRef>& segments, const QueryNode& query,
                                uint32_t shard_doc,
                                const std::map<std::string, SimilaritySpec>& similarities) {
  ShardContext shard(segments, nullptr, similarities);
  for (size_t i = 0; i < segments.size(); ++i) {
    const SegmentRef& ref = segments[i];
    if (shard_doc < ref.doc_base || shard_doc - ref.doc_base >= ref.segment->max_doc()) continue;
    uint32_t doc = shard_doc - ref.doc_base;
    SegmentContext ctx{&shard, i, ref.segment, ref.doc_base};
    std::optional<Explanation> e;
    if (ref.live_docs == nullptr || ref.live_docs->is_live(doc)) e = explain_node(query, ctx, 1.0f, doc);
    if (!e) e = Explanation{0.0f, "no matching term", {}};
    std::ostringstream os;
    to_json(*e, os);
    return os.str();
  }
  return Status(ErrorKind::not_found, "doc [" + std::to_string(shard_doc) + "] not found in shard");
}

}  // namespace pharos::search
