// Maps (method, path pattern) to handlers. Patterns are slash-separated segments where
// "{name}" captures one segment: "/{index}/_doc/{id}". Literal segments win over captures,
// so "/_cat/indices" is preferred to "/{index}/{type}". Thread-safe after set-up.
//
// Matching splits the *raw* (still percent-encoded) path of Request::target on '/', then
// decodes each segment, so an id containing "%2F" stays one segment; captures hold the decoded
// text. A trailing slash is ignored ("/idx/" matches "/idx"); an empty segment inside the path
// ("/a//b") matches nothing. When a path matches several patterns, the first (literal-first)
// pattern that has a handler for the method wins; if none has, find() answers
// method_not_allowed with the methods of the most literal matching pattern. HEAD falls back to
// the GET handler when no HEAD handler is registered (the server then sends headers only).
// Registering the same (method, pattern) twice replaces the handler.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/request.h"

namespace pharos::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  Router();
  ~Router();
  void add(Method method, std::string_view pattern, Handler handler);

  enum class Match { found, method_not_allowed, not_found };
  struct Lookup {
    Match match = Match::not_found;
    const Handler* handler = nullptr;
    std::vector<std::string> allowed_methods;  // for 405 responses
  };
  // Fills request.path_params on success.
  Lookup find(Request& request) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace pharos::http
