// Renders a JSON value as YAML, for `format=yaml` responses (block style, like OpenSearch's
// YAML output: "---" then nested mappings and "- " sequences).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace pharos::api {

std::string to_yaml(const nlohmann::json& value);

}  // namespace pharos::api
