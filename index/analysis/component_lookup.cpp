#include "index/analysis/component_lookup.h"

#include <nlohmann/json.hpp>

#include "index/analysis/settings_params.h"

namespace pharos::analysis {
namespace {

using json = nlohmann::json;

Status invalid(std::string message) { return Status(ErrorKind::invalid_argument, std::move(message)); }

// Filter lists may be a single string or an array; OpenSearch also accepts "token_filters".
Result<std::vector<json>> entries(const json& def, const char* key, const char* alias = nullptr) {
  std::vector<json> out;
  auto it = def.find(key);
  if ((it == def.end() || it->is_null()) && alias != nullptr) it = def.find(alias);
  if (it == def.end() || it->is_null()) return out;
  if (it->is_array()) {
    out.assign(it->begin(), it->end());
  } else if (it->is_string() || it->is_object()) {
    out.push_back(*it);
  } else {
    return invalid("[" + std::string(key) + "] must be a string, an object or a list");
  }
  return out;
}

Result<std::string> inline_type(const json& def, const char* kind) {
  auto type = def.find("type");
  if (type == def.end() || !type->is_string()) return invalid(std::string(kind) + " definition must have a [type]");
  return type->get<std::string>();
}

template <typename T>
Result<T> reword_inline(Result<T> built, const char* kind, const std::string& type) {
  if (!built.is_ok() && built.status().kind() == ErrorKind::not_found) {
    return invalid("failed to find global " + std::string(kind) + " under [" + type + "]");
  }
  return built;
}

}  // namespace

std::shared_ptr<const Tokenizer> lookup_tokenizer(const std::string& name, const AnalysisRegistry::Impl& impl,
                                                  const AnalysisLimits& limits) {
  if (auto it = impl.tokenizers.find(name); it != impl.tokenizers.end()) return it->second;
  auto built = make_tokenizer(name, json(), limits);
  return built.is_ok() ? std::move(built).value() : nullptr;
}

std::shared_ptr<const TokenFilter> lookup_filter(const std::string& name, const AnalysisRegistry::Impl& impl,
                                                 const AnalysisLimits& limits, std::string& type) {
  if (auto it = impl.filters.find(name); it != impl.filters.end()) {
    auto t = impl.filter_types.find(name);
    type = t != impl.filter_types.end() ? t->second : name;
    return it->second;
  }
  type = name;
  auto built = make_token_filter(name, json(), limits);
  return built.is_ok() ? std::move(built).value() : nullptr;
}

std::shared_ptr<const CharFilter> lookup_char_filter(const std::string& name, const AnalysisRegistry::Impl& impl) {
  if (auto it = impl.char_filters.find(name); it != impl.char_filters.end()) return it->second;
  auto built = make_char_filter(name, json());
  return built.is_ok() ? std::move(built).value() : nullptr;
}

Status resolve_filter_names(const json& def, const AnalysisRegistry::Impl& impl, const AnalysisLimits& limits,
                            const std::string& prefix, ComponentChain& chain) {
  PHAROS_ASSIGN_OR_RETURN(auto char_filters, entries(def, "char_filter"));
  for (const auto& entry : char_filters) {
    if (!entry.is_string()) return invalid(prefix + "char_filter entries must be names");
    auto filter = lookup_char_filter(entry.get<std::string>(), impl);
    if (!filter) return invalid(prefix + "failed to find char_filter under name [" + entry.get<std::string>() + "]");
    chain.char_filters.push_back(std::move(filter));
  }
  PHAROS_ASSIGN_OR_RETURN(auto filters, entries(def, "filter"));
  for (const auto& entry : filters) {
    if (!entry.is_string()) return invalid(prefix + "filter entries must be names");
    std::string type;
    auto filter = lookup_filter(entry.get<std::string>(), impl, limits, type);
    if (!filter) return invalid(prefix + "failed to find filter under name [" + entry.get<std::string>() + "]");
    chain.filters.push_back(std::move(filter));
    chain.filter_types.push_back(std::move(type));
  }
  return Status::ok();
}

Status resolve_adhoc_chain(const json& request, const AnalysisRegistry::Impl& impl, const AnalysisLimits& limits,
                           ComponentChain& chain) {
  if (auto it = request.find("tokenizer"); it != request.end() && !it->is_null()) {
    if (it->is_string()) {
      chain.tokenizer = lookup_tokenizer(it->get<std::string>(), impl, limits);
      if (!chain.tokenizer) return invalid("failed to find global tokenizer under [" + it->get<std::string>() + "]");
    } else if (it->is_object()) {
      PHAROS_ASSIGN_OR_RETURN(std::string type, inline_type(*it, "tokenizer"));
      PHAROS_ASSIGN_OR_RETURN(chain.tokenizer, reword_inline(make_tokenizer(type, *it, limits), "tokenizer", type));
    } else {
      return invalid("[tokenizer] must be a name or an object");
    }
  }
  PHAROS_ASSIGN_OR_RETURN(auto char_filters, entries(request, "char_filter"));
  for (const auto& entry : char_filters) {
    if (entry.is_string()) {
      auto filter = lookup_char_filter(entry.get<std::string>(), impl);
      if (!filter) return invalid("failed to find global char_filter under [" + entry.get<std::string>() + "]");
      chain.char_filters.push_back(std::move(filter));
      continue;
    }
    if (!entry.is_object()) return invalid("[char_filter] entries must be names or objects");
    PHAROS_ASSIGN_OR_RETURN(std::string type, inline_type(entry, "char_filter"));
    PHAROS_ASSIGN_OR_RETURN(auto filter, reword_inline(make_char_filter(type, entry), "char_filter", type));
    chain.char_filters.push_back(std::move(filter));
  }
  PHAROS_ASSIGN_OR_RETURN(auto filters, entries(request, "filter", "token_filters"));
  for (const auto& entry : filters) {
    std::string type;
    if (entry.is_string()) {
      auto filter = lookup_filter(entry.get<std::string>(), impl, limits, type);
      if (!filter) return invalid("failed to find global filter under [" + entry.get<std::string>() + "]");
      chain.filters.push_back(std::move(filter));
    } else if (entry.is_object()) {
      PHAROS_ASSIGN_OR_RETURN(type, inline_type(entry, "filter"));
      PHAROS_ASSIGN_OR_RETURN(auto filter, reword_inline(make_token_filter(type, entry, limits), "filter", type));
      chain.filters.push_back(std::move(filter));
    } else {
      return invalid("[filter] entries must be names or objects");
    }
    chain.filter_types.push_back(std::move(type));
  }
  return Status::ok();
}

}  // namespace pharos::analysis
