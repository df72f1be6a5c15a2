#include "server/api/api_context.h"

namespace pharos::api {

void register_all_routes(http::Router& router, ApiContext& ctx) {
  register_root_routes(router, ctx);
  register_index_routes(router, ctx);
  register_mapping_routes(router, ctx);
  register_template_routes(router, ctx);
  register_alias_routes(router, ctx);
  register_cat_routes(router, ctx);
  register_cluster_routes(router, ctx);
  register_analyze_routes(router, ctx);
  register_document_routes(router, ctx);
  register_bulk_routes(router, ctx);
  register_search_routes(router, ctx);
  register_knn_routes(router, ctx);
  register_search_pipeline_routes(router, ctx);
}

}  // namespace pharos::api
