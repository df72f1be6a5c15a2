#include "index/search/shard_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "index/search/bm25.h"
#include "index/search/function_score_scorer.h"
#include "search_test_util.h"

namespace pharos::search {
namespace {

using testing::ModelDoc;
using testing::reference_top;
using testing::term_query;
using testing::TestShard;

ModelDoc text_doc(const std::string& id, std::vector<std::string> body) {
  ModelDoc d;
  d.id = id;
  d.body = std::move(body);
  return d;
}

TopDocsResult run(const TestShard& shard, const QueryNode& q, uint32_t k = 1000) {
  TopDocsRequest req;
  req.query = &q;
  req.k = k;
  req.track_total_hits_up_to = UINT64_MAX;
  auto r = search_top_docs(shard.refs(), req);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : TopDocsResult{};
}

// Values computed by hand (Python, float32 after each operation in Lucene's order).
TEST(Bm25, HandComputedScores) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a", "b", "c"}), text_doc("1", {"a", "a", "d", "e", "f"}),
                                text_doc("2", {"b"})};
  TestShard shard(docs, {2, 1});
  auto r = run(shard, term_query("body", "a"));
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].doc, 1u);
  EXPECT_EQ(r.docs[0].score, 0.24737033247947693f);
  EXPECT_EQ(r.docs[1].score, 0.21363800764083862f);
  EXPECT_EQ(run(shard, term_query("body", "a", 2.0f)).docs[0].score, 0.49474066495895386f);

  QueryNode q = term_query("body", "a");
  TopDocsRequest req;
  req.query = &q;
  req.similarities["body"] = SimilaritySpec{SimilaritySpec::Type::legacy_bm25};
  auto legacy = search_top_docs(shard.refs(), req);
  ASSERT_TRUE(legacy.is_ok());
  EXPECT_EQ(legacy->docs[0].score, 0.5442147254943848f);
  req.similarities["body"] = SimilaritySpec{SimilaritySpec::Type::boolean};
  EXPECT_EQ(search_top_docs(shard.refs(), req)->docs[0].score, 1.0f);
}

TEST(Bm25, DfsStatsOverrideShardStats) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a", "b", "c"}), text_doc("1", {"a", "a", "d", "e", "f"})};
  TestShard shard(docs, {2});
  QueryNode q = term_query("body", "a");
  CollectionStats stats;
  stats.field_doc_count["body"] = 3;
  stats.field_sum_total_term_freq["body"] = 9;
  stats.term_doc_freq[std::string("body\0a", 6)] = 2;
  TopDocsRequest req;
  req.query = &q;
  req.stats = &stats;
  auto r = search_top_docs(shard.refs(), req);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->docs[0].score, 0.24737033247947693f);
}

// ---- random queries against the brute-force reference

struct QueryGen {
  std::mt19937& rng;
  uint32_t vocab;

  std::string word() { return "w" + std::to_string(rng() % vocab); }

  QueryNode leaf() {
    QueryNode q;
    switch (rng() % 12) {
      case 0:
      case 1:
      case 2:
        return term_query("body", word(), rng() % 4 == 0 ? 2.5f : 1.0f);
      case 3:
        return term_query("tag", "t" + std::to_string(rng() % 6));
      case 4:
        q.kind = QueryKind::phrase;
        q.field = "body";
        q.terms = {word(), word()};
        q.positions = {0, 1};
        if (rng() % 2) {
          q.terms.push_back(word());
          q.positions.push_back(2);
        }
        return q;
      case 5:
        q.kind = QueryKind::terms;
        q.field = "body";
        q.terms = {word(), word()};
        return q;
      case 6:
        q.kind = QueryKind::numeric_range;
        q.field = "num";
        q.int_lower = static_cast<int64_t>(rng() % 40) - 10;
        q.int_upper = q.int_lower + rng() % 15;
        return q;
      case 7:
        q.kind = QueryKind::floating_range;
        q.field = "price";
        q.float_lower = rng() % 50;
        q.float_upper = *q.float_lower + rng() % 40;
        q.include_lower = rng() % 2;
        q.include_upper = rng() % 2;
        return q;
      case 8:
        q.kind = QueryKind::exists;
        q.field = rng() % 2 ? "num" : "price";
        return q;
      case 9:
        q.kind = rng() % 2 ? QueryKind::prefix : QueryKind::regexp;
        q.field = "body";
        q.pattern = q.kind == QueryKind::prefix ? "w1" : "w[2-4]";
        return q;
      case 10:
        q.kind = QueryKind::ids;
        q.terms = {"id" + std::to_string(rng() % 300), "id" + std::to_string(rng() % 300)};
        return q;
      default:
        q.kind = QueryKind::match_all;
        q.boost = 0.5f;
        return q;
    }
  }

