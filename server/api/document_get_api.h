// Document reads: GET/HEAD /{index}/_doc/{id}, GET/HEAD /{index}/_source/{id},
// GET/POST /_mget and /{index}/_mget. Registered by register_document_routes.
#pragma once

namespace pharos::http {
class Router;
}

namespace pharos::api {

struct ApiContext;

void register_document_read_routes(http::Router& router, ApiContext& ctx);

}  // namespace pharos::api
