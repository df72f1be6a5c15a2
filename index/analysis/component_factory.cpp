#include "index/analysis/component_factory.h"

#include <re2/re2.h>

#include <cctype>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "index/analysis/ascii_folding_filter.h"
#include "index/analysis/basic_token_filters.h"
#include "index/analysis/char_run_tokenizer.h"
#include "index/analysis/html_strip_char_filter.h"
#include "index/analysis/java_regex.h"
#include "index/analysis/mapping_char_filter.h"
#include "index/analysis/ngram_tokenizer.h"
#include "index/analysis/pattern_tokenizer.h"
#include "index/analysis/settings_params.h"
#include "index/analysis/standard_tokenizer.h"
#include "index/analysis/stemmer_filter.h"
#include "index/analysis/stop_filter.h"
#include "index/analysis/utf8.h"

namespace pharos::analysis {
namespace {

using json = nlohmann::json;

Status not_found(std::string_view what, std::string_view type) {
  return Status(ErrorKind::not_found, "Unknown " + std::string(what) + " type [" + std::string(type) + "]");
}

Result<uint32_t> bounded_int(const json& params, std::string_view key, int64_t def, int64_t min, int64_t max) {
  PHAROS_ASSIGN_OR_RETURN(int64_t v, param_int(params, key, def));
  if (v < min || v > max) {
    // Built by append: GCC 12 reports a false -Wrestrict on chained operator+ here.
    std::string message = "[";
    message.append(key).append("] must be between ").append(std::to_string(min));
    message.append(" and ").append(std::to_string(max)).append(", got [").append(std::to_string(v)).append("]");
    return Status(ErrorKind::invalid_argument, std::move(message));
  }
  return static_cast<uint32_t>(v);
}

Result<std::shared_ptr<const Tokenizer>> make_ngram(std::string_view type, const json& params, const AnalysisLimits& limits) {
  const bool edge = type == "edge_ngram" || type == "edgeNGram";
  PHAROS_ASSIGN_OR_RETURN(uint32_t min_gram, bounded_int(params, "min_gram", 1, 1, 1024));
  PHAROS_ASSIGN_OR_RETURN(uint32_t max_gram, bounded_int(params, "max_gram", 2, 1, 1024));
  if (min_gram > max_gram) {
    return Status(ErrorKind::invalid_argument, "minGram must not be greater than maxGram");
  }
  if (!edge && static_cast<int64_t>(max_gram - min_gram) > limits.max_ngram_diff) {
    return Status(ErrorKind::invalid_argument,
                  "The difference between max_gram and min_gram in NGram Tokenizer must be less than or equal to: [" +
                      std::to_string(limits.max_ngram_diff) + "] but was [" + std::to_string(max_gram - min_gram) +
                      "]. This limit can be set by changing the [index.max_ngram_diff] index level setting.");
  }
  CharClassSet token_chars;
  PHAROS_ASSIGN_OR_RETURN(auto classes, param_list(params, "token_chars", true));
  for (const auto& c : classes) {
    if (c == "custom") continue;
    if (!token_chars.add_class(c)) {
      return Status(ErrorKind::invalid_argument, "Unknown token type: '" + c +
                                                     "', must be one of [symbol, custom, whitespace, letter, punctuation, digit]");
    }
  }
  PHAROS_ASSIGN_OR_RETURN(std::string custom, param_string(params, "custom_token_chars", ""));
  for (size_t pos = 0; pos < custom.size();) {
    const DecodedChar d = decode_utf8(custom, pos);
    token_chars.custom.push_back(d.cp);
    pos += d.length;
  }
  return std::shared_ptr<const Tokenizer>(std::make_shared<NGramTokenizer>(min_gram, max_gram, std::move(token_chars), edge));
}

Result<std::shared_ptr<const Tokenizer>> make_pattern_tokenizer(const json& params) {
  PHAROS_ASSIGN_OR_RETURN(std::string pattern, param_string(params, "pattern", "\\W+"));
  PHAROS_ASSIGN_OR_RETURN(std::string flags, param_string(params, "flags", ""));
  PHAROS_ASSIGN_OR_RETURN(int64_t group, param_int(params, "group", -1));
  PHAROS_ASSIGN_OR_RETURN(auto regex, compile_java_regex(pattern, flags));
  if (group > regex->NumberOfCapturingGroups()) {
    return Status(ErrorKind::invalid_argument, "invalid group [" + std::to_string(group) + "] for pattern [" + pattern + "]");
  }
  return std::shared_ptr<const Tokenizer>(std::make_shared<PatternTokenizer>(std::move(regex), group < 0 ? -1 : static_cast<int>(group)));
}

Result<std::shared_ptr<const Tokenizer>> make_char_group(const json& params) {
  PHAROS_ASSIGN_OR_RETURN(auto entries, param_list(params, "tokenize_on_chars"));
  CharClassSet split_on;
  for (const auto& e : entries) PHAROS_RETURN_IF_ERROR(add_char_group_entry(e, split_on));
  PHAROS_ASSIGN_OR_RETURN(uint32_t max_len, bounded_int(params, "max_token_length", 255, 1, 1024 * 1024));
  return std::shared_ptr<const Tokenizer>(std::make_shared<CharGroupTokenizer>(std::move(split_on), max_len));
}

Result<std::shared_ptr<const TokenFilter>> make_stemmer(std::string_view type, const json& params) {
  std::string algorithm;
  if (type == "porter_stem") {
    algorithm = "porter";
  } else if (type == "snowball") {
    PHAROS_ASSIGN_OR_RETURN(std::string language, param_string(params, "language", "English"));
    PHAROS_ASSIGN_OR_RETURN(algorithm, StemmerFilter::algorithm_for_snowball_language(language));
  } else {
    PHAROS_ASSIGN_OR_RETURN(std::string language, param_string(params, "language", ""));
    if (language.empty()) {
      PHAROS_ASSIGN_OR_RETURN(language, param_string(params, "name", "english"));
    }
    if (language == "possessive_english") {
      return std::shared_ptr<const TokenFilter>(std::make_shared<TermRewriteFilter>(TermRewriteFilter::english_possessive()));
    }
    PHAROS_ASSIGN_OR_RETURN(algorithm, StemmerFilter::algorithm_for_stemmer_language(language));
  }
  PHAROS_ASSIGN_OR_RETURN(auto filter, StemmerFilter::create(algorithm));
  return std::shared_ptr<const TokenFilter>(std::move(filter));
}

Result<std::shared_ptr<const TokenFilter>> make_stop(const json& params) {
  PHAROS_ASSIGN_OR_RETURN(auto words, resolve_stopwords(params, "_english_"));
  PHAROS_ASSIGN_OR_RETURN(bool ignore_case, param_bool(params, "ignore_case", false));
  PHAROS_ASSIGN_OR_RETURN(bool remove_trailing, param_bool(params, "remove_trailing", true));
  return std::shared_ptr<const TokenFilter>(std::make_shared<StopFilter>(words, ignore_case, remove_trailing));
}

template <typename T>
std::shared_ptr<const TokenFilter> rewrite(T factory) {
  return std::make_shared<TermRewriteFilter>(factory());
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> make_tokenizer(std::string_view type, const json& params,
                                                        const AnalysisLimits& limits) {
  if (type == "standard") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t max_len, bounded_int(params, "max_token_length", 255, 1, 1024 * 1024));
    return std::shared_ptr<const Tokenizer>(std::make_shared<StandardTokenizer>(max_len));
  }
  if (type == "whitespace") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t max_len, bounded_int(params, "max_token_length", 255, 1, 1024 * 1024));
    return std::shared_ptr<const Tokenizer>(std::make_shared<CharRunTokenizer>(CharRunTokenizer::whitespace(max_len)));
  }
  if (type == "keyword") return std::shared_ptr<const Tokenizer>(std::make_shared<KeywordTokenizer>());
  if (type == "letter") return std::shared_ptr<const Tokenizer>(std::make_shared<CharRunTokenizer>(CharRunTokenizer::letter(false)));
  if (type == "lowercase") return std::shared_ptr<const Tokenizer>(std::make_shared<CharRunTokenizer>(CharRunTokenizer::letter(true)));
  if (type == "pattern") return make_pattern_tokenizer(params);
  if (type == "ngram" || type == "nGram" || type == "edge_ngram" || type == "edgeNGram") return make_ngram(type, params, limits);
  if (type == "char_group") return make_char_group(params);
  return not_found("tokenizer", type);
}