  QueryNode node(int depth) {
    if (depth == 0 || rng() % 3 == 0) return leaf();
    QueryNode q;
    switch (rng() % 5) {
      case 0:
      case 1: {
        q.kind = QueryKind::boolean;
        for (uint32_t i = 0, n = rng() % 3; i < n; ++i) q.must.push_back(node(depth - 1));
        for (uint32_t i = 0, n = rng() % 4; i < n; ++i) q.should.push_back(node(depth - 1));
        for (uint32_t i = 0, n = rng() % 2; i < n; ++i) q.filter.push_back(node(depth - 1));
        for (uint32_t i = 0, n = rng() % 2; i < n; ++i) q.must_not.push_back(node(depth - 1));
        if (!q.should.empty() && rng() % 3 == 0) q.minimum_should_match = 1 + rng() % q.should.size();
        if (rng() % 4 == 0) q.boost = 3.0f;
        return q;
      }
      case 2:
        q.kind = QueryKind::dis_max;
        q.tie_breaker = rng() % 2 ? 0.3f : 0.0f;
        for (uint32_t i = 0, n = 1 + rng() % 3; i < n; ++i) q.children.push_back(node(depth - 1));
        return q;
      case 3:
        q.kind = QueryKind::constant_score;
        q.boost = 1.5f;
        q.children.push_back(node(depth - 1));
        return q;
      default:
        q.kind = QueryKind::boosting;
        q.negative_boost = 0.25f;
        q.children = {node(depth - 1), leaf()};
        return q;
    }
  }
};

TEST(ShardSearch, RandomQueriesMatchBruteForceReference) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    std::mt19937 rng(seed);
    auto docs = testing::random_docs(rng, 300, 25);
    TestShard shard(docs, {120, 1, 179});
    QueryGen gen{rng, 25};
    for (int i = 0; i < 150; ++i) {
      QueryNode q = gen.node(3);
      auto expected = reference_top(q, docs);
      auto got = run(shard, q);
      ASSERT_EQ(got.total_hits, expected.size()) << "seed " << seed << " query " << i;
      ASSERT_EQ(got.docs.size(), expected.size());
      for (size_t j = 0; j < expected.size(); ++j) {
        ASSERT_EQ(got.docs[j].doc, expected[j].doc) << "seed " << seed << " query " << i << " rank " << j;
        ASSERT_EQ(got.docs[j].score, expected[j].score) << "seed " << seed << " query " << i << " rank " << j;
      }
      auto top = run(shard, q, 7);
      ASSERT_EQ(top.docs.size(), std::min<size_t>(7, expected.size()));
      for (size_t j = 0; j < top.docs.size(); ++j) EXPECT_EQ(top.docs[j].doc, expected[j].doc);
      if (!expected.empty()) EXPECT_EQ(top.max_score, expected[0].score);
    }
  }
}

TEST(ShardSearch, SegmentationDoesNotChangeScores) {
  std::mt19937 rng(7);
  auto docs = testing::random_docs(rng, 200, 20);
  TestShard one(docs, {200});
  TestShard many(docs, {50, 50, 1, 99});
  QueryGen gen{rng, 20};
  for (int i = 0; i < 50; ++i) {
    QueryNode q = gen.node(2);
    auto a = run(one, q), b = run(many, q);
    ASSERT_EQ(a.docs.size(), b.docs.size());
    for (size_t j = 0; j < a.docs.size(); ++j) {
      EXPECT_EQ(a.docs[j].doc, b.docs[j].doc);
      EXPECT_EQ(a.docs[j].score, b.docs[j].score);
    }
  }
}

