// Leaf values at a dotted path of a `_source` document, for the APIs that answer fields from the
// source (stored_fields, `fields`, terms lookup). Header-only because callers use both
// nlohmann::json and nlohmann::ordered_json.
#pragma once

#include <string_view>

namespace pharos::api {

// Arrays are flattened and nulls skipped; a key that itself contains dots (`a.b` as one key)
// matches as well as nested objects `a` → `b`, as OpenSearch's source lookup does.
template <class Json>
void collect_source_values(const Json& node, std::string_view path, Json& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect_source_values(item, path, out);
    return;
  }
  if (path.empty()) {
    if (!node.is_object() && !node.is_null()) out.push_back(node);
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string_view key = it.key();
    if (path == key) {
      collect_source_values(it.value(), {}, out);
    } else if (path.size() > key.size() && path.starts_with(key) && path[key.size()] == '.') {
      collect_source_values(it.value(), path.substr(key.size() + 1), out);
    }
  }
}

}  // namespace pharos::api
