// The executable query tree: what query/dsl produces from Query DSL JSON (fields resolved,
// text analysed, dates converted) and what index/search runs against segments. Plain data, so
// it can cross the shard request boundary (and later the network) without the DSL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pharos::search {

enum class QueryKind {
  match_all,
  match_none,
  term,            // field, terms[0] (an encoded term as indexed; see index/mapping/term_encoding.h)
  terms,           // field, terms: any of them (constant score 1 * boost, like Lucene's TermInSetQuery)
  phrase,          // field, terms + positions (relative), slop
  numeric_range,   // field over numeric doc values: [int_lower, int_upper] inclusive
  floating_range,  // field over floating doc values: bounds with include_lower/include_upper
  term_range,      // field over terms (keyword/text) in byte order: lower/upper strings, inclusivity
  exists,          // field (checks _field_names-style presence via doc values or postings)
  prefix,          // field, pattern = the prefix (constant score)
  wildcard,        // field, pattern with * and ? (constant score)
  regexp,          // field, pattern (RE2 syntax, whole-term match; constant score)
  fuzzy,    // field, terms[0], max_edits (0..2), prefix_length, transpositions; scored like terms (blended)
  ids,      // terms = the _id values
  boolean,  // must / should / must_not / filter, minimum_should_match
  constant_score,  // children[0] as a filter, score = boost
  dis_max,         // children, tie_breaker
  boosting,        // children[0] positive, children[1] negative, negative_boost
  function_score,  // children[0] and functions (see FunctionSpec)
  knn,             // field, knn (KnnParams), filter[0] optional: k-NN over the field's vector indexes
};

// A k-NN query (OpenSearch's `knn`). Exactly one of k / max_distance / min_score is set. The
// shard runs it once over every segment (filter ∧ live docs), keeps the shard's best k (or
// every doc within the radius) and scores those docs with the space's score translation; the
// node then matches exactly those docs, so it composes inside bool like any other query.
struct KnnParams {
  std::vector<float> vector;
  uint32_t k = 0;                      // 0 = radial search
  std::optional<float> max_distance;   // radial, in the space's library distance
  std::optional<float> min_score;      // radial, in OpenSearch _score units
  uint32_t ef_search = 0;              // 0 = the index's default
  uint32_t nprobes = 0;                // 0 = the index's default
  float oversample_factor = 0.0f;      // rescore: fetch k * factor, re-score exactly (0 = off)
  bool exact = false;                  // Pharos extension: brute force (ground truth)
  std::string space;                   // the field's space_type (mapping), e.g. "l2"
};

// A score function of function_score.
struct FunctionSpec {
  enum class Type { weight, field_value_factor, gauss, exp, linear, random_score } type = Type::weight;
  float weight = 1.0f;
  std::string field;
  // field_value_factor
  float factor = 1.0f;
  std::string modifier = "none";  // none log log1p log2p ln ln1p ln2p square sqrt reciprocal
  std::optional<double> missing;
  // decay: origin/scale/offset in the field's numeric units (dates in millis), decay in (0,1)
  double origin = 0, scale = 1, offset = 0, decay = 0.5;
  // random_score
  uint64_t seed = 0;
};

struct QueryNode {
  QueryKind kind = QueryKind::match_all;
  float boost = 1.0f;
  std::string name;  // `_name` for matched_queries

  std::string field;
  std::vector<std::string> terms;
  std::vector<uint32_t> positions;  // phrase: position of each term (gaps allowed)
  uint32_t slop = 0;

  int64_t int_lower = INT64_MIN, int_upper = INT64_MAX;  // numeric_range (inclusive)
  std::optional<double> float_lower, float_upper;        // floating_range
  std::optional<std::string> term_lower, term_upper;     // term_range
  bool include_lower = true, include_upper = true;

  std::string pattern;  // prefix / wildcard / regexp
  bool case_insensitive = false;
  uint32_t max_edits = 2, prefix_length = 0, max_expansions = 50;
  bool transpositions = true;

  std::vector<QueryNode> must, should, must_not, filter;
  uint32_t minimum_should_match = 0;  // boolean: resolved count (0 = default rules)

  std::vector<QueryNode> children;  // constant_score / dis_max / boosting / function_score
  float tie_breaker = 0.0f;
  float negative_boost = 1.0f;

  std::vector<FunctionSpec> functions;
  std::vector<QueryNode> function_filters;  // parallel to functions; match_all when unfiltered
  std::string score_mode = "multiply";      // multiply sum avg first max min
  std::string boost_mode = "multiply";      // multiply replace sum avg max min
  std::optional<float> max_boost, min_score;

  KnnParams knn;  // kind == knn
};

}  // namespace pharos::search
