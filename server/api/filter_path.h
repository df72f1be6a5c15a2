// The `filter_path` response parameter: keep only the listed paths of a JSON response
// ("took,hits.hits._id", "*" within a segment, "**" for any depth, "-path" to exclude).
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace pharos::api {

// Returns `body` filtered by the comma-separated `filter_path` expression.
nlohmann::json apply_filter_path(const nlohmann::json& body, std::string_view filter_path);

}  // namespace pharos::api
