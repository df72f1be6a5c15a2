#include "server/api/search_pipeline.h"

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace pharos::api {
namespace {

using nlohmann::json;

constexpr const char* kNormalizationProcessor = "normalization-processor";
constexpr const char* kScoreRankerProcessor = "score-ranker-processor";
constexpr float kMinMaxZeroScore = 0.001f;  // min_max never returns 0: the doc did match
constexpr float kWeightSumDelta = 0.01f;

Status invalid(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }
Status parse_error(std::string message) { return Status(ErrorKind::parse_error, std::move(message)); }

// The Java class OpenSearch's ConfigurationUtils names in its type errors.
std::string java_type(const json& value) {
  if (value.is_string()) return "java.lang.String";
  if (value.is_boolean()) return "java.lang.Boolean";
  if (value.is_number_integer() || value.is_number_unsigned()) return "java.lang.Integer";
  if (value.is_number()) return "java.lang.Double";
  if (value.is_array()) return "java.util.ArrayList";
  return "java.util.HashMap";
}

// An optional map-valued property of a processor config (nullptr when absent).
Result<const json*> optional_map(const json& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) {
    return parse_error(std::string("[") + key + "] property isn't a map, but of type [" + java_type(*it) +
                       "]");
  }
  return &*it;
}

Result<std::string> optional_string(const json& config, const char* key, const std::string& fallback) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    return parse_error(std::string("[") + key + "] property isn't a string, but of type [" + java_type(*it) +
                       "]");
  }
  return it->get<std::string>();
}

// Java's Float.toString for the values users write (0.3 → "0.3", 1 → "1.0").
std::string java_float(float value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

std::string java_float_list(const std::vector<float>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + java_float(values[i]);
  return out + "]";
}

Status check_only_keys(const json& object, std::initializer_list<const char*> allowed,
                       const std::string& what) {
  std::string extra;
  for (const auto& [key, value] : object.items()) {
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* k) { return key == k; }) ==
        allowed.end()) {
      extra += (extra.empty() ? "" : ", ") + key;
    }
  }
  if (extra.empty()) return Status::ok();
  return parse_error(what + " doesn't support one or more provided configuration parameters [" + extra + "]");
}

// combination.parameters: only "weights", each in [0, 1], summing to 1 (±0.01).
Result<std::vector<float>> parse_weights(const json* parameters) {
  std::vector<float> weights;
  if (!parameters || parameters->empty()) return weights;
  for (const auto& [key, value] : parameters->items()) {
    if (key != "weights") {
      return invalid(
          "provided parameter for combination technique is not supported. supported parameters are "
          "[weights]");
    }
  }
  const json& list = (*parameters)["weights"];
  if (!list.is_array()) return invalid("parameter [weights] must be a collection of numbers");
  for (const auto& weight : list) {
    if (!weight.is_number()) return invalid("parameter [weights] must be a collection of numbers");
    weights.push_back(weight.get<float>());
  }
  if (std::any_of(weights.begin(), weights.end(), [](float w) { return !(w >= 0.0f && w <= 1.0f); })) {
    return invalid("all weights must be in range [0.0 ... 1.0], submitted weights: " +
                   java_float_list(weights));
  }
  float sum = 0.0f;
  for (float weight : weights) sum += weight;
  if (std::fabs(sum - 1.0f) > kWeightSumDelta) {
    return invalid("sum of weights for combination must be equal to 1.0, submitted weights: " +
                   java_float_list(weights));
  }
  return weights;
}

Result<ScoreLowerBound> parse_lower_bound(const json& bound) {
  if (!bound.is_object()) return invalid("each lower bound must be a map");
  PHAROS_RETURN_IF_ERROR(check_only_keys(bound, {"mode", "min_score"}, "lower bound"));
  ScoreLowerBound out;
  std::string mode =
      bound.contains("mode") && bound["mode"].is_string() ? bound["mode"].get<std::string>() : "";
  if (mode == "clip") {
    out.mode = ScoreLowerBound::Mode::clip;
  } else if (mode == "ignore") {
    out.mode = ScoreLowerBound::Mode::ignore;
  } else if (!mode.empty() && mode != "apply") {
    return invalid("invalid mode: " + mode + ", valid values are: apply, clip, ignore");
  }
  if (bound.contains("min_score") && !bound["min_score"].is_null()) {
    const json& min_score = bound["min_score"];
    if (!min_score.is_number()) return invalid("invalid format for min_score: must be a valid float value");
    out.min_score = min_score.get<float>();
    if (!(out.min_score >= -10000.0f && out.min_score <= 10000.0f)) {
      return invalid("min_score must be a valid finite number between -10000.000000 and 10000.000000");
    }
  }
  return out;
}

