// Reading analysis component parameters from settings JSON. OpenSearch settings arrive as
// numbers, booleans or their string forms ("2", "true"); these helpers accept both and
// report bad values as invalid_argument with the parameter's name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"

namespace pharos::analysis {

// `params` may be null or an object; a missing key returns the default.
Result<int64_t> param_int(const nlohmann::json& params, std::string_view key, int64_t default_value);
Result<bool> param_bool(const nlohmann::json& params, std::string_view key, bool default_value);
Result<std::string> param_string(const nlohmann::json& params, std::string_view key, std::string default_value);
// A list given as an array of strings, a single string, or a comma-separated string.
Result<std::vector<std::string>> param_list(const nlohmann::json& params, std::string_view key,
                                            bool split_commas = false);
bool param_present(const nlohmann::json& params, std::string_view key);

// Resolves a `stopwords` parameter: "_english_", "_none_", or a list of words. Missing key →
// `default_list` ("_english_" or "_none_").
Result<std::vector<std::string>> resolve_stopwords(const nlohmann::json& params, std::string_view default_list);

}  // namespace pharos::analysis