TEST(ShardSearch, DeletedDocsNeverMatch) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a"}), text_doc("1", {"a"}), text_doc("2", {"a", "b"})};
  docs[1].deleted = true;
  TestShard shard(docs, {3});
  QueryNode all;
  for (const QueryNode& q : {term_query("body", "a"), all}) {
    auto r = run(shard, q);
    ASSERT_EQ(r.total_hits, 2u);
    for (const auto& d : r.docs) EXPECT_NE(d.doc, 1u);
  }
  QueryNode ids;
  ids.kind = QueryKind::ids;
  ids.terms = {"1"};
  EXPECT_EQ(run(shard, ids).total_hits, 0u);
}

TEST(ShardSearch, MinimumShouldMatch) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a", "b", "c"}), text_doc("1", {"a", "b"}),
                                text_doc("2", {"a"}), text_doc("3", {"d"})};
  TestShard shard(docs, {4});
  QueryNode q;
  q.kind = QueryKind::boolean;
  q.should = {term_query("body", "a"), term_query("body", "b"), term_query("body", "c")};
  EXPECT_EQ(run(shard, q).total_hits, 3u);
  q.minimum_should_match = 2;
  EXPECT_EQ(run(shard, q).total_hits, 2u);
  q.minimum_should_match = 3;
  EXPECT_EQ(run(shard, q).total_hits, 1u);
  q.minimum_should_match = 4;
  EXPECT_EQ(run(shard, q).total_hits, 0u);
  // With a filter, should clauses are optional (msm 0) and only add score.
  q.minimum_should_match = 0;
  QueryNode all;
  q.filter = {all};
  auto r = run(shard, q);
  EXPECT_EQ(r.total_hits, 4u);
  EXPECT_EQ(r.docs.back().score, 0.0f);
}

// ---- phrases

TEST(Phrase, ExactAndSloppy) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a", "b", "c", "d"}), text_doc("1", {"c", "x", "a"}),
                                text_doc("2", {"a", "x", "x", "c", "a", "c"}), text_doc("3", {"b", "a"})};
  TestShard shard(docs, {4});
  QueryNode q;
  q.kind = QueryKind::phrase;
  q.field = "body";
  q.terms = {"a", "c"};
  q.positions = {0, 1};
  EXPECT_EQ(run(shard, q).total_hits, 1u);  // doc 2: "a c" at 4
  q.slop = 1;
  auto r = run(shard, q);
  EXPECT_EQ(r.total_hits, 2u);  // + doc 0 ("a b c")
  q.slop = 2;
  EXPECT_EQ(run(shard, q).total_hits, 2u);
  q.slop = 3;  // doc 1: "c x a" reversed needs 3 moves
  EXPECT_EQ(run(shard, q).total_hits, 3u);
  // Sloppy freq is Σ 1 / (1 + distance): doc 0 has one match at distance 1.
  q.slop = 1;
  r = run(shard, q);
  uint64_t n = 4, sum_ttf = 15;
  double idf =
      static_cast<double>(bm25_idf(4, n)) + static_cast<double>(bm25_idf(3, n));  // df(a) = 4, df(c) = 3
  Bm25Scorer s(SimilaritySpec{}, 1.0f, static_cast<float>(idf), bm25_avgdl(sum_ttf, n));
  auto score_of = [&](uint32_t doc) {
    for (const auto& d : r.docs) {
      if (d.doc == doc) return d.score;
    }
    return -1.0f;
  };
  EXPECT_EQ(score_of(0), s.score(0.5f, 4));
  EXPECT_EQ(score_of(2), s.score(1.0f, 6));  // exact at 4 (distance 0); 0→3 is distance 2 > slop
  // "b a" in doc 3 against phrase "a b": reversed pair needs slop 2.
  q.terms = {"a", "b"};
  q.slop = 1;
  auto hits = run(shard, q);
  EXPECT_TRUE(std::none_of(hits.docs.begin(), hits.docs.end(), [](auto& d) { return d.doc == 3; }));
  q.slop = 2;
  hits = run(shard, q);
  EXPECT_TRUE(std::any_of(hits.docs.begin(), hits.docs.end(), [](auto& d) { return d.doc == 3; }));
}

