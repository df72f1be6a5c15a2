#include "index/mapping/mapping.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "index/mapping/mapping_parser.h"

namespace pharos::mapping {

Mapping::Mapping()
    : dynamic_date_formats_{"strict_date_optional_time", "yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z"} {
  root_.name = "_doc";
  root_.type = FieldType::object;
  root_.doc_values = false;
}

// flat_index_ points into root_, so copies and moves rebuild it.
Mapping::Mapping(const Mapping& other)
    : root_(other.root_),
      dynamic_(other.dynamic_),
      source_enabled_(other.source_enabled_),
      date_detection_(other.date_detection_),
      numeric_detection_(other.numeric_detection_),
      dynamic_date_formats_(other.dynamic_date_formats_),
      meta_json_(other.meta_json_),
      extra_json_(other.extra_json_),
      dynamic_templates_(other.dynamic_templates_) {
  rebuild_index();
}

Mapping::Mapping(Mapping&& other) noexcept
    : root_(std::move(other.root_)),
      dynamic_(other.dynamic_),
      source_enabled_(other.source_enabled_),
      date_detection_(other.date_detection_),
      numeric_detection_(other.numeric_detection_),
      dynamic_date_formats_(std::move(other.dynamic_date_formats_)),
      meta_json_(std::move(other.meta_json_)),
      extra_json_(std::move(other.extra_json_)),
      dynamic_templates_(std::move(other.dynamic_templates_)) {
  rebuild_index();
  other.rebuild_index();
}

Mapping& Mapping::operator=(const Mapping& other) {
  if (this != &other) {
    Mapping copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Mapping& Mapping::operator=(Mapping&& other) noexcept {
  if (this != &other) {
    root_ = std::move(other.root_);
    dynamic_ = other.dynamic_;
    source_enabled_ = other.source_enabled_;
    date_detection_ = other.date_detection_;
    numeric_detection_ = other.numeric_detection_;
    dynamic_date_formats_ = std::move(other.dynamic_date_formats_);
    meta_json_ = std::move(other.meta_json_);
    extra_json_ = std::move(other.extra_json_);
    dynamic_templates_ = std::move(other.dynamic_templates_);
    rebuild_index();
    other.rebuild_index();
  }
  return *this;
}

Result<Mapping> Mapping::parse(const nlohmann::json& mappings, const analysis::AnalysisRegistry& analysis) {
  return MappingParser(analysis).parse_root(mappings);
}

Result<Mapping> Mapping::merged_with(const Mapping& update) const { return MappingParser::merge(*this, update); }

nlohmann::json Mapping::to_json() const { return MappingParser::root_to_json(*this); }

namespace {

void collect(const FieldMapping& field, std::vector<std::pair<std::string, const FieldMapping*>>& out) {
  for (const auto& [name, child] : field.properties) {
    out.emplace_back(child.path, &child);
    collect(child, out);
  }
  for (const auto& [name, sub] : field.fields) {
    out.emplace_back(sub.path, &sub);
    collect(sub, out);
  }
}

}  // namespace

void Mapping::rebuild_index() {
  flat_index_.clear();
  collect(root_, flat_index_);
  std::sort(flat_index_.begin(), flat_index_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

const FieldMapping* Mapping::find(std::string_view path) const {
  auto it = std::lower_bound(flat_index_.begin(), flat_index_.end(), path,
                             [](const auto& entry, std::string_view p) { return entry.first < p; });
  if (it == flat_index_.end() || it->first != path) return nullptr;
  return it->second;
}

std::vector<const FieldMapping*> Mapping::leaf_fields() const {
  std::vector<const FieldMapping*> out;
  for (const auto& [path, field] : flat_index_) {
    if (!is_object_like(field->type)) out.push_back(field);
  }
  return out;
}

}  // namespace pharos::mapping
