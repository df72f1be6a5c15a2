#include "server/api/request_dispatcher.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <nlohmann/json.hpp>

#include "server/api/errors.h"
#include "server/api/filter_path.h"
#include "server/api/json_response.h"

namespace pharos::api {

RequestDispatcher::RequestDispatcher(ApiContext& ctx) : ctx_(ctx) { register_all_routes(router_, ctx_); }

http::Response RequestDispatcher::handle(http::Request& request) const {
  http::Response response;
  try {
    http::Router::Lookup lookup = router_.find(request);
    if (lookup.match == http::Router::Match::found) {
      response = (*lookup.handler)(request);
    } else if (lookup.match == http::Router::Match::method_not_allowed) {
      std::string allowed;
      for (const auto& m : lookup.allowed_methods) allowed += (allowed.empty() ? "" : ",") + m;
      response = error_response(405, "exception",
                                "Incorrect HTTP method for uri [" + request.target + "] and method [" +
                                    request.method_name + "], allowed: [" + allowed + "]");
      response.headers.emplace_back("Allow", allowed);
    } else {
      response = error_response(400, "illegal_argument_exception",
                                "no handler found for uri [" + request.target + "] and method [" +
                                    request.method_name + "]");
    }
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", request.method_name, request.target, e.what());
    response = error_response(500, "exception", std::string("internal error: ") + e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", request.method_name, request.target);
    response = error_response(500, "exception", "internal error");
  }
  if (const std::string* filter = request.param("filter_path");
      filter != nullptr && response.content_type.rfind("application/json", 0) == 0 && !response.body.empty()) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_discarded()) {
      http::Response filtered = json_response(request, response.status, apply_filter_path(body, *filter));
      response.body = std::move(filtered.body);
    }
  }
  if (ctx_.elastic_product_header) response.headers.emplace_back("X-Elastic-Product", "Elasticsearch");
  return response;
}

}  // namespace pharos::api