Status parse_normalization(const json* normalization, HybridScoring& scoring) {
  if (!normalization) return Status::ok();
  PHAROS_ASSIGN_OR_RETURN(std::string technique, optional_string(*normalization, "technique", "min_max"));
  PHAROS_ASSIGN_OR_RETURN(const json* parameters, optional_map(*normalization, "parameters"));
  if (technique == "l2") {
    scoring.normalization = NormalizationTechnique::l2;
    if (parameters && !parameters->empty())
      return invalid("unrecognized parameters in normalization technique");
    return Status::ok();
  }
  if (technique != "min_max") return invalid("provided normalization technique is not supported");
  scoring.normalization = NormalizationTechnique::min_max;
  if (!parameters) return Status::ok();
  for (const auto& [key, value] : parameters->items()) {
    if (key != "lower_bounds") return invalid("unrecognized parameters in normalization technique");
    if (!value.is_array()) return invalid("lower_bounds must be a List");
    if (value.size() > 5) {
      return invalid("lower_bounds size " + std::to_string(value.size()) +
                     " should be less than or equal to 5");
    }
    for (const auto& bound : value) {
      PHAROS_ASSIGN_OR_RETURN(ScoreLowerBound parsed, parse_lower_bound(bound));
      scoring.lower_bounds.push_back(parsed);
    }
  }
  return Status::ok();
}

Result<HybridScoring> parse_normalization_processor(const json& config) {
  PHAROS_RETURN_IF_ERROR(
      check_only_keys(config, {"normalization", "combination", "tag", "description", "ignore_failure"},
                      std::string("processor [") + kNormalizationProcessor + "]"));
  HybridScoring scoring;
  PHAROS_ASSIGN_OR_RETURN(const json* normalization, optional_map(config, "normalization"));
  PHAROS_RETURN_IF_ERROR(parse_normalization(normalization, scoring));
  PHAROS_ASSIGN_OR_RETURN(const json* combination, optional_map(config, "combination"));
  if (!combination) return scoring;
  PHAROS_ASSIGN_OR_RETURN(std::string technique,
                          optional_string(*combination, "technique", "arithmetic_mean"));
  if (technique == "arithmetic_mean") {
    scoring.combination = CombinationTechnique::arithmetic_mean;
  } else if (technique == "geometric_mean") {
    scoring.combination = CombinationTechnique::geometric_mean;
  } else if (technique == "harmonic_mean") {
    scoring.combination = CombinationTechnique::harmonic_mean;
  } else {
    return invalid("provided combination technique is not supported");
  }
  PHAROS_ASSIGN_OR_RETURN(const json* parameters, optional_map(*combination, "parameters"));
  PHAROS_ASSIGN_OR_RETURN(scoring.weights, parse_weights(parameters));
  return scoring;
}

Result<HybridScoring> parse_score_ranker_processor(const json& config) {
  PHAROS_RETURN_IF_ERROR(check_only_keys(config, {"combination", "tag", "description", "ignore_failure"},
                                         std::string("processor [") + kScoreRankerProcessor + "]"));
  HybridScoring scoring;
  scoring.normalization = NormalizationTechnique::rrf;
  scoring.combination = CombinationTechnique::rrf;
  PHAROS_ASSIGN_OR_RETURN(const json* combination, optional_map(config, "combination"));
  if (!combination) return scoring;
  PHAROS_ASSIGN_OR_RETURN(std::string technique, optional_string(*combination, "technique", "rrf"));
  if (technique != "rrf") return invalid("provided combination technique is not supported");
  if (auto it = combination->find("rank_constant"); it != combination->end()) {
    int64_t rank_constant = 0;
    if (it->is_number_integer()) {
      rank_constant = it->get<int64_t>();
    } else if (it->is_string() && !it->get<std::string>().empty() &&
               std::all_of(it->get_ref<const std::string&>().begin(), it->get_ref<const std::string&>().end(),
                           [](char c) { return c >= '0' && c <= '9'; }) &&
               it->get<std::string>().size() < 10) {
      rank_constant = std::stoll(it->get<std::string>());
    } else {
      return invalid("parameter [rank_constant] must be an integer");
    }
    if (rank_constant < 1 || rank_constant > 10000) {
      return invalid("rank constant must be in the interval between 1 and 10000, submitted rank constant: " +
                     std::to_string(rank_constant));
    }
    scoring.rank_constant = static_cast<int>(rank_constant);
  }
  PHAROS_ASSIGN_OR_RETURN(const json* parameters, optional_map(*combination, "parameters"));
  PHAROS_ASSIGN_OR_RETURN(scoring.weights, parse_weights(parameters));
  return scoring;
}