// ---- multi-term

TEST(MultiTerm, WildcardFuzzyTermRange) {
  std::vector<ModelDoc> docs = {text_doc("0", {"hello"}), text_doc("1", {"hallo"}), text_doc("2", {"help"}),
                                text_doc("3", {"yellow"}), text_doc("4", {"hlelo"})};
  TestShard shard(docs, {3, 2});
  QueryNode w;
  w.kind = QueryKind::wildcard;
  w.field = "body";
  w.pattern = "h?l*";
  auto r = run(shard, w);
  EXPECT_EQ(r.total_hits, 3u);  // hello hallo help
  EXPECT_EQ(r.docs[0].score, 1.0f);

  QueryNode f;
  f.kind = QueryKind::fuzzy;
  f.field = "body";
  f.terms = {"hello"};
  f.max_edits = 1;
  r = run(shard, f);
  EXPECT_EQ(r.total_hits, 3u);   // hello, hallo, hlelo (transposition)
  EXPECT_EQ(r.docs[0].doc, 0u);  // the exact term has boost 1, the others 1 - 1/5
  f.transpositions = false;
  EXPECT_EQ(run(shard, f).total_hits, 2u);
  f.prefix_length = 2;
  EXPECT_EQ(run(shard, f).total_hits, 1u);

  QueryNode range;
  range.kind = QueryKind::term_range;
  range.field = "body";
  range.term_lower = "hallo";
  range.term_upper = "help";
  range.include_lower = false;
  EXPECT_EQ(run(shard, range).total_hits, 2u);  // hello help
}

// ---- sorting

TEST(Sort, FieldsMissingReverseAndSearchAfter) {
  std::mt19937 rng(11);
  auto docs = testing::random_docs(rng, 150, 10);
  TestShard shard(docs, {60, 90});
  QueryNode all;
  for (int variant = 0; variant < 6; ++variant) {
    SortField f;
    f.type = variant < 2   ? SortField::Type::numeric
             : variant < 4 ? SortField::Type::floating
                           : SortField::Type::keyword;
    f.field = variant < 2 ? "num" : variant < 4 ? "price" : "tag";
    f.reverse = variant % 2 == 1;
    f.missing = variant % 3 == 0 ? SortField::Missing::first : SortField::Missing::last;
    f.mode = f.reverse ? SortField::Mode::max : SortField::Mode::min;
    // Reference: live docs ordered by the picked value, missing per rule, ties by doc.
    std::vector<std::pair<SortValue, uint32_t>> ref;
    for (uint32_t d = 0; d < docs.size(); ++d) {
      if (docs[d].deleted) continue;
      SortValue v;
      if (variant < 2 && !docs[d].nums.empty()) v = f.reverse ? docs[d].nums.back() : docs[d].nums.front();
      if (variant >= 2 && variant < 4 && !docs[d].prices.empty()) v = docs[d].prices.front();
      if (variant >= 4 && !docs[d].tags.empty()) v = f.reverse ? docs[d].tags.back() : docs[d].tags.front();
      ref.push_back({v, d});
    }
    std::stable_sort(ref.begin(), ref.end(), [&](const auto& a, const auto& b) {
      bool ma = std::holds_alternative<std::monostate>(a.first),
           mb = std::holds_alternative<std::monostate>(b.first);
      if (ma != mb) return f.missing == SortField::Missing::first ? ma : mb;
      if (ma) return false;
      return f.reverse ? b.first < a.first : a.first < b.first;
    });
    TopDocsRequest req;
    req.query = &all;
    req.sort = {f};
    req.k = 1000;
    auto r = search_top_docs(shard.refs(), req);
    ASSERT_TRUE(r.is_ok());
    ASSERT_EQ(r->docs.size(), ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      ASSERT_EQ(r->docs[i].doc, ref[i].second) << "variant " << variant << " rank " << i;
      ASSERT_EQ(r->docs[i].sort_values[0], ref[i].first);
    }
    // Paging with search_after (values + _doc tiebreaker) walks the same list.
    SortField by_doc;
    by_doc.type = SortField::Type::doc;
    req.sort.push_back(by_doc);
    req.k = 17;
    std::vector<uint32_t> paged;
    while (true) {
      auto page = search_top_docs(shard.refs(), req);
      ASSERT_TRUE(page.is_ok());
      if (page->docs.empty()) break;
      for (auto& d : page->docs) paged.push_back(d.doc);
      req.search_after = page->docs.back().sort_values;
    }
    ASSERT_EQ(paged.size(), ref.size());
    for (size_t i = 0; i < ref.size(); ++i) EXPECT_EQ(paged[i], ref[i].second);
  }
}

