// Terms lookup ({"terms": {"user": {"index": "users", "id": "2", "path": "followers"}}}): the
// coordinator fetches the named document and rewrites the lookup into a plain terms list before
// the query is parsed, as OpenSearch's TermsQueryBuilder does in its rewrite phase. Walks the
// whole query (and filter aggregations), so lookups nested in bool / constant_score / aggs work.
#pragma once

#include <nlohmann/json.hpp>

#include "index/base/status.h"

namespace pharos::engine {
class Catalog;
}

namespace pharos::api {

bool has_terms_lookup(const nlohmann::json& node);
// Rewrites every terms lookup under `node` in place. A missing document gives an empty list (no
// match, as OpenSearch); a missing index is index_not_found; a malformed lookup is parse_error.
Status resolve_terms_lookups(nlohmann::json& node, const engine::Catalog& catalog);

}  // namespace pharos::api
