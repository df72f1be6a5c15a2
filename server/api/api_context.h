// What every endpoint family needs: the catalog, node identity and node-level settings.
// Route registration functions take a Router and this context; handlers capture it by reference.
#pragma once

#include <string>

namespace pharos::engine {
class Catalog;
class VectorIndexService;
}
namespace pharos::http {
class Router;
}

namespace pharos::api {

class RequestCache;  // request_cache.h

struct ApiContext {
  engine::Catalog* catalog = nullptr;
  engine::VectorIndexService* vectors = nullptr;  // k-NN builds and cache (null: none)
  RequestCache* request_cache = nullptr;  // the shard request cache (null: none)
  std::string node_name = "pharos";
  std::string cluster_name = "pharos";
  std::string version_number = "3.4.0";  // the OpenSearch version we answer as
  bool elastic_product_header = false;   // add X-Elastic-Product: Elasticsearch to responses
};

// One function per endpoint family (one file each).
void register_root_routes(http::Router& router, ApiContext& ctx);      // GET/HEAD /
void register_index_routes(http::Router& router, ApiContext& ctx);     // PUT/GET/HEAD/DELETE /{index}, _open/_close, _refresh, _flush, _forcemerge, _stats
void register_mapping_routes(http::Router& router, ApiContext& ctx);   // _mapping, _settings
void register_template_routes(http::Router& router, ApiContext& ctx);  // _index_template
void register_alias_routes(http::Router& router, ApiContext& ctx);     // _aliases, _alias
void register_cat_routes(http::Router& router, ApiContext& ctx);       // _cat/*
void register_cluster_routes(http::Router& router, ApiContext& ctx);   // _cluster/health
void register_analyze_routes(http::Router& router, ApiContext& ctx);   // _analyze
void register_document_routes(http::Router& router, ApiContext& ctx);  // _doc, _create, _source, _update, _mget
void register_bulk_routes(http::Router& router, ApiContext& ctx);      // _bulk
void register_search_pipeline_routes(http::Router& router, ApiContext& ctx);  // _search/pipeline
void register_knn_routes(http::Router& router, ApiContext& ctx);       // _plugins/_knn: stats, warmup, clear_cache
void register_search_routes(http::Router& router, ApiContext& ctx);    // _search, _count, _msearch, scroll, point in time, _delete_by_query, _update_by_query

// Registers every family above.
void register_all_routes(http::Router& router, ApiContext& ctx);

}  // namespace pharos::api