// One processors list ("request_processors", ...): [{"type": {config}}, ...].
Status parse_processors(const json& list, const std::string& section, SearchPipeline& pipeline) {
  if (!list.is_array()) {
    return parse_error("[" + section + "] property isn't a list, but of type [" + java_type(list) + "]");
  }
  for (const auto& entry : list) {
    if (!entry.is_object()) return parse_error("[" + section + "] processor definitions must be objects");
    for (const auto& [type, config] : entry.items()) {
      if (!config.is_object()) {
        return parse_error("[" + type + "] processor config isn't a map, but of type [" + java_type(config) +
                           "]");
      }
      if (section == "request_processors" && type == "filter_query") {
        PHAROS_RETURN_IF_ERROR(check_only_keys(config, {"query", "tag", "description", "ignore_failure"},
                                               "processor [filter_query]"));
        if (!config.contains("query") || !config["query"].is_object()) {
          return parse_error("[query] required property is missing");
        }
        pipeline.filter_queries_json.push_back(config["query"].dump());
      } else if (section == "phase_results_processors" &&
                 (type == kNormalizationProcessor || type == kScoreRankerProcessor)) {
        auto scoring = type == kNormalizationProcessor ? parse_normalization_processor(config)
                                                       : parse_score_ranker_processor(config);
        if (!scoring.is_ok()) return scoring.status();
        if (!pipeline.scoring) pipeline.scoring = std::move(scoring.value());  // the first one decides
      } else {
        return invalid("Invalid processor type " + type);
      }
    }
  }
  return Status::ok();
}

}  // namespace

Result<SearchPipeline> parse_search_pipeline(const std::string& id, const json& body) {
  if (!body.is_object()) return parse_error("request body is required");
  SearchPipeline pipeline;
  pipeline.id = id;
  std::string extra;
  for (const auto& [key, value] : body.items()) {
    if (key == "description") {
      if (!value.is_string()) {
        return parse_error("[description] property isn't a string, but of type [" + java_type(value) + "]");
      }
    } else if (key == "version") {
      if (!value.is_number_integer()) return parse_error("Failed to parse content to map");
    } else if (key == "request_processors" || key == "response_processors" ||
               key == "phase_results_processors") {
      PHAROS_RETURN_IF_ERROR(parse_processors(value, key, pipeline));
    } else {
      extra += (extra.empty() ? "" : ", ") + key;
    }
  }
  if (!extra.empty()) {
    return parse_error("pipeline [" + id +
                       "] doesn't support one or more provided configuration parameters [" + extra + "]");
  }
  return pipeline;
}

Status check_scoring_for_sub_queries(const HybridScoring& scoring, size_t sub_queries) {
  if (!scoring.weights.empty() && scoring.weights.size() != sub_queries) {
    return invalid("number of weights [" + std::to_string(scoring.weights.size()) +
                   "] must match number of sub-queries [" + std::to_string(sub_queries) +
                   "] in hybrid query");
  }
  if (!scoring.lower_bounds.empty() && scoring.lower_bounds.size() != sub_queries) {
    return invalid("expected lower bounds array to contain " + std::to_string(sub_queries) +
                   " elements matching the number of sub-queries, but found a mismatch");
  }
  return Status::ok();
}

float min_max_normalize(float score, float min_score, float max_score, const ScoreLowerBound* bound) {
  if (max_score == min_score && score == max_score) return 1.0f;
  using Mode = ScoreLowerBound::Mode;
  if (!bound || bound->mode == Mode::ignore) {
    float normalized = (score - min_score) / (max_score - min_score);
    return normalized == 0.0f ? kMinMaxZeroScore : normalized;
  }
  float lower = bound->min_score;
  // OpenSearch's documented modes: clip zeroes scores under the bound, apply falls back to plain
  // min-max for them; a bound above the max score is not used at all.
  if (bound->mode == Mode::clip && score < lower) return 0.0f;
  if (max_score < lower || (bound->mode == Mode::apply && score < lower)) {
    return (score - min_score) / (max_score - min_score);
  }
  return (score - lower) / (max_score - lower);
}