TEST(Sort, CustomMissingValueAndScoreSort) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a"}), text_doc("1", {"a", "a"}), text_doc("2", {"a", "b"})};
  docs[0].nums = {5};
  docs[2].nums = {1};
  TestShard shard(docs, {3});
  QueryNode q = term_query("body", "a");
  TopDocsRequest req;
  req.query = &q;
  SortField f;
  f.type = SortField::Type::numeric;
  f.field = "num";
  f.missing_value = SortValue{int64_t{3}};
  req.sort = {f};
  auto r = search_top_docs(shard.refs(), req);
  ASSERT_EQ(r->docs.size(), 3u);
  EXPECT_EQ(r->docs[0].doc, 2u);
  EXPECT_EQ(r->docs[1].doc, 1u);
  EXPECT_EQ(r->docs[1].sort_values[0], SortValue{int64_t{3}});
  EXPECT_EQ(r->max_score, 0.0f);  // scores not tracked when sorting by a field
  req.track_scores = true;
  EXPECT_GT(search_top_docs(shard.refs(), req)->max_score, 0.0f);
  SortField by_score;
  by_score.reverse = true;
  req.sort = {by_score};
  r = search_top_docs(shard.refs(), req);
  EXPECT_EQ(r->docs[0].doc, 1u);
  EXPECT_EQ(std::get<double>(r->docs[0].sort_values[0]), static_cast<double>(r->docs[0].score));
}

// ---- collectors and compound queries

TEST(Collector, TotalHitsMinScoreTerminateAfter) {
  std::vector<ModelDoc> docs;
  for (int i = 0; i < 50; ++i)
    docs.push_back(text_doc(std::to_string(i), std::vector<std::string>(1 + i % 5, "a")));
  TestShard shard(docs, {20, 30});
  QueryNode q = term_query("body", "a");
  TopDocsRequest req;
  req.query = &q;
  req.track_total_hits_up_to = 10;
  auto r = search_top_docs(shard.refs(), req);
  EXPECT_EQ(r->total_hits, 10u);
  EXPECT_TRUE(r->total_is_lower_bound);
  req.track_total_hits_up_to = UINT64_MAX;
  req.terminate_after = 5;
  r = search_top_docs(shard.refs(), req);
  EXPECT_EQ(r->total_hits, 5u);
  EXPECT_TRUE(r->terminated_early);
  req.terminate_after = 0;
  float best = search_top_docs(shard.refs(), req)->max_score;
  req.min_score = best;
  r = search_top_docs(shard.refs(), req);
  EXPECT_EQ(r->total_hits, 10u);  // the docs with 5 occurrences
  for (auto& d : r->docs) EXPECT_EQ(d.score, best);
}

