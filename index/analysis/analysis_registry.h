// The analyzers an index can use: the built-ins (standard, simple, whitespace, keyword, stop,
// english, ...) plus custom analyzers defined in the index's `settings.analysis`.
// Immutable once built; thread-safe to share.
#pragma once

#include <cstdint>
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
  // Same, with the index's `index.max_ngram_diff` setting (default 1) that ngram components check.
  static Result<std::shared_ptr<const AnalysisRegistry>> from_settings(const nlohmann::json& analysis,
                                                                       int64_t max_ngram_diff);
  static std::shared_ptr<const AnalysisRegistry> builtin();

  // nullptr when no analyzer of that name exists. "default" (and "default_search") resolve to
  // the index's override when settings define one, else to "standard".
  std::shared_ptr<const Analyzer> get(std::string_view name) const;

  // Normalizers for keyword fields (`"normalizer": "lowercase"` or one defined under
  // settings.analysis.normalizer): keyword tokenizer + character-level filters, so the
  // result is always at most one token. nullptr when unknown.
  std::shared_ptr<const Analyzer> normalizer(std::string_view name) const;
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
