#include "server/api/search_pipeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace pharos::api {
namespace {

using nlohmann::json;

// Two shards, two sub-queries (A: lexical-like scores, B: vector-like scores):
//   shard 0: A = doc1 4.0, doc2 2.0      B = doc2 0.8, doc3 0.5
//   shard 1: A = doc7 3.0                B = doc7 0.9, doc8 0.2
std::vector<ShardSubQueryHits> two_shards() {
  ShardSubQueryHits shard0{{{{1, 4.0f}, {2, 2.0f}}, {{2, 0.8f}, {3, 0.5f}}}};
  ShardSubQueryHits shard1{{{{7, 3.0f}}, {{7, 0.9f}, {8, 0.2f}}}};
  return {shard0, shard1};
}

HybridScoring scoring(NormalizationTechnique normalization, CombinationTechnique combination,
                      std::vector<float> weights = {}) {
  HybridScoring out;
  out.normalization = normalization;
  out.combination = combination;
  out.weights = std::move(weights);
  return out;
}

float score_of(const std::vector<FusedHit>& hits, uint32_t doc) {
  for (const auto& hit : hits) {
    if (hit.doc == doc) return hit.score;
  }
  ADD_FAILURE() << "doc " << doc << " not in the fused hits";
  return -1.0f;
}

TEST(SearchPipelineMath, MinMaxIsGlobalAcrossShardsAndArithmeticMeanCountsMissingAsZero) {
  auto fused = fuse_hybrid_hits(
      scoring(NormalizationTechnique::min_max, CombinationTechnique::arithmetic_mean), two_shards(), 10);
  ASSERT_EQ(fused.size(), 2u);
  // A: min 2, max 4 over both shards; B: min 0.2, max 0.9. A normalised 0 becomes 0.001.
  float b_doc2 = (0.8f - 0.2f) / (0.9f - 0.2f);
  ASSERT_EQ(fused[0].size(), 3u);  // the union of the shard's sub-query lists
  EXPECT_EQ(fused[0][0].doc, 1u);
  EXPECT_NEAR(fused[0][0].score, (1.0f + 0.0f) / 2, 1e-6);
  EXPECT_EQ(fused[0][1].doc, 2u);
  EXPECT_NEAR(fused[0][1].score, (0.001f + b_doc2) / 2, 1e-6);
  EXPECT_NEAR(score_of(fused[1], 7), (0.5f + 1.0f) / 2, 1e-6);
  EXPECT_NEAR(score_of(fused[1], 8), (0.0f + 0.001f) / 2, 1e-6);
  EXPECT_NEAR(score_of(fused[0], 3), (0.0f + (0.5f - 0.2f) / (0.9f - 0.2f)) / 2, 1e-6);
  auto limited = fuse_hybrid_hits(
      scoring(NormalizationTechnique::min_max, CombinationTechnique::arithmetic_mean), two_shards(), 1);
  ASSERT_EQ(limited[0].size(), 1u);  // at most k per shard, the best first
  EXPECT_EQ(limited[0][0].doc, 1u);
}

TEST(SearchPipelineMath, WeightedArithmeticMean) {
  auto fused = fuse_hybrid_hits(
      scoring(NormalizationTechnique::min_max, CombinationTechnique::arithmetic_mean, {0.3f, 0.7f}),
      two_shards(), 10);
  float b_doc2 = (0.8f - 0.2f) / (0.9f - 0.2f);
  EXPECT_NEAR(score_of(fused[0], 2), 0.3f * 0.001f + 0.7f * b_doc2, 1e-6);
  EXPECT_NEAR(score_of(fused[0], 1), 0.3f * 1.0f, 1e-6);
  EXPECT_EQ(fused[0][0].doc, 2u);  // the weights reorder doc1 and doc2
}

TEST(SearchPipelineMath, L2DividesByTheNormOfEachSubQuery) {
  auto fused = fuse_hybrid_hits(scoring(NormalizationTechnique::l2, CombinationTechnique::arithmetic_mean),
                                two_shards(), 10);
  float norm_a = std::sqrt(16.0f + 4.0f + 9.0f);
  float norm_b = std::sqrt(0.64f + 0.25f + 0.81f + 0.04f);
  EXPECT_NEAR(score_of(fused[0], 2), (2.0f / norm_a + 0.8f / norm_b) / 2, 1e-6);
  EXPECT_NEAR(score_of(fused[1], 7), (3.0f / norm_a + 0.9f / norm_b) / 2, 1e-6);
}

TEST(SearchPipelineMath, GeometricAndHarmonicMeansSkipMissingScores) {
  auto geometric = fuse_hybrid_hits(
      scoring(NormalizationTechnique::min_max, CombinationTechnique::geometric_mean), two_shards(), 10);
  float b_doc2 = (0.8f - 0.2f) / (0.9f - 0.2f);
  EXPECT_NEAR(score_of(geometric[0], 1), 1.0f, 1e-6);  // only A matched: its score alone
  EXPECT_NEAR(score_of(geometric[0], 2), std::sqrt(0.001f * b_doc2), 1e-6);
  auto harmonic = fuse_hybrid_hits(
      scoring(NormalizationTechnique::min_max, CombinationTechnique::harmonic_mean), two_shards(), 10);
  EXPECT_NEAR(score_of(harmonic[0], 2), 2.0f / (1.0f / 0.001f + 1.0f / b_doc2), 1e-6);
  EXPECT_NEAR(score_of(harmonic[1], 7), 2.0f / (1.0f / 0.5f + 1.0f / 1.0f), 1e-6);
}

TEST(SearchPipelineMath, RrfSumsReciprocalRanksPerShard) {
  HybridScoring rrf = scoring(NormalizationTechnique::rrf, CombinationTechnique::rrf);
  auto fused = fuse_hybrid_hits(rrf, two_shards(), 10);
  EXPECT_EQ(fused[0][0].doc, 2u);
  EXPECT_NEAR(fused[0][0].score, 1.0f / 62 + 1.0f / 61, 1e-7);
  EXPECT_NEAR(score_of(fused[0], 1), 1.0f / 61, 1e-7);
  EXPECT_NEAR(score_of(fused[1], 7), 1.0f / 61 + 1.0f / 61, 1e-7);
  rrf.rank_constant = 1;
  fused = fuse_hybrid_hits(rrf, two_shards(), 10);
  EXPECT_NEAR(score_of(fused[1], 8), 1.0f / 3, 1e-7);
}

TEST(SearchPipelineMath, MinMaxEdgeCases) {
  EXPECT_EQ(min_max_normalize(5.0f, 5.0f, 5.0f, nullptr), 1.0f);  // one distinct score
  EXPECT_EQ(min_max_normalize(2.0f, 2.0f, 4.0f, nullptr), 0.001f);
  ScoreLowerBound clip{ScoreLowerBound::Mode::clip, 3.0f};
  EXPECT_EQ(min_max_normalize(2.5f, 2.0f, 4.0f, &clip), 0.0f);
  EXPECT_NEAR(min_max_normalize(3.5f, 2.0f, 4.0f, &clip), 0.5f, 1e-6);
  ScoreLowerBound apply{ScoreLowerBound::Mode::apply, 3.0f};
  EXPECT_NEAR(min_max_normalize(2.5f, 2.0f, 4.0f, &apply), 0.25f, 1e-6);  // below the bound: plain min-max
  EXPECT_NEAR(min_max_normalize(3.5f, 2.0f, 4.0f, &apply), 0.5f, 1e-6);
}

TEST(SearchPipelineMath, RawScoresWithoutPipelineTakeTheBestSubQueryScore) {
  auto fused =
      fuse_hybrid_hits(scoring(NormalizationTechnique::raw, CombinationTechnique::max), two_shards(), 10);
  EXPECT_EQ(score_of(fused[0], 2), 2.0f);
  EXPECT_EQ(score_of(fused[1], 7), 3.0f);
}

TEST(SearchPipelineConfig, NormalizationProcessorWithDefaultsAndWeights) {
  auto pipeline = parse_search_pipeline("p", json::parse(R"({"description":"d","phase_results_processors":[
      {"normalization-processor":{"normalization":{"technique":"l2"},
        "combination":{"technique":"harmonic_mean","parameters":{"weights":[0.4,0.6]}}}}]})"));
  ASSERT_TRUE(pipeline.is_ok()) << pipeline.status().message();
  ASSERT_TRUE(pipeline->scoring.has_value());
  EXPECT_EQ(pipeline->scoring->normalization, NormalizationTechnique::l2);
  EXPECT_EQ(pipeline->scoring->combination, CombinationTechnique::harmonic_mean);
  EXPECT_EQ(pipeline->scoring->weights, (std::vector<float>{0.4f, 0.6f}));

