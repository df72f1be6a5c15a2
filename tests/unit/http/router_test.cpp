#include "server/http/router.h"

#include <gtest/gtest.h>

namespace pharos::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) {
    Response response;
    response.body = name;
    return response;
  };
}

std::string call(const Router::Lookup& lookup, Request& request) {
  if (lookup.match != Router::Match::found) return "<none>";
  return (*lookup.handler)(request).body;
}

Request make(Method method, std::string target) {
  Request request;
  request.method = method;
  request.method_name = method_name(method);
  request.target = std::move(target);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::get, "/", named("root"));
    router_.add(Method::get, "/_cat/indices", named("cat_indices"));
    router_.add(Method::get, "/{index}/{type}", named("index_type"));
    router_.add(Method::get, "/{index}/_doc/{id}", named("get_doc"));
    router_.add(Method::put, "/{index}/_doc/{id}", named("put_doc"));
    router_.add(Method::delete_, "/{index}/_doc/{id}", named("delete_doc"));
    router_.add(Method::post, "/{index}/_doc", named("post_doc"));
    router_.add(Method::get, "/_search", named("search_all"));
    router_.add(Method::post, "/_search", named("search_all_post"));
    router_.add(Method::get, "/{index}/_search", named("search"));
    router_.add(Method::put, "/_template/{name}", named("put_template"));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralBeatsCapture) {
  Request request = make(Method::get, "/_cat/indices");
  auto lookup = router_.find(request);
  EXPECT_EQ(call(lookup, request), "cat_indices");
  EXPECT_TRUE(request.path_params.empty());

  Request other = make(Method::get, "/logs/anything");
  lookup = router_.find(other);
  EXPECT_EQ(call(lookup, other), "index_type");
  EXPECT_EQ(other.path_param("index"), "logs");
  EXPECT_EQ(other.path_param("type"), "anything");
}

TEST_F(RouterTest, CapturesAndLiteralInTheMiddle) {
  Request request = make(Method::get, "/logs-2024/_doc/42?pretty");
  auto lookup = router_.find(request);
  EXPECT_EQ(call(lookup, request), "get_doc");
  EXPECT_EQ(request.path_param("index"), "logs-2024");
  EXPECT_EQ(request.path_param("id"), "42");
  EXPECT_EQ(request.path_param("missing"), "");
}

TEST_F(RouterTest, FallsBackToCaptureWhenLiteralBranchDeadEnds) {
  // "/_search/x" has no literal route beyond "_search": the capture branch must still match.
  Request request = make(Method::get, "/_search/x");
  auto lookup = router_.find(request);
  EXPECT_EQ(call(lookup, request), "index_type");
  EXPECT_EQ(request.path_param("index"), "_search");
}

TEST_F(RouterTest, MethodNotAllowedListsMethods) {
  Request request = make(Method::post, "/logs/_doc/1");
  auto lookup = router_.find(request);
  EXPECT_EQ(lookup.match, Router::Match::method_not_allowed);
  EXPECT_EQ(lookup.handler, nullptr);
  std::vector<std::string> expected = {"GET", "PUT", "DELETE"};
  EXPECT_EQ(lookup.allowed_methods, expected);
}

TEST_F(RouterTest, MethodOnOtherPatternWinsOver405) {
  // POST /_cat/indices: the literal pattern has only GET, but no capture pattern has POST
  // either for two segments → 405 with the literal pattern's methods.
  Request request = make(Method::post, "/_cat/indices");
  auto lookup = router_.find(request);
  EXPECT_EQ(lookup.match, Router::Match::method_not_allowed);
  EXPECT_EQ(lookup.allowed_methods, std::vector<std::string>{"GET"});
  // PUT /_template/x exists via the literal; GET /_template/x falls to /{index}/{type}.
  Request get = make(Method::get, "/_template/x");
  lookup = router_.find(get);
  EXPECT_EQ(call(lookup, get), "index_type");
}

TEST_F(RouterTest, NotFound) {
  Request request = make(Method::get, "/a/b/c/d");
  EXPECT_EQ(router_.find(request).match, Router::Match::not_found);
  Request empty_segment = make(Method::get, "/logs//_search");
  EXPECT_EQ(router_.find(empty_segment).match, Router::Match::not_found);
}

TEST_F(RouterTest, PercentDecodedCapturesKeepEncodedSlash) {
  Request request = make(Method::get, "/logs/_doc/a%2Fb%20c+d");
  auto lookup = router_.find(request);
  EXPECT_EQ(call(lookup, request), "get_doc");
  EXPECT_EQ(request.path_param("id"), "a/b c+d");
  // An encoded literal still matches the literal.
  Request encoded_literal = make(Method::get, "/%5Fcat/indices");
  lookup = router_.find(encoded_literal);
  EXPECT_EQ(call(lookup, encoded_literal), "cat_indices");
}

TEST_F(RouterTest, TrailingSlashIgnored) {
  Request request = make(Method::get, "/_cat/indices/");
  EXPECT_EQ(call(router_.find(request), request), "cat_indices");
  Request post = make(Method::post, "/logs/_doc/");
  auto lookup = router_.find(post);
  EXPECT_EQ(call(lookup, post), "post_doc");
  EXPECT_EQ(post.path_param("index"), "logs");
  Request root = make(Method::get, "/");
  EXPECT_EQ(call(router_.find(root), root), "root");
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  Request request = make(Method::head, "/logs/_doc/1");
  EXPECT_EQ(call(router_.find(request), request), "get_doc");
  router_.add(Method::head, "/{index}/_doc/{id}", named("head_doc"));
  Request again = make(Method::head, "/logs/_doc/1");
  EXPECT_EQ(call(router_.find(again), again), "head_doc");
}

TEST_F(RouterTest, UsesPathWhenTargetIsEmpty) {
  Request request;
  request.method = Method::get;
  request.path = "/logs/_search";
  EXPECT_EQ(call(router_.find(request), request), "search");
}

TEST(RouterCaptureNames, DifferentNamesAtSamePosition) {
  Router router;
  router.add(Method::get, "/{index}/_mapping", named("mapping"));
  router.add(Method::get, "/{name}/_alias/{alias}", named("alias"));
  Request request = make(Method::get, "/logs/_alias/current");
  EXPECT_EQ(call(router.find(request), request), "alias");
  EXPECT_EQ(request.path_param("name"), "logs");
  EXPECT_EQ(request.path_param("alias"), "current");
  Request mapping = make(Method::get, "/logs/_mapping");
  EXPECT_EQ(call(router.find(mapping), mapping), "mapping");
  EXPECT_EQ(mapping.path_param("index"), "logs");
}

}  // namespace
}  // namespace pharos::http
