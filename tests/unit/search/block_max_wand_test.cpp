// Block-max pruning (index/search/block_max_wand.*) must return exactly the exhaustive top k:
// same docs, same scores bit for bit, same order (ties by doc id), with deletions and several
// segments, over postings of many 128-doc blocks with skewed term frequencies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "index/search/count_matches.h"
#include "search_test_util.h"

namespace pharos::search {
namespace {

using testing::ModelDoc;
using testing::term_query;
using testing::TestShard;

constexpr uint32_t kVocabulary = 40;

// Zipf-like term choice: term i with weight 1 / (i + 1), so low terms occur in most docs (many
// blocks, high in-doc freqs) and high ones in few; doc lengths vary widely (norms differ).
std::vector<ModelDoc> skewed_docs(std::mt19937& rng, uint32_t count) {
  std::vector<double> weights;
  for (uint32_t i = 0; i < kVocabulary; ++i) weights.push_back(1.0 / (i + 1));
  std::discrete_distribution<uint32_t> term(weights.begin(), weights.end());
  std::vector<ModelDoc> docs(count);
  for (uint32_t i = 0; i < count; ++i) {
    docs[i].id = "d" + std::to_string(i);
    uint32_t len = rng() % 7 == 0 ? 30 + rng() % 200 : 1 + rng() % 15;
    for (uint32_t p = 0; p < len; ++p) docs[i].body.push_back("w" + std::to_string(term(rng)));
    docs[i].deleted = rng() % 9 == 0;
  }
  return docs;
}

QueryNode random_bool(std::mt19937& rng, bool conjunction) {
  QueryNode q;
  q.kind = QueryKind::boolean;
  uint32_t n = 1 + rng() % 4;
  for (uint32_t i = 0; i < n; ++i) {
    // Mostly frequent terms (long postings); sometimes a term no doc has.
    std::string term =
        rng() % 10 == 0 ? "absent" : "w" + std::to_string(rng() % (rng() % 2 ? 6 : kVocabulary));
    float boost = rng() % 3 == 0 ? 0.5f + static_cast<float>(rng() % 8) / 2.0f : 1.0f;
    (conjunction ? q.must : q.should).push_back(term_query("body", term, boost));
  }
  if (rng() % 4 == 0) q.boost = 2.5f;
  return q;
}

TopDocsResult search(const TestShard& shard, const QueryNode& q, uint32_t k, uint64_t track_up_to) {
  TopDocsRequest request;
  request.query = &q;
  request.k = k;
  request.track_total_hits_up_to = track_up_to;
  auto r = search_top_docs(shard.refs(), request);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? std::move(r.value()) : TopDocsResult{};
}

// The exhaustive top k through the plain DocIterator tree (for_each_match), the oracle here.
TopDocsResult exhaustive_top(const TestShard& shard, const QueryNode& q, uint32_t k) {
  TopDocsResult out;
  std::vector<ScoredDoc> all;
  auto status = for_each_match(shard.refs(), q, true, {}, [&](size_t segment, uint32_t doc, float score) {
    all.push_back({shard.refs()[segment].doc_base + doc, score, {}});
  });
  EXPECT_TRUE(status.is_ok());
  std::stable_sort(all.begin(), all.end(), [](const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  });
  out.total_hits = all.size();
  if (!all.empty()) out.max_score = all[0].score;
  if (all.size() > k) all.resize(k);
  out.docs = std::move(all);
  return out;
}

void expect_same_top(const TopDocsResult& pruned, const TopDocsResult& exhaustive, const std::string& what) {
  ASSERT_EQ(pruned.docs.size(), exhaustive.docs.size()) << what;
  for (size_t i = 0; i < pruned.docs.size(); ++i) {
    ASSERT_EQ(pruned.docs[i].doc, exhaustive.docs[i].doc) << what << " rank " << i;
    uint32_t a, b;
    std::memcpy(&a, &pruned.docs[i].score, 4);
    std::memcpy(&b, &exhaustive.docs[i].score, 4);
    ASSERT_EQ(a, b) << what << " rank " << i;
  }
  EXPECT_EQ(pruned.max_score, exhaustive.max_score) << what;
}

class BlockMaxWand : public ::testing::TestWithParam<uint32_t> {};

TEST_P(BlockMaxWand, PrunedTopKEqualsExhaustiveTopK) {
  std::mt19937 rng(GetParam());
  auto docs = skewed_docs(rng, 5000);
  TestShard shard(docs, {3100, 7, 1893});
  for (int i = 0; i < 60; ++i) {
    QueryNode q =
        i % 7 == 0 ? term_query("body", "w" + std::to_string(rng() % 8)) : random_bool(rng, i % 2 == 0);
    for (uint32_t k : {1u, 10u, 100u}) {
      auto exhaustive = exhaustive_top(shard, q, k);
      std::string what =
          "seed " + std::to_string(GetParam()) + " query " + std::to_string(i) + " k " + std::to_string(k);
      for (uint64_t up_to :
           {uint64_t{0}, uint64_t{k}, uint64_t{1000}, std::numeric_limits<uint64_t>::max()}) {
        auto pruned = search(shard, q, k, up_to);
        expect_same_top(pruned, exhaustive, what + " up_to " + std::to_string(up_to));
        // Hits are counted exactly up to the threshold, then reported as a lower bound.
        if (exhaustive.total_hits > up_to) {
          EXPECT_TRUE(pruned.total_is_lower_bound) << what;
          EXPECT_EQ(pruned.total_hits, up_to) << what;
        } else {
          EXPECT_FALSE(pruned.total_is_lower_bound) << what;
          EXPECT_EQ(pruned.total_hits, exhaustive.total_hits) << what;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, BlockMaxWand, ::testing::Values(1u, 2u, 3u));

TEST(BlockMaxWand, MatchesBruteForceReference) {
  std::mt19937 rng(11);
  auto docs = skewed_docs(rng, 700);  // the brute-force reference is slow: keep it small
  TestShard shard(docs, {700});
  for (int i = 0; i < 12; ++i) {
    QueryNode q = random_bool(rng, i % 2 == 1);
    auto expected = testing::reference_top(q, docs);
    auto pruned = search(shard, q, 10, 0);
    ASSERT_EQ(pruned.docs.size(), std::min<size_t>(10, expected.size())) << "query " << i;
    for (size_t j = 0; j < pruned.docs.size(); ++j) {
      EXPECT_EQ(pruned.docs[j].doc, expected[j].doc) << "query " << i << " rank " << j;
      EXPECT_EQ(pruned.docs[j].score, expected[j].score) << "query " << i << " rank " << j;
    }
  }
}

TEST(CountMatches, EqualsExhaustiveTotal) {
  std::mt19937 rng(5);
  auto docs = skewed_docs(rng, 3000);
  TestShard shard(docs, {1000, 2000});
  TestShard undeleted(
      [&] {
        auto copy = docs;
        for (auto& d : copy) d.deleted = false;
        return copy;
      }(),
      {3000});
  for (int i = 0; i < 20; ++i) {
    QueryNode q =
        i % 3 == 0 ? term_query("body", "w" + std::to_string(rng() % kVocabulary)) : random_bool(rng, i % 2);
    for (const TestShard* s : {&shard, &undeleted}) {
      auto total = search(*s, q, 1, std::numeric_limits<uint64_t>::max()).total_hits;
      auto counted = count_matches(s->refs(), q);
      ASSERT_TRUE(counted.is_ok());
      EXPECT_EQ(counted.value(), total) << "query " << i;
    }
  }
}

}  // namespace
}  // namespace pharos::search
