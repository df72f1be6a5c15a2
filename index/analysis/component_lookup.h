// Resolving component references: a name defined in the index's settings wins, otherwise a
// built-in of that name with default parameters. Shared by custom analyzers, normalizers and
// the `_analyze` API's ad-hoc chains.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "index/analysis/analysis_registry_impl.h"
#include "index/analysis/component_factory.h"

namespace pharos::analysis {

struct ComponentChain {
  std::vector<std::shared_ptr<const CharFilter>> char_filters;
  std::shared_ptr<const Tokenizer> tokenizer;
  std::vector<std::shared_ptr<const TokenFilter>> filters;
  std::vector<std::string> filter_types;  // type of each filter, for normalizer checks
};

std::shared_ptr<const Tokenizer> lookup_tokenizer(const std::string& name, const AnalysisRegistry::Impl& impl,
                                                  const AnalysisLimits& limits);
std::shared_ptr<const TokenFilter> lookup_filter(const std::string& name, const AnalysisRegistry::Impl& impl,
                                                 const AnalysisLimits& limits, std::string& type);
std::shared_ptr<const CharFilter> lookup_char_filter(const std::string& name, const AnalysisRegistry::Impl& impl);

// Reads `char_filter` and `filter` name lists of an analyzer definition into `chain`; errors
// read "<prefix>failed to find filter under name [x]".
Status resolve_filter_names(const nlohmann::json& def, const AnalysisRegistry::Impl& impl,
                            const AnalysisLimits& limits, const std::string& prefix, ComponentChain& chain);

// `_analyze` request: tokenizer / filter / char_filter entries that are names or inline
// definitions ({"type":"stop","stopwords":["a"]}).
Status resolve_adhoc_chain(const nlohmann::json& request, const AnalysisRegistry::Impl& impl,
                           const AnalysisLimits& limits, ComponentChain& chain);

}  // namespace pharos::analysis
