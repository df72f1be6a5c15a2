#include "index/analysis/builtin_analyzers.h"

#include <nlohmann/json.hpp>

#include "index/analysis/ascii_folding_filter.h"
#include "index/analysis/basic_token_filters.h"
#include "index/analysis/chain_analyzer.h"
#include "index/analysis/java_regex.h"
#include "index/analysis/pattern_tokenizer.h"
#include "index/analysis/char_run_tokenizer.h"
#include "index/analysis/settings_params.h"
#include "index/analysis/standard_tokenizer.h"
#include "index/analysis/stemmer_filter.h"
#include "index/analysis/stop_filter.h"

namespace pharos::analysis {
namespace {

using FilterList = std::vector<std::shared_ptr<const TokenFilter>>;

std::shared_ptr<const TokenFilter> lowercase_filter() {
  return std::make_shared<TermRewriteFilter>(TermRewriteFilter::lowercase());
}

std::shared_ptr<const Analyzer> chain(const std::string& name, std::shared_ptr<const Tokenizer> tokenizer,
                                      FilterList filters) {
  return std::make_shared<ChainAnalyzer>(name, std::vector<std::shared_ptr<const CharFilter>>{}, std::move(tokenizer),
                                         std::move(filters));
}

Result<uint32_t> max_token_length(const nlohmann::json& params) {
  PHAROS_ASSIGN_OR_RETURN(int64_t len, param_int(params, "max_token_length", 255));
  if (len < 1 || len > 1024 * 1024) {
    return Status(ErrorKind::invalid_argument,
                  "maxTokenLength must be greater than 0 and less than 1048576 passed: " + std::to_string(len));
  }
  return static_cast<uint32_t>(len);
}

// Adds a stop filter when the resolved list is non-empty.
Status add_stop_filter(const nlohmann::json& params, std::string_view default_list, FilterList& filters) {
  PHAROS_ASSIGN_OR_RETURN(auto words, resolve_stopwords(params, default_list));
  if (!words.empty()) filters.push_back(std::make_shared<StopFilter>(words, false));
  return Status::ok();
}

Result<std::shared_ptr<const Analyzer>> make_standard(const std::string& name, const nlohmann::json& params) {
  PHAROS_ASSIGN_OR_RETURN(uint32_t max_len, max_token_length(params));
  FilterList filters{lowercase_filter()};
  PHAROS_RETURN_IF_ERROR(add_stop_filter(params, "_none_", filters));
  return chain(name, std::make_shared<StandardTokenizer>(max_len), std::move(filters));
}

Result<std::shared_ptr<const Analyzer>> make_english(const std::string& name, const nlohmann::json& params) {
  FilterList filters{std::make_shared<TermRewriteFilter>(TermRewriteFilter::english_possessive()),
                     lowercase_filter()};
  PHAROS_RETURN_IF_ERROR(add_stop_filter(params, "_english_", filters));
  PHAROS_ASSIGN_OR_RETURN(auto stemmer, StemmerFilter::create("porter"));
  filters.push_back(std::move(stemmer));
  return chain(name, std::make_shared<StandardTokenizer>(), std::move(filters));
}

// pattern analyzer: pattern tokenizer (default \W+, lowercase true) + optional stopwords.
Result<std::shared_ptr<const Analyzer>> make_pattern(const std::string& name, const nlohmann::json& params) {
  PHAROS_ASSIGN_OR_RETURN(std::string pattern, param_string(params, "pattern", "\\W+"));
  PHAROS_ASSIGN_OR_RETURN(std::string flags, param_string(params, "flags", ""));
  PHAROS_ASSIGN_OR_RETURN(bool lowercase, param_bool(params, "lowercase", true));
  PHAROS_ASSIGN_OR_RETURN(auto regex, compile_java_regex(pattern, flags));
  FilterList filters;
  if (lowercase) filters.push_back(lowercase_filter());
  PHAROS_RETURN_IF_ERROR(add_stop_filter(params, "_none_", filters));
  return chain(name, std::make_shared<PatternTokenizer>(std::move(regex), -1), std::move(filters));
}

// fingerprint analyzer: standard → lowercase → asciifolding → stop → fingerprint.
Result<std::shared_ptr<const Analyzer>> make_fingerprint(const std::string& name, const nlohmann::json& params) {
  PHAROS_ASSIGN_OR_RETURN(std::string separator, param_string(params, "separator", " "));
  PHAROS_ASSIGN_OR_RETURN(int64_t max_output, param_int(params, "max_output_size", 255));
  if (max_output < 1) return Status(ErrorKind::invalid_argument, "[max_output_size] must be positive");
  FilterList filters{lowercase_filter(), std::make_shared<AsciiFoldingFilter>(false)};
  PHAROS_RETURN_IF_ERROR(add_stop_filter(params, "_none_", filters));
  filters.push_back(std::make_shared<FingerprintFilter>(separator, static_cast<uint32_t>(max_output)));
  return chain(name, std::make_shared<StandardTokenizer>(), std::move(filters));
}

}  // namespace

const std::vector<std::string>& builtin_analyzer_types() {
  static const std::vector<std::string> kTypes = {"standard", "simple", "whitespace", "keyword",
                                                  "stop",     "english", "pattern", "fingerprint"};
  return kTypes;
}

Result<std::shared_ptr<const Analyzer>> make_builtin_analyzer(const std::string& name, std::string_view type,
                                                              const nlohmann::json& params) {
  if (type == "standard") return make_standard(name, params);
  if (type == "simple") return chain(name, std::make_shared<CharRunTokenizer>(CharRunTokenizer::letter(true)), {});
  if (type == "whitespace") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t max_len, max_token_length(params));
    return chain(name, std::make_shared<CharRunTokenizer>(CharRunTokenizer::whitespace(max_len)), {});
  }
  if (type == "keyword") return chain(name, std::make_shared<KeywordTokenizer>(), {});
  if (type == "stop") {
    FilterList filters;
    PHAROS_RETURN_IF_ERROR(add_stop_filter(params, "_english_", filters));
    return chain(name, std::make_shared<CharRunTokenizer>(CharRunTokenizer::letter(true)), std::move(filters));
  }
  if (type == "english") return make_english(name, params);
  if (type == "pattern") return make_pattern(name, params);
  if (type == "fingerprint") return make_fingerprint(name, params);
  return Status(ErrorKind::not_found, "Unknown analyzer type [" + std::string(type) + "] for [" + name + "]");
}

}  // namespace pharos::analysis
