// Which mapping parameters each field type accepts, their defaults, and the `dynamic` setting's
// spellings. Internal to index/mapping.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "index/base/status.h"
#include "index/mapping/field_type.h"
#include "index/mapping/mapping.h"

namespace pharos::mapping {

bool param_allowed(FieldType type, std::string_view param);
bool default_doc_values(FieldType type);
// False for verbatim-kept parameters an update may not change (knn method, ...): a conflict when they differ.
bool extra_param_updatable(std::string_view param);

// true / false / "true" / "false" / "strict" / "runtime".
Result<DynamicMode> parse_dynamic_mode(const nlohmann::json& value);
std::string_view dynamic_mode_name(DynamicMode mode);

}  // namespace pharos::mapping
