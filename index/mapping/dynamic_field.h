// Dynamic mapping: the mapping OpenSearch creates for a field it has not seen, from the JSON
// value's kind, date/numeric detection and the index's dynamic_templates. Internal to index/mapping.
#pragma once

#include <string>

#include "index/base/status.h"
#include "index/mapping/mapping.h"
#include "index/mapping/scalar_value.h"

namespace pharos::analysis {
class AnalysisRegistry;
}

namespace pharos::mapping {

// What the JSON held: a scalar (for strings, `value.text`), or an object.
struct DynamicValue {
  bool is_object = false;
  ScalarValue scalar;
};

// With `templates_only` (dynamic: strict_allow_templates), a field no dynamic template maps
// is a strict_mapping error instead of getting the default mapping.
Result<FieldMapping> dynamic_field_mapping(const Mapping& mapping, const analysis::AnalysisRegistry& analysis,
                                           const std::string& name, const std::string& path,
                                           const DynamicValue& value, bool templates_only = false);

}  // namespace pharos::mapping
