// Wildcard matching of names against patterns, as OpenSearch's Regex.simpleMatch does it:
// '*' matches any run of characters (also empty); every other character matches itself.
// Used by the engine for index templates, index expressions and by dynamic templates.
#pragma once

#include <string_view>

namespace pharos::mapping {

bool simple_wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace pharos::mapping
