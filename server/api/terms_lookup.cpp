#include "server/api/terms_lookup.h"

#include <string_view>

#include "index/engine/catalog.h"
#include "server/api/source_values.h"

namespace pharos::api {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 100;

Result<json> lookup_terms(const json& lookup, const engine::Catalog& catalog) {
  auto text = [&](const char* key) -> std::string {
    auto it = lookup.find(key);
    if (it == lookup.end()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  std::string index = text("index"), id = text("id"), path = text("path");
  if (index.empty() || id.empty() || path.empty())
    return Status(ErrorKind::parse_error,
                  "[terms] query lookup element requires specifying the index, id and path");
  auto service = catalog.index(index);
  if (!service) {
    auto names = catalog.resolve(index, {});
    if (!names.is_ok()) return names.status();
    if (names->size() != 1)
      return Status(ErrorKind::invalid_argument, "[terms] lookup index [" + index + "] is ambiguous");
    service = catalog.index(names->front());
    if (!service)
      return Status(ErrorKind::index_not_found, "no such index [" + index + "]").with_index(index);
  }
  engine::GetRequest get;
  get.id = id;
  get.routing = text("routing");
  PHAROS_ASSIGN_OR_RETURN(engine::GetResult doc, service->get(get));
  json values = json::array();
  if (!doc.found) return values;
  json source = json::parse(doc.source, nullptr, false);
  if (!source.is_discarded()) collect_source_values(source, path, values);
  return values;
}

// A lookup names a document; a terms aggregation's objects (include partitions, order) have no
// id or path and stay as they are.
bool is_lookup(const std::string& field, const json& terms) {
  if (field == "boost" || field == "_name" || !terms.is_object()) return false;
  return terms.contains("id") || terms.contains("path") || terms.contains("index");
}

bool contains_lookup(const json& node, int depth) {
  if (depth > kMaxDepth) return false;
  if (node.is_array()) {
    for (const auto& item : node)
      if (contains_lookup(item, depth + 1)) return true;
    return false;
  }
  if (!node.is_object()) return false;
  for (const auto& [key, value] : node.items()) {
    if (key == "terms" && value.is_object()) {
      for (const auto& [field, terms] : value.items())
        if (is_lookup(field, terms)) return true;
    } else if (contains_lookup(value, depth + 1)) {
      return true;
    }
  }
  return false;
}

Status rewrite(json& node, const engine::Catalog& catalog, int depth) {
  if (depth > kMaxDepth) return Status::ok();  // the query parser reports the nesting
  if (node.is_array()) {
    for (auto& item : node) PHAROS_RETURN_IF_ERROR(rewrite(item, catalog, depth + 1));
    return Status::ok();
  }
  if (!node.is_object()) return Status::ok();
  for (auto& [key, value] : node.items()) {
    if (key == "terms" && value.is_object()) {
      for (auto& [field, terms] : value.items()) {
        if (!is_lookup(field, terms)) continue;
        PHAROS_ASSIGN_OR_RETURN(json resolved, lookup_terms(terms, catalog));
        terms = std::move(resolved);
      }
      continue;
    }
    PHAROS_RETURN_IF_ERROR(rewrite(value, catalog, depth + 1));
  }
  return Status::ok();
}

}  // namespace

bool has_terms_lookup(const json& node) { return contains_lookup(node, 0); }

Status resolve_terms_lookups(json& node, const engine::Catalog& catalog) { return rewrite(node, catalog, 0); }

}  // namespace pharos::api
