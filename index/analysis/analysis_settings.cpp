// AnalysisRegistry::from_settings: turns an index's `settings.analysis` object into named
// char filters, tokenizers, token filters, analyzers and normalizers.
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/analysis/analysis_registry_impl.h"
#include "index/analysis/builtin_analyzers.h"
#include "index/analysis/chain_analyzer.h"
#include "index/analysis/char_run_tokenizer.h"
#include "index/analysis/component_factory.h"
#include "index/analysis/component_lookup.h"
#include "index/analysis/settings_params.h"

namespace pharos::analysis {
namespace {

using json = nlohmann::json;

Status invalid(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }

// Flat settings ("analyzer.my.type": "custom") become nested objects.
json expand_dotted_keys(const json& value) {
  if (!value.is_object()) return value;
  json out = json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    json* target = &out;
    const std::string& key = it.key();
    size_t start = 0;
    for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      json& child = (*target)[key.substr(start, dot - start)];
      if (!child.is_object()) child = json::object();
      target = &child;
      start = dot + 1;
    }
    json expanded = expand_dotted_keys(it.value());
    json& slot = (*target)[key.substr(start)];
    if (slot.is_object() && expanded.is_object()) {
      slot.update(expanded);
    } else {
      slot = std::move(expanded);
    }
  }
  return out;
}

// Iterates the named definitions of one section, requiring each to be an object with a type.
template <typename Fn>
Status for_each_definition(const json& analysis, const char* section, const char* kind, Fn fn) {
  auto it = analysis.find(section);
  if (it == analysis.end() || it->is_null()) return Status::ok();
  if (!it->is_object()) return invalid("[analysis." + std::string(section) + "] must be an object");
  for (auto def = it->begin(); def != it->end(); ++def) {
    if (!def->is_object()) return invalid(std::string(kind) + " [" + def.key() + "] must be an object");
    PHAROS_RETURN_IF_ERROR(fn(def.key(), *def));
  }
  return Status::ok();
}

Result<std::string> definition_type(const std::string& name, const json& def, const char* kind) {
  auto type = def.find("type");
  if (type == def.end() || !type->is_string()) {
    return invalid(std::string(kind) + " [" + name + "] must specify either an analyzer type, or a tokenizer");
  }
  return type->get<std::string>();
}

template <typename T>
Result<T> reword_unknown(Result<T> built, const char* kind, const std::string& type, const std::string& name) {
  if (!built.is_ok() && built.status().kind() == ErrorKind::not_found) {
    return invalid("Unknown " + std::string(kind) + " type [" + type + "] for [" + name + "]");
  }
  return built;
}

Status build_components(const json& analysis, const AnalysisLimits& limits, AnalysisRegistry::Impl& impl) {
  PHAROS_RETURN_IF_ERROR(for_each_definition(analysis, "char_filter", "char_filter", [&](const std::string& name, const json& def) -> Status {
    PHAROS_ASSIGN_OR_RETURN(std::string type, definition_type(name, def, "char_filter"));
    PHAROS_ASSIGN_OR_RETURN(auto filter, reword_unknown(make_char_filter(type, def), "char_filter", type, name));
    impl.char_filters[name] = std::move(filter);
    return Status::ok();
  }));
  PHAROS_RETURN_IF_ERROR(for_each_definition(analysis, "tokenizer", "tokenizer", [&](const std::string& name, const json& def) -> Status {
    PHAROS_ASSIGN_OR_RETURN(std::string type, definition_type(name, def, "tokenizer"));
    PHAROS_ASSIGN_OR_RETURN(auto tokenizer, reword_unknown(make_tokenizer(type, def, limits), "tokenizer", type, name));
    impl.tokenizers[name] = std::move(tokenizer);
    return Status::ok();
  }));
  return for_each_definition(analysis, "filter", "filter", [&](const std::string& name, const json& def) -> Status {
    PHAROS_ASSIGN_OR_RETURN(std::string type, definition_type(name, def, "filter"));
    PHAROS_ASSIGN_OR_RETURN(auto filter, reword_unknown(make_token_filter(type, def, limits), "filter", type, name));
    impl.filters[name] = std::move(filter);
    impl.filter_types[name] = type;
    return Status::ok();
  });
}

