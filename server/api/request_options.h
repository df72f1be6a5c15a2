// Request parameters shared by many endpoints: index-expression options and index listing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/base/status.h"
#include "index/engine/catalog.h"
#include "server/http/request.h"

namespace pharos::api {

// ignore_unavailable, allow_no_indices, expand_wildcards (open,closed,all,none) from the query.
engine::IndicesOptions indices_options(const http::Request& request, bool default_allow_no_indices = true);

// Resolves the {index} path parameter (or "_all" when absent) to concrete open indexes.
Result<std::vector<std::shared_ptr<engine::IndexService>>> resolve_indices(
    engine::Catalog& catalog, const http::Request& request, bool default_allow_no_indices = true);

}  // namespace pharos::api
