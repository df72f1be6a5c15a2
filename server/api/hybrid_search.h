// Search pipelines applied to a search, and the execution of a top-level `hybrid` query:
// per shard every sub-query runs as its own top-k (k = pagination_depth, else from + size)
// through the normal query phase; the coordinator normalises and combines the sub-query scores
// of all shards (search_pipeline.h), and the fused shard lists go through the usual merge,
// fetch and render (render_search). Total hits and aggregations come from one more query
// phase per shard over the union of the sub-queries.
//
// Without a pipeline OpenSearch returns its internal "raw" format (sub-query lists separated by
// magic delimiter scores), which no client can use; Pharos instead returns the union of the
// sub-queries with each doc's best raw sub-query score.
#pragma once

#include <memory>

#include "query/dsl/hybrid_query.h"
#include "server/api/search_execution.h"
#include "server/api/search_pipeline.h"

namespace pharos::engine {
class Catalog;
}
namespace pharos::http {
struct Request;
}

namespace pharos::api {

struct HybridSearchPlan {
  query::HybridQuerySpec query;
  HybridScoring scoring;
};

// Resolves the request's search pipeline (`search_pipeline=`, else the
// `index.search.default_pipeline` of the one index named in the URL; "_none" = none) and
// applies it to `search`: filter_query processors wrap the query in a bool filter; a top-level
// hybrid query is replaced by the union of its sub-queries and described by the returned plan
// (nullptr for any other query). Unknown pipeline → 400 "Pipeline X is not defined".
Outcome<std::shared_ptr<const HybridSearchPlan>> apply_search_pipeline(const engine::Catalog& catalog,
                                                                       const http::Request& request,
                                                                       query::SearchRequest& search);

// execute_search for a prepared search with a hybrid plan.
Outcome<SearchBody> execute_hybrid_search(const PreparedSearch& prepared, size_t from, size_t size);

}  // namespace pharos::api