Result<std::shared_ptr<const Analyzer>> build_custom_analyzer(const std::string& name, const json& def,
                                                              const AnalysisLimits& limits,
                                                              const AnalysisRegistry::Impl& impl) {
  const std::string prefix = "Custom Analyzer [" + name + "] ";
  PHAROS_ASSIGN_OR_RETURN(std::string tokenizer_name, param_string(def, "tokenizer", ""));
  if (tokenizer_name.empty()) return invalid(prefix + "must be configured with a tokenizer");
  auto tokenizer = lookup_tokenizer(tokenizer_name, impl, limits);
  if (!tokenizer) return invalid(prefix + "failed to find tokenizer under name [" + tokenizer_name + "]");
  ComponentChain chain;
  chain.tokenizer = std::move(tokenizer);
  PHAROS_RETURN_IF_ERROR(resolve_filter_names(def, impl, limits, prefix, chain));
  PHAROS_ASSIGN_OR_RETURN(int64_t gap, param_int(def, "position_increment_gap", 100));
  if (gap < 0) return invalid("[position_increment_gap] must be positive, got [" + std::to_string(gap) + "]");
  return std::shared_ptr<const Analyzer>(std::make_shared<ChainAnalyzer>(
      name, std::move(chain.char_filters), std::move(chain.tokenizer), std::move(chain.filters), static_cast<uint32_t>(gap)));
}

Status build_analyzers(const json& analysis, const AnalysisLimits& limits, AnalysisRegistry::Impl& impl) {
  return for_each_definition(analysis, "analyzer", "analyzer", [&](const std::string& name, const json& def) -> Status {
    std::string type;
    if (def.contains("type")) {
      PHAROS_ASSIGN_OR_RETURN(type, param_string(def, "type", ""));
    } else if (def.contains("tokenizer")) {
      type = "custom";
    } else {
      return invalid("analyzer [" + name + "] must specify either an analyzer type, or a tokenizer");
    }
    if (type == "custom") {
      PHAROS_ASSIGN_OR_RETURN(auto analyzer, build_custom_analyzer(name, def, limits, impl));
      impl.analyzers[name] = std::move(analyzer);
      return Status::ok();
    }
    PHAROS_ASSIGN_OR_RETURN(auto analyzer, reword_unknown(make_builtin_analyzer(name, type, def), "analyzer", type, name));
    impl.analyzers[name] = std::move(analyzer);
    return Status::ok();
  });
}

Status build_normalizers(const json& analysis, const AnalysisLimits& limits, AnalysisRegistry::Impl& impl) {
  return for_each_definition(analysis, "normalizer", "normalizer", [&](const std::string& name, const json& def) -> Status {
    PHAROS_ASSIGN_OR_RETURN(std::string type, param_string(def, "type", "custom"));
    if (type != "custom") return invalid("Unknown normalizer type [" + type + "] for [" + name + "]");
    const std::string prefix = "Custom normalizer [" + name + "] ";
    ComponentChain chain;
    PHAROS_RETURN_IF_ERROR(resolve_filter_names(def, impl, limits, prefix, chain));
    for (const auto& filter_name : chain.filter_types) {
      if (!is_normalizer_filter(filter_name)) return invalid(prefix + "may not use filter [" + filter_name + "]");
    }
    impl.normalizers[name] = std::make_shared<ChainAnalyzer>(name, std::move(chain.char_filters),
                                                             std::make_shared<KeywordTokenizer>(), std::move(chain.filters));
    return Status::ok();
  });
}

}  // namespace

Result<std::shared_ptr<const AnalysisRegistry>> AnalysisRegistry::from_settings(const nlohmann::json& analysis) {
  return from_settings(analysis, AnalysisLimits{}.max_ngram_diff);
}

Result<std::shared_ptr<const AnalysisRegistry>> AnalysisRegistry::from_settings(const nlohmann::json& analysis,
                                                                               int64_t max_ngram_diff) {
  if (analysis.is_null() || (analysis.is_object() && analysis.empty())) return builtin();
  if (!analysis.is_object()) return invalid("[index.analysis] must be an object");
  const json expanded = expand_dotted_keys(analysis);
  AnalysisLimits limits;
  limits.max_ngram_diff = max_ngram_diff;
  auto impl = std::make_unique<Impl>();
  impl->is_custom = true;
  impl->limits = limits;
  PHAROS_RETURN_IF_ERROR(build_components(expanded, limits, *impl));
  PHAROS_RETURN_IF_ERROR(build_analyzers(expanded, limits, *impl));
  PHAROS_RETURN_IF_ERROR(build_normalizers(expanded, limits, *impl));
  return std::shared_ptr<const AnalysisRegistry>(std::make_shared<const AnalysisRegistry>(std::move(impl)));
}

}  // namespace pharos::analysis