  auto defaults = parse_search_pipeline(
      "p", json::parse(R"({"phase_results_processors":[{"normalization-processor":{}}]})"));
  ASSERT_TRUE(defaults.is_ok());
  EXPECT_EQ(defaults->scoring->normalization, NormalizationTechnique::min_max);
  EXPECT_EQ(defaults->scoring->combination, CombinationTechnique::arithmetic_mean);
}

TEST(SearchPipelineConfig, ScoreRankerProcessor) {
  auto pipeline = parse_search_pipeline(
      "p",
      json::parse(
          R"({"phase_results_processors":[{"score-ranker-processor":{"combination":{"technique":"rrf","rank_constant":20}}}]})"));
  ASSERT_TRUE(pipeline.is_ok()) << pipeline.status().message();
  EXPECT_EQ(pipeline->scoring->rank_constant, 20);
  auto fallback = parse_search_pipeline(
      "p", json::parse(R"({"phase_results_processors":[{"score-ranker-processor":{}}]})"));
  ASSERT_TRUE(fallback.is_ok());
  EXPECT_EQ(fallback->scoring->rank_constant, 60);
  auto bad = parse_search_pipeline(
      "p",
      json::parse(
          R"({"phase_results_processors":[{"score-ranker-processor":{"combination":{"rank_constant":0}}}]})"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(),
            "rank constant must be in the interval between 1 and 10000, submitted rank constant: 0");
}

std::string error_of(const char* body) {
  auto pipeline = parse_search_pipeline("p", json::parse(body));
  EXPECT_FALSE(pipeline.is_ok()) << body;
  return pipeline.is_ok() ? "" : pipeline.status().message();
}

TEST(SearchPipelineConfig, ErrorsCarryOpenSearchMessages) {
  EXPECT_EQ(
      error_of(
          R"({"phase_results_processors":[{"normalization-processor":{"combination":{"parameters":{"weights":[0.5,0.6]}}}}]})"),
      "sum of weights for combination must be equal to 1.0, submitted weights: [0.5, 0.6]");
  EXPECT_EQ(
      error_of(
          R"({"phase_results_processors":[{"normalization-processor":{"combination":{"parameters":{"weights":[1.5,-0.5]}}}}]})"),
      "all weights must be in range [0.0 ... 1.0], submitted weights: [1.5, -0.5]");
  EXPECT_EQ(
      error_of(
          R"({"phase_results_processors":[{"normalization-processor":{"normalization":{"technique":"foo"}}}]})"),
      "provided normalization technique is not supported");
  EXPECT_EQ(
      error_of(
          R"({"phase_results_processors":[{"normalization-processor":{"combination":{"technique":"sum"}}}]})"),
      "provided combination technique is not supported");
  EXPECT_EQ(error_of(R"({"response_processors":[{"rename_field":{"field":"a","target_field":"b"}}]})"),
            "Invalid processor type rename_field");
  EXPECT_EQ(error_of(R"({"processors":[]})"),
            "pipeline [p] doesn't support one or more provided configuration parameters [processors]");
  EXPECT_EQ(
      error_of(R"({"phase_results_processors":[{"normalization-processor":{"normalization":"min_max"}}]})"),
      "[normalization] property isn't a map, but of type [java.lang.String]");
}

TEST(SearchPipelineConfig, WeightsMustMatchTheSubQueries) {
  HybridScoring weighted =
      scoring(NormalizationTechnique::min_max, CombinationTechnique::arithmetic_mean, {0.5f, 0.5f});
  EXPECT_TRUE(check_scoring_for_sub_queries(weighted, 2).is_ok());
  Status status = check_scoring_for_sub_queries(weighted, 3);
  EXPECT_EQ(status.message(), "number of weights [2] must match number of sub-queries [3] in hybrid query");
}

TEST(SearchPipelineConfig, FilterQueryRequestProcessor) {
  auto pipeline = parse_search_pipeline(
      "p", json::parse(R"({"request_processors":[{"filter_query":{"query":{"term":{"tag":"x"}}}}]})"));
  ASSERT_TRUE(pipeline.is_ok()) << pipeline.status().message();
  EXPECT_FALSE(pipeline->scoring.has_value());
  ASSERT_EQ(pipeline->filter_queries_json.size(), 1u);
  EXPECT_EQ(json::parse(pipeline->filter_queries_json[0]), json::parse(R"({"term":{"tag":"x"}})"));
}

}  // namespace
}  // namespace pharos::api