TEST(FunctionScore, WeightFieldValueFactorDecayAndMinScore) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a"}), text_doc("1", {"a"}), text_doc("2", {"a"})};
  docs[0].nums = {4};
  docs[1].nums = {9};
  TestShard shard(docs, {3});
  QueryNode fs;
  fs.kind = QueryKind::function_score;
  QueryNode all;
  fs.children = {all};
  FunctionSpec fvf;
  fvf.type = FunctionSpec::Type::field_value_factor;
  fvf.field = "num";
  fvf.modifier = "sqrt";
  fvf.missing = 1.0;
  fs.functions = {fvf};
  fs.function_filters = {all};
  auto r = run(shard, fs);
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].doc, 1u);
  EXPECT_EQ(r.docs[0].score, 3.0f);
  EXPECT_EQ(r.docs[1].score, 2.0f);
  FunctionSpec w;
  w.weight = 2.0f;
  fs.functions.push_back(w);
  fs.function_filters.push_back(term_query("body", "a"));
  fs.score_mode = "sum";
  fs.boost_mode = "replace";
  r = run(shard, fs);
  EXPECT_EQ(r.docs[0].score, 5.0f);
  fs.min_score = 4.5f;
  EXPECT_EQ(run(shard, fs).total_hits, 1u);

  FunctionSpec gauss;
  gauss.type = FunctionSpec::Type::gauss;
  gauss.origin = 4;
  gauss.scale = 5;
  gauss.decay = 0.5;
  EXPECT_NEAR(decay_value(FunctionSpec::Type::gauss, 9, gauss), 0.5, 1e-12);
  EXPECT_NEAR(decay_value(FunctionSpec::Type::exp, 9, gauss), 0.5, 1e-12);
  EXPECT_NEAR(decay_value(FunctionSpec::Type::linear, 9, gauss), 0.5, 1e-12);
  EXPECT_NEAR(decay_value(FunctionSpec::Type::linear, 4, gauss), 1.0, 1e-12);
}

TEST(Explain, ReportsTheScore) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a", "b", "c"}), text_doc("1", {"a", "a", "d", "e", "f"}),
                                text_doc("2", {"b"})};
  TestShard shard(docs, {3});
  auto e = explain_doc(shard.refs(), term_query("body", "a"), 1, {});
  ASSERT_TRUE(e.is_ok());
  EXPECT_NE(e->find("0.247370332"), std::string::npos) << *e;
  EXPECT_NE(e->find("idf"), std::string::npos);
}

TEST(ForEachMatch, VisitsLiveMatchesInDocOrder) {
  std::vector<ModelDoc> docs = {text_doc("0", {"a"}), text_doc("1", {"b"}), text_doc("2", {"a"})};
  docs[2].deleted = true;
  TestShard shard(docs, {2, 1});
  std::vector<std::pair<size_t, uint32_t>> seen;
  auto st =
      for_each_match(shard.refs(), term_query("body", "a"), false, {}, [&](size_t s, uint32_t d, float) {
        seen.push_back({s, d});
      });
  ASSERT_TRUE(st.is_ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], std::make_pair(size_t{0}, 0u));
}

}  // namespace
}  // namespace pharos::search

namespace pharos::search {
namespace {

// Sloppy phrases with distinct terms match iff some choice of one position per term puts
// every (position - offset) within `slop` of each other.
TEST(Phrase, SloppyMatchesBruteForce) {
  std::mt19937 rng(5);
  auto docs = testing::random_docs(rng, 300, 8);
  TestShard shard(docs, {100, 200});
  for (int i = 0; i < 60; ++i) {
    QueryNode q;
    q.kind = QueryKind::phrase;
    q.field = "body";
    q.slop = 1 + rng() % 4;
    uint32_t a = rng() % 8, b = (a + 1 + rng() % 7) % 8;
    q.terms = {"w" + std::to_string(a), "w" + std::to_string(b)};
    q.positions = {0, 1};
    std::vector<uint32_t> expected;
    for (uint32_t d = 0; d < docs.size(); ++d) {
      if (docs[d].deleted) continue;
      bool match = false;
      for (size_t x = 0; x < docs[d].body.size() && !match; ++x) {
        for (size_t y = 0; y < docs[d].body.size() && !match; ++y) {
          if (docs[d].body[x] != q.terms[0] || docs[d].body[y] != q.terms[1]) continue;
          int64_t p0 = static_cast<int64_t>(x), p1 = static_cast<int64_t>(y) - 1;
          match = std::abs(p0 - p1) <= static_cast<int64_t>(q.slop);
        }
      }
      if (match) expected.push_back(d);
    }
    std::vector<uint32_t> got;
    for (const auto& h : run(shard, q).docs) got.push_back(h.doc);
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, expected) << "query " << i;
  }
}

}  // namespace
}  // namespace pharos::search
