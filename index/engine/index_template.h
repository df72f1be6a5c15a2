// Composable index templates (PUT /_index_template/<name>): parsing and validation of a body,
// the same-priority overlap check OpenSearch does at put time, and choosing the template that
// applies to a new index. Pure functions over values; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"

namespace pharos::engine {

struct IndexTemplate {
  std::string name;
  std::vector<std::string> index_patterns;
  int64_t priority = 0;  // absent counts as 0, as in OpenSearch's priorityOrZero()
  // The body as GET /_index_template returns it: index_patterns as a list, settings nested
  // with string values, mappings without a type wrapper, composed_of always present.
  std::string body_json;
};

using IndexTemplateMap = std::map<std::string, IndexTemplate, std::less<>>;

// Parses and normalises a PUT body. Unknown keys → parse_error, missing index_patterns →
// invalid_argument, unknown component templates in composed_of → invalid_argument
// (OpenSearch's invalid_index_template_exception is a 400).
Result<IndexTemplate> parse_index_template(const std::string& name, const nlohmann::json& body);

// OpenSearch rejects a template whose patterns overlap those of another template with the same
// priority, because index creation could not choose between them. `existing` may contain a
// template of the same name (it is being replaced and is ignored).
Status check_template_conflicts(const IndexTemplate& candidate, const IndexTemplateMap& existing);

// The highest-priority template with a pattern matching `index_name`, or nullptr.
const IndexTemplate* find_matching_template(std::string_view index_name, const IndexTemplateMap& templates);

// The template's "template" object ({settings, mappings, aliases}, any may be absent).
nlohmann::json template_contents(const IndexTemplate& index_template);

// GET /_index_template/<pattern> ("" = all; comma list and wildcards allowed):
// {"index_templates":[{"name":..,"index_template":{..}}]}. A non-wildcard name that matches
// nothing → not_found "index template matching [x] not found".
Result<nlohmann::json> get_index_templates_json(const IndexTemplateMap& templates, std::string_view pattern);

}  // namespace pharos::engine