float combine_scores(CombinationTechnique technique, const std::vector<float>& scores,
                     const std::vector<float>& weights) {
  auto weight = [&](size_t i) { return i < weights.size() ? weights[i] : 1.0f; };
  float sum = 0.0f, sum_of_weights = 0.0f;
  switch (technique) {
    case CombinationTechnique::arithmetic_mean:
      // A missing sub-query counts as 0 with its weight (OpenSearch fills missing scores with 0).
      for (size_t i = 0; i < scores.size(); ++i) {
        if (scores[i] < 0.0f) continue;
        sum += scores[i] * weight(i);
        sum_of_weights += weight(i);
      }
      return sum_of_weights == 0.0f ? 0.0f : sum / sum_of_weights;
    case CombinationTechnique::geometric_mean:
      // ln(0) is undefined, so missing (zero) scores are left out, weights included.
      for (size_t i = 0; i < scores.size(); ++i) {
        if (scores[i] <= 0.0f) continue;
        sum_of_weights += weight(i);
        sum = static_cast<float>(sum + weight(i) * std::log(static_cast<double>(scores[i])));
      }
      return sum_of_weights == 0.0f ? 0.0f
                                    : static_cast<float>(std::exp(static_cast<double>(sum / sum_of_weights)));
    case CombinationTechnique::harmonic_mean:
      for (size_t i = 0; i < scores.size(); ++i) {
        if (scores[i] <= 0.0f) continue;
        sum_of_weights += weight(i);
        sum += weight(i) / scores[i];
      }
      return sum > 0.0f ? sum_of_weights / sum : 0.0f;
    case CombinationTechnique::rrf:
      for (size_t i = 0; i < scores.size(); ++i) sum += scores[i] * weight(i);
      return sum;
    case CombinationTechnique::max: {
      float best = 0.0f;
      for (float score : scores) best = std::max(best, score);
      return best;
    }
  }
  return 0.0f;
}

namespace {

// Rewrites every hit's score in place as the normalisation technique says.
void normalize_all(const HybridScoring& scoring, std::vector<ShardSubQueryHits>& shards, size_t sub_queries) {
  if (scoring.normalization == NormalizationTechnique::raw) return;
  if (scoring.normalization == NormalizationTechnique::rrf) {
    for (auto& shard : shards) {
      for (auto& hits : shard.sub_queries) {
        for (size_t rank = 0; rank < hits.size(); ++rank) {
          hits[rank].score =
              static_cast<float>(1.0 / (scoring.rank_constant + static_cast<double>(rank) + 1.0));
        }
      }
    }
    return;
  }
  // Statistics per sub-query over every shard's top docs. Java's Float.MIN_VALUE (the smallest
  // positive float) is OpenSearch's starting max.
  std::vector<float> min_score(sub_queries, FLT_MAX), max_score(sub_queries, FLT_TRUE_MIN),
      l2(sub_queries, 0.0f);
  for (const auto& shard : shards) {
    for (size_t j = 0; j < shard.sub_queries.size(); ++j) {
      for (const auto& hit : shard.sub_queries[j]) {
        min_score[j] = std::min(min_score[j], hit.score);
        max_score[j] = std::max(max_score[j], hit.score);
        l2[j] += hit.score * hit.score;
      }
    }
  }
  for (auto& norm : l2) norm = std::sqrt(norm);
  for (auto& shard : shards) {
    for (size_t j = 0; j < shard.sub_queries.size(); ++j) {
      const ScoreLowerBound* bound = j < scoring.lower_bounds.size() ? &scoring.lower_bounds[j] : nullptr;
      for (auto& hit : shard.sub_queries[j]) {
        if (scoring.normalization == NormalizationTechnique::l2) {
          hit.score = l2[j] == 0.0f ? 0.0f : hit.score / l2[j];
        } else {
          hit.score = min_max_normalize(hit.score, min_score[j], max_score[j], bound);
        }
      }
    }
  }
}

}  // namespace

std::vector<std::vector<FusedHit>> fuse_hybrid_hits(const HybridScoring& scoring,
                                                    const std::vector<ShardSubQueryHits>& shards,
                                                    size_t per_shard_limit) {
  size_t sub_queries = 0;
  for (const auto& shard : shards) sub_queries = std::max(sub_queries, shard.sub_queries.size());
  std::vector<ShardSubQueryHits> normalized = shards;
  normalize_all(scoring, normalized, sub_queries);
  std::vector<std::vector<FusedHit>> out(shards.size());
  for (size_t s = 0; s < normalized.size(); ++s) {
    std::map<uint32_t, std::vector<float>> scores_by_doc;
    for (size_t j = 0; j < normalized[s].sub_queries.size(); ++j) {
      for (const auto& hit : normalized[s].sub_queries[j]) {
        auto [it, inserted] = scores_by_doc.try_emplace(hit.doc, sub_queries, 0.0f);
        it->second[j] = hit.score;
      }
    }
    auto& fused = out[s];
    for (const auto& [doc, scores] : scores_by_doc) {
      fused.push_back({doc, combine_scores(scoring.combination, scores, scoring.weights)});
    }
    std::stable_sort(fused.begin(), fused.end(),
                     [](const FusedHit& a, const FusedHit& b) { return a.score > b.score; });
    if (fused.size() > per_shard_limit) fused.resize(per_shard_limit);
  }
  return out;
}

}  // namespace pharos::api
