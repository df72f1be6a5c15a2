#include "server/http/router.h"

#include <array>
#include <map>

#include "server/http/percent_decoding.h"
#include "server/http/query_string.h"

namespace pharos::http {
namespace {

constexpr size_t kMethodCount = static_cast<size_t>(Method::other) + 1;

// Splits "/a/b/" into {"a", "b"}: the leading slash and one trailing slash are dropped, inner
// empty segments are kept (they match nothing).
std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return segments;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool is_capture(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

struct Router::Node {
  struct Route {
    Handler handler;
    std::vector<std::string> capture_names;  // in segment order
  };
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> capture;
  std::array<std::unique_ptr<Route>, kMethodCount> routes;

  bool has_routes() const {
    for (const auto& route : routes)
      if (route) return true;
    return false;
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::add(Method method, std::string_view pattern, Handler handler) {
  Node* node = root_.get();
  std::vector<std::string> capture_names;
  for (std::string_view segment : split_segments(pattern)) {
    std::unique_ptr<Node>* child;
    if (is_capture(segment)) {
      capture_names.emplace_back(segment.substr(1, segment.size() - 2));
      child = &node->capture;
    } else {
      child = &node->literals[std::string(segment)];
    }
    if (!*child) *child = std::make_unique<Node>();
    node = child->get();
  }
  auto route = std::make_unique<Node::Route>();
  route->handler = std::move(handler);
  route->capture_names = std::move(capture_names);
  node->routes[static_cast<size_t>(method)] = std::move(route);
}

Router::Lookup Router::find(Request& request) const {
  std::string_view raw_path =
      request.target.empty() ? std::string_view(request.path) : split_target(request.target).raw_path;
  std::vector<std::string> segments;
  for (std::string_view segment : split_segments(raw_path)) segments.push_back(percent_decode(segment));

  const Node::Route* found = nullptr;
  const Node* path_match = nullptr;
  std::vector<size_t> captured;
  std::vector<size_t> found_captures;
  const size_t method_index = static_cast<size_t>(request.method);
  const size_t get_index = static_cast<size_t>(Method::get);

  // Depth-first, literal child before capture child; returns true at the first pattern with a
  // handler for the method, and remembers the first path-only match for a 405.
  auto visit = [&](auto&& self, const Node* node, size_t depth) -> bool {
    if (depth == segments.size()) {
      if (!node->has_routes()) return false;
      const Node::Route* route = node->routes[method_index].get();
      if (!route && request.method == Method::head) route = node->routes[get_index].get();
      if (route) {
        found = route;
        found_captures = captured;
        return true;
      }
      if (!path_match) path_match = node;
      return false;
    }
    const std::string& segment = segments[depth];
    auto it = node->literals.find(segment);
    if (it != node->literals.end() && self(self, it->second.get(), depth + 1)) return true;
    if (node->capture && !segment.empty()) {
      captured.push_back(depth);
      if (self(self, node->capture.get(), depth + 1)) return true;
      captured.pop_back();
    }
    return false;
  };

  Lookup lookup;
  if (visit(visit, root_.get(), 0)) {
    lookup.match = Match::found;
    lookup.handler = &found->handler;
    for (size_t i = 0; i < found_captures.size() && i < found->capture_names.size(); ++i)
      request.path_params[found->capture_names[i]] = segments[found_captures[i]];
    return lookup;
  }
  if (path_match) {
    lookup.match = Match::method_not_allowed;
    for (size_t i = 0; i < kMethodCount; ++i)
      if (path_match->routes[i]) lookup.allowed_methods.emplace_back(method_name(static_cast<Method>(i)));
  }
  return lookup;
}

}  // namespace pharos::http
