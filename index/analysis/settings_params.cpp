#include "index/analysis/settings_params.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "index/analysis/stop_filter.h"

namespace pharos::analysis {
namespace {

const nlohmann::json* find(const nlohmann::json& params, std::string_view key) {
  if (!params.is_object()) return nullptr;
  auto it = params.find(std::string(key));
  if (it == params.end() || it->is_null()) return nullptr;
  return &*it;
}

Status bad(std::string_view key, const nlohmann::json& value, std::string_view expected) {
  return Status(ErrorKind::invalid_argument, "Failed to parse value [" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                                                 "] for setting [" + std::string(key) + "], expected " + std::string(expected));
}

}  // namespace

bool param_present(const nlohmann::json& params, std::string_view key) { return find(params, key) != nullptr; }

Result<int64_t> param_int(const nlohmann::json& params, std::string_view key, int64_t default_value) {
  const nlohmann::json* v = find(params, key);
  if (v == nullptr) return default_value;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  }
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && ptr == s.data() + s.size()) return out;
  }
  return bad(key, *v, "an integer");
}

Result<bool> param_bool(const nlohmann::json& params, std::string_view key, bool default_value) {
  const nlohmann::json* v = find(params, key);
  if (v == nullptr) return default_value;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return bad(key, *v, "[true] or [false]");
}

Result<std::string> param_string(const nlohmann::json& params, std::string_view key, std::string default_value) {
  const nlohmann::json* v = find(params, key);
  if (v == nullptr) return default_value;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return bad(key, *v, "a string");
}

Result<std::vector<std::string>> param_list(const nlohmann::json& params, std::string_view key, bool split_commas) {
  std::vector<std::string> out;
  const nlohmann::json* v = find(params, key);
  if (v == nullptr) return out;
  if (v->is_array()) {
    for (const auto& item : *v) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      } else if (item.is_number() || item.is_boolean()) {
        out.push_back(item.dump());
      } else {
        return bad(key, *v, "a list of strings");
      }
    }
    return out;
  }
  if (!v->is_string()) return bad(key, *v, "a list of strings");
  const std::string& s = v->get_ref<const std::string&>();
  if (!split_commas) {
    out.push_back(s);
    return out;
  }
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string item = s.substr(start, comma - start);
    const size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    start = comma + 1;
  }
  return out;
}

Result<std::vector<std::string>> resolve_stopwords(const nlohmann::json& params, std::string_view default_list) {
  if (param_present(params, "stopwords_path")) {
    return Status(ErrorKind::invalid_argument, "[stopwords_path] is not supported: list the stopwords inline");
  }
  std::vector<std::string> words;
  if (param_present(params, "stopwords")) {
    PHAROS_ASSIGN_OR_RETURN(words, param_list(params, "stopwords"));
  } else {
    words.emplace_back(default_list);
  }
  // A predefined list name may appear alone or inside the list (OpenSearch allows both).
  std::vector<std::string> resolved;
  for (const auto& w : words) {
    if (w == "_english_") {
      const auto& english = english_stop_words();
      resolved.insert(resolved.end(), english.begin(), english.end());
    } else if (w == "_none_") {
      continue;
    } else if (w.size() > 2 && w.front() == '_' && w.back() == '_') {
      return Status(ErrorKind::invalid_argument, "unsupported predefined stopwords list [" + w + "]");
    } else {
      resolved.push_back(w);
    }
  }
  return resolved;
}

}  // namespace pharos::analysis
