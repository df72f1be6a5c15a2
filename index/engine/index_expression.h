// Resolving index expressions ("logs-*,-logs-old,alias,_all") to concrete index names, following
// OpenSearch's IndexNameExpressionResolver, plus the wildcard helpers it needs. Pure functions
// over a CatalogState so they can be tested without storage; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/base/status.h"
#include "index/engine/catalog.h"
#include "index/engine/catalog_state.h"

namespace pharos::engine {

// '*' matches any run of characters (OpenSearch's Regex.simpleMatch); mapping::simple_wildcard_match.
bool wildcard_match(std::string_view pattern, std::string_view text);
bool has_wildcard(std::string_view pattern);
// True when some string matches both patterns (the automaton intersection OpenSearch uses to
// detect overlapping template patterns).
bool wildcard_patterns_overlap(std::string_view a, std::string_view b);

struct ResolveRules {
  IndicesOptions options;
  // Destructive and alias-management requests name concrete indices only: an alias there is an
  // error and wildcards do not expand aliases (OpenSearch's ignoreAliases option).
  bool ignore_aliases = false;
};

// Concrete index names (sorted, unique) for a comma-separated expression. Closed indices are
// skipped by wildcards unless expand_closed; a closed index named directly (or through an alias)
// → index_closed unless expand_closed or ignore_unavailable. Failed indices behave like closed
// ones, except that naming one directly → corrupt.
Result<std::vector<std::string>> resolve_index_expression(const CatalogState& state,
                                                          std::string_view expression,
                                                          const ResolveRules& rules);

}  // namespace pharos::engine
