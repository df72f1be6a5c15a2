// Builds tokenizers, token filters and char filters from a type name plus parameters (the
// settings object of a named component, or an inline definition in `_analyze`). Each
// built-in name is also usable bare ("tokenizer":"standard"), which means default parameters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/analysis/token_stream.h"
#include "index/base/status.h"

namespace pharos::analysis {

// Index-level limits that analysis components check (index.max_ngram_diff etc.).
struct AnalysisLimits {
  int64_t max_ngram_diff = 1;
};

// Unknown type → not_found (callers word the error for their context); bad params → invalid_argument.
Result<std::shared_ptr<const Tokenizer>> make_tokenizer(std::string_view type, const nlohmann::json& params,
                                                        const AnalysisLimits& limits);
Result<std::shared_ptr<const TokenFilter>> make_token_filter(std::string_view type, const nlohmann::json& params,
                                                             const AnalysisLimits& limits);
Result<std::shared_ptr<const CharFilter>> make_char_filter(std::string_view type, const nlohmann::json& params);

// Token filters allowed in a normalizer (they work per character, never split or drop).
bool is_normalizer_filter(std::string_view type);

}  // namespace pharos::analysis
