// Maps (method, path pattern) to handlers. Patterns are slash-separated segments where
// "{name}" captures one segment: "/{index}/_doc/{id}". Literal segments win over captures,
// so "/_cat/indices" is preferred to "/{index}/{type}". Thread-safe after set-up.
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
