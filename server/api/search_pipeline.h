// Search pipelines (PUT /_search/pipeline/{id}) as Pharos runs them, and the score
// normalisation and combination of OpenSearch's neural-search plugin for `hybrid` queries:
//
//   normalization-processor   {"normalization":{"technique":"min_max"|"l2",
//   "parameters":{"lower_bounds":[...]}},
//                              "combination":{"technique":"arithmetic_mean"|"geometric_mean"|"harmonic_mean",
//                                             "parameters":{"weights":[...]}}}
//   score-ranker-processor
//   {"combination":{"technique":"rrf","rank_constant":60,"parameters":{"weights":[...]}}} filter_query
//   (request)    {"query":{...}}: the search's query also has to match this filter
//
// Any other processor type is refused with OpenSearch's "Invalid processor type X" (as a node
// without that plugin would). The math is plain functions over plain data so it is tested
// against hand-computed values (tests/unit/api/search_pipeline_test.cpp).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/base/status.h"

namespace pharos::api {

// `raw` keeps the sub-query scores as they are: how a hybrid query runs with no pipeline.
enum class NormalizationTechnique { min_max, l2, rrf, raw };
// `max` is used only without a pipeline (see hybrid_search.h).
enum class CombinationTechnique { arithmetic_mean, geometric_mean, harmonic_mean, rrf, max };

// min_max's optional per-sub-query lower bound (OpenSearch 3.x).
struct ScoreLowerBound {
  enum class Mode { apply, clip, ignore } mode = Mode::apply;
  float min_score = 0.0f;
};

struct HybridScoring {
  NormalizationTechnique normalization = NormalizationTechnique::min_max;
  std::vector<ScoreLowerBound> lower_bounds;  // empty = none
  int rank_constant = 60;                     // rrf
  CombinationTechnique combination = CombinationTechnique::arithmetic_mean;
  std::vector<float> weights;  // empty = every sub-query weighs 1
};

struct SearchPipeline {
  std::string id;
  std::optional<HybridScoring> scoring;          // from a normalization- or score-ranker-processor
  std::vector<std::string> filter_queries_json;  // filter_query request processors, in order
};

// Validates a pipeline body as OpenSearch does at PUT time: unknown top-level keys →
// parse_error ("pipeline [id] doesn't support one or more provided configuration parameters
// [..]"), unknown processor types / bad techniques, weights or rank_constant → invalid_argument.
Result<SearchPipeline> parse_search_pipeline(const std::string& id, const nlohmann::json& body);

// The scoring checks that need the number of sub-queries (weights and lower_bounds must have
// one entry per sub-query); invalid_argument with OpenSearch's messages.
Status check_scoring_for_sub_queries(const HybridScoring& scoring, size_t sub_queries);

// ---- the math

struct SubQueryHit {
  uint32_t doc = 0;  // shard-level doc id
  float score = 0.0f;
};

// One shard's results of a hybrid query: per sub-query, its top docs best first.
struct ShardSubQueryHits {
  std::vector<std::vector<SubQueryHit>> sub_queries;
};

struct FusedHit {
  uint32_t doc = 0;
  float score = 0.0f;
};

// Normalises every sub-query's scores over all shards (min/max, L2 norm), or turns them into
// reciprocal ranks (rrf, ranks within each shard's list as OpenSearch computes them), then
// combines each doc's scores; a doc missing from a sub-query has score 0 there. Per shard:
// fused hits best first (ties by doc id), at most `per_shard_limit` (the shard's k). OpenSearch's
// ScoreCombiner (2.x) cuts to the shard's longest sub-query list instead, which can drop matches
// even when fewer than k docs matched; Pharos keeps them.
std::vector<std::vector<FusedHit>> fuse_hybrid_hits(const HybridScoring& scoring,
                                                    const std::vector<ShardSubQueryHits>& shards,
                                                    size_t per_shard_limit);

// One score under min_max, given its sub-query's min and max (OpenSearch's edge cases: a
// single distinct score → 1.0; a normalised 0 → 0.001).
float min_max_normalize(float score, float min_score, float max_score, const ScoreLowerBound* bound);
// One doc's combined score; `scores` has one entry per sub-query (0 = missing / zero).
float combine_scores(CombinationTechnique technique, const std::vector<float>& scores,
                     const std::vector<float>& weights);

}  // namespace pharos::api
