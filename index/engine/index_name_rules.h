// OpenSearch's naming rules for indexes and aliases (MetadataCreateIndexService
// .validateIndexOrAliasName / validateIndexName), with OpenSearch's exact messages so clients
// that match on the reason text keep working. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "index/base/status.h"

namespace pharos::engine {

// Longest index or alias name in UTF-8 bytes (MetadataCreateIndexService.MAX_INDEX_NAME_BYTES).
inline constexpr size_t kMaxIndexNameBytes = 255;

// Rules shared by index and alias names: no file-name-unsafe characters, not empty, no '#' or
// ':', no leading '_', '-' or '+', at most 255 bytes, not "." or "..". Returns the rule that
// failed as OpenSearch words it ("must not contain '#'"), or "" when the name is valid.
std::string index_or_alias_name_violation(std::string_view name);

// A name for a new index: the shared rules plus lowercase-only. invalid_index_name with
// "Invalid index name [name], <rule>".
Status validate_index_name(std::string_view name);

// A name for an alias: the shared rules (aliases may be uppercase). invalid_argument with
// "Invalid alias name [name], <rule>" (OpenSearch's invalid_alias_name_exception, a 400).
Status validate_alias_name(std::string_view name);

}  // namespace pharos::engine
