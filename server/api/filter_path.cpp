#include "server/api/filter_path.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/mapping/index_pattern.h"

namespace pharos::api {
namespace {

using Path = std::vector<std::string>;

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Does `path` (from position `at`) select the node reached by `keys`? Returns:
// 2 = the node and everything below it, 1 = some descendant may match, 0 = no.
int match(const Path& path, size_t at, const std::vector<std::string>& keys, size_t depth) {
  if (at == path.size()) return 2;
  if (depth == keys.size()) return 1;
  if (path[at] == "**") {
    return std::max(match(path, at + 1, keys, depth), match(path, at, keys, depth + 1));
  }
  if (!mapping::simple_wildcard_match(path[at], keys[depth])) return 0;
  return match(path, at + 1, keys, depth + 1);
}

int best_match(const std::vector<Path>& paths, const std::vector<std::string>& keys) {
  int best = 0;
  for (const auto& path : paths) best = std::max(best, match(path, 0, keys, 0));
  return best;
}

// Copies the parts of `node` selected by `include` and not removed by `exclude`.
// Returns false when nothing below `node` was kept.
bool filter(const nlohmann::json& node, const std::vector<Path>& include, const std::vector<Path>& exclude,
            std::vector<std::string>& keys, nlohmann::json& out) {
  if (!keys.empty() && !exclude.empty() && best_match(exclude, keys) == 2) return false;
  int included = include.empty() ? 2 : best_match(include, keys);
  if (included == 0) return false;
  if (node.is_array()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : node) {
      nlohmann::json kept;
      if (filter(item, include, exclude, keys, kept)) items.push_back(std::move(kept));
    }
    if (items.empty() && included != 2) return false;
    out = std::move(items);
    return true;
  }
  if (node.is_object()) {
    nlohmann::json object = nlohmann::json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
      keys.push_back(it.key());
      nlohmann::json kept;
      if (filter(it.value(), include, exclude, keys, kept)) object[it.key()] = std::move(kept);
      keys.pop_back();
    }
    if (object.empty() && included != 2) return false;
    out = std::move(object);
    return true;
  }
  if (included != 2) return false;
  out = node;
  return true;
}

}  // namespace

nlohmann::json apply_filter_path(const nlohmann::json& body, std::string_view filter_path) {
  std::vector<Path> include, exclude;
  for (auto& expression : split(filter_path, ',')) {
    if (expression.empty()) continue;
    if (expression[0] == '-') {
      exclude.push_back(split(std::string_view(expression).substr(1), '.'));
    } else {
      include.push_back(split(expression, '.'));
    }
  }
  if (include.empty() && exclude.empty()) return body;
  std::vector<std::string> keys;
  nlohmann::json out;
  if (!filter(body, include, exclude, keys, out)) return nlohmann::json::object();
  return out;
}

}  // namespace pharos::api