Result<std::shared_ptr<const TokenFilter>> make_token_filter(std::string_view type, const json& params,
                                                             const AnalysisLimits& limits) {
  if (type == "lowercase") return rewrite(TermRewriteFilter::lowercase);
  if (type == "uppercase") return rewrite(TermRewriteFilter::uppercase);
  if (type == "trim") return rewrite(TermRewriteFilter::trim);
  if (type == "reverse") return rewrite(TermRewriteFilter::reverse);
  if (type == "apostrophe") return rewrite(TermRewriteFilter::apostrophe);
  if (type == "english_possessive" || type == "possessive_english") return rewrite(TermRewriteFilter::english_possessive);
  if (type == "stop") return make_stop(params);
  if (type == "stemmer" || type == "snowball" || type == "porter_stem") return make_stemmer(type, params);
  if (type == "asciifolding") {
    PHAROS_ASSIGN_OR_RETURN(bool preserve, param_bool(params, "preserve_original", false));
    return std::shared_ptr<const TokenFilter>(std::make_shared<AsciiFoldingFilter>(preserve));
  }
  if (type == "length") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t min, bounded_int(params, "min", 0, 0, std::numeric_limits<int32_t>::max()));
    PHAROS_ASSIGN_OR_RETURN(uint32_t max, bounded_int(params, "max", std::numeric_limits<int32_t>::max(), 0,
                                                      std::numeric_limits<int32_t>::max()));
    if (min > max) return Status(ErrorKind::invalid_argument, "minimum length must be less than or equal to maximum length");
    return std::shared_ptr<const TokenFilter>(std::make_shared<LengthFilter>(min, max));
  }
  if (type == "truncate") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t length, bounded_int(params, "length", 10, 1, std::numeric_limits<int32_t>::max()));
    const uint32_t n = length;
    return std::shared_ptr<const TokenFilter>(std::make_shared<TermRewriteFilter>(TermRewriteFilter::truncate(n)));
  }
  if (type == "limit") {
    PHAROS_ASSIGN_OR_RETURN(uint32_t max, bounded_int(params, "max_token_count", 1, 0, std::numeric_limits<int32_t>::max()));
    return std::shared_ptr<const TokenFilter>(std::make_shared<LimitFilter>(max));
  }
  if (type == "unique") {
    PHAROS_ASSIGN_OR_RETURN(bool same_pos, param_bool(params, "only_on_same_position", false));
    return std::shared_ptr<const TokenFilter>(std::make_shared<UniqueFilter>(same_pos));
  }
  if (type == "fingerprint") {
    PHAROS_ASSIGN_OR_RETURN(std::string separator, param_string(params, "separator", " "));
    PHAROS_ASSIGN_OR_RETURN(uint32_t max, bounded_int(params, "max_output_size", 255, 1, std::numeric_limits<int32_t>::max()));
    return std::shared_ptr<const TokenFilter>(std::make_shared<FingerprintFilter>(std::move(separator), max));
  }
  return not_found("token filter", type);
}

