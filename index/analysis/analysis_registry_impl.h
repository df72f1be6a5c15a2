// AnalysisRegistry's private state, shared by the files that build a registry.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "index/analysis/analysis_registry.h"
#include "index/analysis/component_factory.h"
#include "index/analysis/token_stream.h"

namespace pharos::analysis {

struct AnalysisRegistry::Impl {
  template <typename T>
  using NameMap = std::map<std::string, std::shared_ptr<const T>, std::less<>>;

  // Analyzers defined by name here; a settings registry looks up built-ins as a fallback.
  NameMap<Analyzer> analyzers;
  NameMap<Analyzer> normalizers;
  // Components named in settings, for build_adhoc to reuse ("tokenizer":"my_tok").
  NameMap<Tokenizer> tokenizers;
  NameMap<TokenFilter> filters;
  NameMap<CharFilter> char_filters;
  std::map<std::string, std::string, std::less<>> filter_types;  // settings filter name → its type
  AnalysisLimits limits;
  bool is_custom = false;
};

}  // namespace pharos::analysis
