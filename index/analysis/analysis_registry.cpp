#include "index/analysis/analysis_registry.h"

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry_impl.h"
#include "index/analysis/basic_token_filters.h"
#include "index/analysis/builtin_analyzers.h"
#include "index/analysis/chain_analyzer.h"
#include "index/analysis/char_run_tokenizer.h"
#include "index/analysis/component_lookup.h"

namespace pharos::analysis {

AnalysisRegistry::AnalysisRegistry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AnalysisRegistry::~AnalysisRegistry() = default;

std::shared_ptr<const AnalysisRegistry> AnalysisRegistry::builtin() {
  // Built once, immutable afterwards: safe to share across threads.
  static const std::shared_ptr<const AnalysisRegistry> kBuiltin = [] {
    auto impl = std::make_unique<Impl>();
    const nlohmann::json no_params;
    for (const auto& type : builtin_analyzer_types()) {
      auto analyzer = make_builtin_analyzer(type, type, no_params);
      if (analyzer.is_ok()) impl->analyzers.emplace(type, std::move(analyzer).value());
    }
    impl->normalizers.emplace(
        "lowercase", std::make_shared<ChainAnalyzer>(
                         "lowercase", std::vector<std::shared_ptr<const CharFilter>>{}, std::make_shared<KeywordTokenizer>(),
                         std::vector<std::shared_ptr<const TokenFilter>>{
                             std::make_shared<TermRewriteFilter>(TermRewriteFilter::lowercase())}));
    return std::make_shared<const AnalysisRegistry>(std::move(impl));
  }();
  return kBuiltin;
}

std::shared_ptr<const Analyzer> AnalysisRegistry::get(std::string_view name) const {
  if (auto it = impl_->analyzers.find(name); it != impl_->analyzers.end()) return it->second;
  if (name == "default_search") return get("default");
  if (name == "default") return get("standard");
  if (impl_->is_custom) return builtin()->get(name);
  return nullptr;
}

std::shared_ptr<const Analyzer> AnalysisRegistry::normalizer(std::string_view name) const {
  if (auto it = impl_->normalizers.find(name); it != impl_->normalizers.end()) return it->second;
  if (impl_->is_custom) return builtin()->normalizer(name);
  return nullptr;
}

Result<std::shared_ptr<const Analyzer>> AnalysisRegistry::build_adhoc(const nlohmann::json& request) const {
  if (!request.is_object()) return Status(ErrorKind::invalid_argument, "_analyze request must be an object");
  if (auto it = request.find("analyzer"); it != request.end() && it->is_string()) {
    auto analyzer = get(it->get<std::string>());
    if (!analyzer) return Status(ErrorKind::invalid_argument, "failed to find analyzer [" + it->get<std::string>() + "]");
    return analyzer;
  }
  if (auto it = request.find("normalizer"); it != request.end() && it->is_string()) {
    auto found = normalizer(it->get<std::string>());
    if (!found) return Status(ErrorKind::invalid_argument, "failed to find normalizer under [" + it->get<std::string>() + "]");
    return found;
  }
  ComponentChain chain;
  PHAROS_RETURN_IF_ERROR(resolve_adhoc_chain(request, *impl_, impl_->limits, chain));
  if (!chain.tokenizer) {
    // No tokenizer: plain text uses the default analyzer; filters alone act as a normalizer.
    if (chain.filters.empty() && chain.char_filters.empty()) return get("default");
    chain.tokenizer = std::make_shared<KeywordTokenizer>();
  }
  return std::shared_ptr<const Analyzer>(std::make_shared<ChainAnalyzer>(
      "_anonymous_", std::move(chain.char_filters), std::move(chain.tokenizer), std::move(chain.filters)));
}

}  // namespace pharos::analysis
