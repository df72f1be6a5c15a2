// Turns every HTTP request into a response: route lookup, OpenSearch's answers for unknown
// URIs and wrong methods, and a last-resort 500 for exceptions, so no handler can crash the node.
// Thread-safe: the router is immutable once built.
#pragma once

#include <memory>

#include "server/api/api_context.h"
#include "server/http/request.h"
#include "server/http/router.h"

namespace pharos::api {

class RequestDispatcher {
 public:
  explicit RequestDispatcher(ApiContext& ctx);
  http::Response handle(http::Request& request) const;

 private:
  ApiContext& ctx_;
  http::Router router_;
};

}  // namespace pharos::api