Result<std::shared_ptr<const CharFilter>> make_char_filter(std::string_view type, const json& params) {
  if (type == "html_strip") {
    PHAROS_ASSIGN_OR_RETURN(auto tags, param_list(params, "escaped_tags"));
    std::set<std::string> escaped;
    for (auto& t : tags) {
      for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      escaped.insert(t);
    }
    return std::shared_ptr<const CharFilter>(std::make_shared<HtmlStripCharFilter>(std::move(escaped)));
  }
  if (type == "mapping") {
    if (param_present(params, "mappings_path")) {
      return Status(ErrorKind::invalid_argument, "[mappings_path] is not supported: list the mappings inline");
    }
    if (!param_present(params, "mappings")) {
      return Status(ErrorKind::invalid_argument, "mapping requires either `mappings` or `mappings_path` to be configured");
    }
    PHAROS_ASSIGN_OR_RETURN(auto rules, param_list(params, "mappings"));
    PHAROS_ASSIGN_OR_RETURN(auto filter, MappingCharFilter::create(rules));
    return std::shared_ptr<const CharFilter>(std::move(filter));
  }
  if (type == "pattern_replace") {
    PHAROS_ASSIGN_OR_RETURN(std::string pattern, param_string(params, "pattern", ""));
    if (!param_present(params, "pattern")) {
      return Status(ErrorKind::invalid_argument, "pattern is missing for [pattern_replace] char filter");
    }
    PHAROS_ASSIGN_OR_RETURN(std::string flags, param_string(params, "flags", ""));
    PHAROS_ASSIGN_OR_RETURN(std::string replacement, param_string(params, "replacement", ""));
    PHAROS_ASSIGN_OR_RETURN(auto regex, compile_java_regex(pattern, flags));
    return std::shared_ptr<const CharFilter>(std::make_shared<PatternReplaceCharFilter>(std::move(regex), std::move(replacement)));
  }
  return not_found("char filter", type);
}

bool is_normalizer_filter(std::string_view type) {
  static const std::set<std::string, std::less<>> kAllowed = {"lowercase", "uppercase", "asciifolding", "trim",
                                                              "reverse", "truncate"};
  return kAllowed.count(type) > 0;
}

}  // namespace pharos::analysis
