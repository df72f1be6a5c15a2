// The analyzers an index can use: the built-ins (standard, simple, whitespace, keyword, stop,
// english, ...) plus custom analyzers defined in the index's `settings.analysis`.
// Immutable once built; thread-safe to share.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/analysis/analyzer.h"
#include "index/base/status.h"

namespace pharos::analysis {

class AnalysisRegistry {
 public:
  // Builds the registry from the `analysis` object of index settings
  // ({"analyzer":{...},"tokenizer":{...},"filter":{...},"char_filter":{...}}); null/empty → built-ins only.
  // Unknown tokenizer/filter types or bad parameters → invalid_argument.
  static Result<std::shared_ptr<const AnalysisRegistry>> from_settings(const nlohmann::json& analysis);
  static std::shared_ptr<const AnalysisRegistry> builtin();

  // nullptr when no analyzer of that name exists.
  std::shared_ptr<const Analyzer> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name) != nullptr; }

  // Builds an ad-hoc analyzer for `_analyze` from a tokenizer + filters spec (each either a
  // name or an inline definition object), e.g. {"tokenizer":"standard","filter":["lowercase"]}.
  Result<std::shared_ptr<const Analyzer>> build_adhoc(const nlohmann::json& request) const;

  ~AnalysisRegistry();
  struct Impl;
  explicit AnalysisRegistry(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::analysis
