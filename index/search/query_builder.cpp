#include "index/search/query_builder.h"

#include "index/search/bm25.h"
#include "index/search/boolean_scorer.h"
#include "index/search/compound_scorers.h"
#include "index/search/doc_set_queries.h"
#include "index/search/function_score_scorer.h"
#include "index/search/knn_query.h"
#include "index/search/phrase_scorer.h"
#include "index/search/term_scorer.h"

namespace pharos::search {

namespace {

using IteratorResult = Result<std::unique_ptr<DocIterator>>;

// Upcast at construction: Result<unique_ptr<Base>> cannot take a unique_ptr<Derived> directly.
template <typename T, typename... Args>
std::unique_ptr<DocIterator> make(Args&&... args) {
  return std::make_unique<T>(std::forward<Args>(args)...);
}

std::unique_ptr<DocIterator> empty() { return make<EmptyIterator>(); }

Bm25Scorer field_scorer(const SegmentContext& ctx, const std::string& field, float boost, float idf) {
  const ShardContext& shard = *ctx.shard;
  uint64_t doc_count = shard.field_doc_count(field);
  float avgdl = bm25_avgdl(shard.field_sum_total_term_freq(field), doc_count);
  return Bm25Scorer(shard.similarity(field), boost, idf, avgdl);
}

// Lucene uses docCount(field); an index without the statistic falls back to maxDoc.
uint64_t idf_doc_count(const ShardContext& shard, const std::string& field) {
  return shard.field_doc_count(field);
}

std::unique_ptr<DocIterator> term_iterator(const SegmentContext& ctx, const std::string& field,
                                           const std::string& term, float boost, uint64_t doc_freq) {
  auto postings = ctx.segment->postings(field, term);
  if (!postings) return empty();
  float idf = bm25_idf(doc_freq, idf_doc_count(*ctx.shard, field));
  return make<TermScorer>(std::move(postings), ctx.segment->norms(field),
                          field_scorer(ctx, field, boost, idf));
}

IteratorResult build_term(const QueryNode& n, const SegmentContext& ctx, float boost) {
  if (n.terms.empty()) return empty();
  return term_iterator(ctx, n.field, n.terms[0], boost, ctx.shard->doc_freq(n.field, n.terms[0]));
}

IteratorResult build_phrase(const QueryNode& n, const SegmentContext& ctx, float boost) {
  if (n.terms.empty()) return empty();
  if (n.terms.size() == 1) return build_term(n, ctx, boost);  // Lucene rewrites it to a TermQuery
  if (!ctx.segment->has_positions(n.field) && ctx.segment->terms(n.field) != nullptr) {
    return Status(ErrorKind::invalid_argument,
                  "field:[" + n.field + "] was indexed without position data; cannot run PhraseQuery");
  }
  std::vector<std::unique_ptr<segment::PostingsIterator>> postings;
  std::vector<uint32_t> offsets;
  double idf_sum = 0.0;
  uint64_t doc_count = idf_doc_count(*ctx.shard, n.field);
  for (size_t i = 0; i < n.terms.size(); ++i) {
    auto p = ctx.segment->postings(n.field, n.terms[i]);
    if (!p) return empty();
    postings.push_back(std::move(p));
    offsets.push_back(i < n.positions.size() ? n.positions[i] : static_cast<uint32_t>(i));
    idf_sum += bm25_idf(ctx.shard->doc_freq(n.field, n.terms[i]), doc_count);
  }
  return make<PhraseScorer>(std::move(postings), std::move(offsets), n.slop, ctx.segment->norms(n.field),
                            field_scorer(ctx, n.field, boost, static_cast<float>(idf_sum)));
}

// Fuzzy: Lucene's TopTermsBlendedFreqScoringRewrite — a should-only bool of term queries,
// each boosted by its similarity and scored with the blended (max) doc freq.
IteratorResult build_fuzzy(const QueryNode& n, const SegmentContext& ctx, float boost) {
  const ShardContext::FuzzyExpansion& exp = ctx.shard->fuzzy_expansion(n);
  BooleanClauses clauses;
  for (const FuzzyTerm& t : exp.terms) {
    auto it = term_iterator(ctx, n.field, t.term, t.boost * boost, exp.blended_doc_freq);
    if (it->cost() > 0) clauses.should.push_back(std::move(it));
  }
  if (clauses.should.empty()) return empty();
  return make<BooleanIterator>(std::move(clauses));
}

Result<std::vector<std::unique_ptr<DocIterator>>> build_all(const std::vector<QueryNode>& nodes,
                                                            const SegmentContext& ctx, float boost,
                                                            bool scores) {
  std::vector<std::unique_ptr<DocIterator>> out;
  for (const QueryNode& c : nodes) {
    PHAROS_ASSIGN_OR_RETURN(auto it, build_iterator(c, ctx, boost, scores));
    out.push_back(std::move(it));
  }
  return out;
}

IteratorResult build_boolean(const QueryNode& n, const SegmentContext& ctx, float boost, bool scores) {
  if (n.must.empty() && n.should.empty() && n.filter.empty()) {
    // OpenSearch: an empty bool is match_all; a must_not-only bool filters match_all (score 0).
    if (n.must_not.empty()) return make<AllDocsIterator>(ctx.segment->max_doc(), boost);
  }
  BooleanClauses clauses;
  PHAROS_ASSIGN_OR_RETURN(clauses.must, build_all(n.must, ctx, boost, scores));
  PHAROS_ASSIGN_OR_RETURN(clauses.should, build_all(n.should, ctx, boost, scores));
  PHAROS_ASSIGN_OR_RETURN(clauses.filter, build_all(n.filter, ctx, boost, false));
  PHAROS_ASSIGN_OR_RETURN(clauses.must_not, build_all(n.must_not, ctx, boost, false));
  if (clauses.must.empty() && clauses.should.empty() && clauses.filter.empty()) {
    clauses.filter.push_back(std::make_unique<AllDocsIterator>(ctx.segment->max_doc(), 0.0f));
  }
  clauses.minimum_should_match = n.minimum_should_match;
  return make<BooleanIterator>(std::move(clauses));
}

IteratorResult build_function_score(const QueryNode& n, const SegmentContext& ctx, float boost, bool scores) {
  std::unique_ptr<DocIterator> child;
  if (n.children.empty()) {
    child = std::make_unique<AllDocsIterator>(ctx.segment->max_doc(), 1.0f);
  } else {
    PHAROS_ASSIGN_OR_RETURN(child, build_iterator(n.children[0], ctx, 1.0f, true));
  }
  std::vector<std::unique_ptr<DocIterator>> filters;
  for (size_t i = 0; i < n.functions.size(); ++i) {
    if (i < n.function_filters.size() && n.function_filters[i].kind != QueryKind::match_all) {
      PHAROS_ASSIGN_OR_RETURN(auto f, build_iterator(n.function_filters[i], ctx, 1.0f, false));
      filters.push_back(std::move(f));
    } else {
      filters.push_back(nullptr);
    }
  }
  FunctionScoreParams params{&n, ctx.segment, ctx.doc_base, boost};
  return make<FunctionScoreIterator>(std::move(child), std::move(filters), params);
}

IteratorResult build_compound(const QueryNode& n, const SegmentContext& ctx, float boost, bool scores) {
  switch (n.kind) {
    case QueryKind::constant_score: {
      if (n.children.empty()) return empty();
      PHAROS_ASSIGN_OR_RETURN(auto child, build_iterator(n.children[0], ctx, 1.0f, false));
      return make<ConstantScoreIterator>(std::move(child), boost);
    }
    case QueryKind::dis_max: {
      PHAROS_ASSIGN_OR_RETURN(auto children, build_all(n.children, ctx, boost, scores));
      if (children.empty()) return empty();
      return make<DisMaxIterator>(std::move(children), n.tie_breaker);
    }
    case QueryKind::boosting: {
      if (n.children.size() < 2)
        return Status(ErrorKind::invalid_argument, "boosting needs positive and negative");
      PHAROS_ASSIGN_OR_RETURN(auto positive, build_iterator(n.children[0], ctx, boost, scores));
      PHAROS_ASSIGN_OR_RETURN(auto negative, build_iterator(n.children[1], ctx, 1.0f, false));
      return make<BoostingIterator>(std::move(positive), std::move(negative), n.negative_boost);
    }
    default:
      return build_function_score(n, ctx, boost, scores);
  }
}

}  // namespace

IteratorResult build_iterator(const QueryNode& n, const SegmentContext& ctx, float parent_boost,
                              bool needs_scores) {
  const float boost = n.boost * parent_boost;
  switch (n.kind) {
    case QueryKind::match_all:
      return make<AllDocsIterator>(ctx.segment->max_doc(), boost);
    case QueryKind::match_none:
      return empty();
    case QueryKind::term:
      return build_term(n, ctx, boost);
    case QueryKind::phrase:
      return build_phrase(n, ctx, boost);
    case QueryKind::fuzzy:
      return build_fuzzy(n, ctx, boost);
    case QueryKind::boolean:
      return build_boolean(n, ctx, boost, needs_scores);
    case QueryKind::terms:
    case QueryKind::ids:
    case QueryKind::numeric_range:
    case QueryKind::floating_range:
    case QueryKind::exists:
    case QueryKind::prefix:
    case QueryKind::wildcard:
    case QueryKind::regexp:
    case QueryKind::term_range:
      return build_doc_set_iterator(*ctx.segment, n, boost);
    case QueryKind::constant_score:
    case QueryKind::dis_max:
    case QueryKind::boosting:
    case QueryKind::function_score:
      return build_compound(n, ctx, boost, needs_scores);
    case QueryKind::knn:
      return build_knn_iterator(n, ctx, boost);
  }
  return Status(ErrorKind::unsupported, "unknown query kind");
}

}  // namespace pharos::search
