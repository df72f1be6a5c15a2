// The analyzer types OpenSearch ships (standard, simple, whitespace, keyword, stop, english,
// pattern, fingerprint), each built from its parameters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/analysis/analyzer.h"
#include "index/base/status.h"

namespace pharos::analysis {

// Builds an analyzer of built-in `type` named `name`; `params` is the analyzer's settings
// object (or null for defaults). Unknown type → not_found, bad parameters → invalid_argument.
Result<std::shared_ptr<const Analyzer>> make_builtin_analyzer(const std::string& name, std::string_view type,
                                                              const nlohmann::json& params);

// Names of the built-in analyzer types, each also registered under its own name.
const std::vector<std::string>& builtin_analyzer_types();

}  // namespace pharos::analysis
