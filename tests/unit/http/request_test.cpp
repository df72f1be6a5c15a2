#include "server/http/request.h"

#include <gtest/gtest.h>

#include "server/http/gzip.h"
#include "server/http/http_error.h"
#include "server/http/percent_decoding.h"
#include "server/http/query_string.h"
#include "server/http/request_builder.h"

namespace pharos::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndKeepsPlus) {
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("%2F%2f"), "//");
  EXPECT_EQ(percent_decode("caf%C3%A9"), "caf\xC3\xA9");
  // Malformed escapes stay as they are.
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%G1x"), "%G1x");
  EXPECT_EQ(percent_decode("%4"), "%4");
  EXPECT_EQ(percent_decode(""), "");
}

TEST(QueryString, SplitsAndDecodes) {
  std::map<std::string, std::string> query;
  parse_query_string("pretty&size=10&q=a%20b+c&&=x&size=20&empty=", query);
  EXPECT_EQ(query.size(), 4u);
  EXPECT_EQ(query["pretty"], "");
  EXPECT_EQ(query["size"], "20");  // last wins
  EXPECT_EQ(query["q"], "a b+c");
  EXPECT_EQ(query["empty"], "");
}

TEST(QueryString, SplitTarget) {
  auto split = split_target("/idx/_search?q=1#frag");
  EXPECT_EQ(split.raw_path, "/idx/_search");
  EXPECT_EQ(split.raw_query, "q=1");
  split = split_target("/plain");
  EXPECT_EQ(split.raw_path, "/plain");
  EXPECT_EQ(split.raw_query, "");
}

TEST(RequestHelpers, ParamsHeadersFlags) {
  Request request;
  request.query = {{"pretty", ""}, {"refresh", "true"}, {"human", "false"}, {"odd", "yes"}, {"size", "5"}};
  request.headers = {{"content-type", "application/json"}};
  EXPECT_EQ(*request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("accept"), nullptr);
  EXPECT_TRUE(request.has_param("size"));
  EXPECT_EQ(request.param_or("size", "10"), "5");
  EXPECT_EQ(request.param_or("from", "0"), "0");
  EXPECT_TRUE(request.flag("pretty", false));
  EXPECT_TRUE(request.flag("refresh", false));
  EXPECT_FALSE(request.flag("human", true));
  EXPECT_TRUE(request.flag("odd", false));
  EXPECT_TRUE(request.flag("absent", true));
  EXPECT_FALSE(request.flag("absent", false));
}

TEST(RequestHelpers, MethodNames) {
  EXPECT_EQ(parse_method("DELETE"), Method::delete_);
  EXPECT_EQ(parse_method("PATCH"), Method::other);
  EXPECT_STREQ(method_name(Method::options), "OPTIONS");
}

TEST(BuildRequest, DecodesTargetAndHeaders) {
  std::string body = "{\"a\":1}";
  const char* data = body.data();
  auto built =
      build_request("POST", "/my%20index/_doc/a%2Fb?refresh=wait_for&routing=x%26y",
                    {{"Content-Type", "application/json"}, {"X-Opaque-Id", "1"}, {"x-opaque-id", "2"}},
                    std::move(body), 1 << 20);
  ASSERT_TRUE(built.is_ok());
  const Request& request = built.value();
  EXPECT_EQ(request.method, Method::post);
  EXPECT_EQ(request.method_name, "POST");
  EXPECT_EQ(request.path, "/my index/_doc/a/b");
  EXPECT_EQ(request.param_or("refresh", ""), "wait_for");
  EXPECT_EQ(request.param_or("routing", ""), "x&y");
  EXPECT_EQ(*request.header("content-type"), "application/json");
  EXPECT_EQ(*request.header("x-opaque-id"), "1, 2");
  EXPECT_EQ(request.body, "{\"a\":1}");
  (void)data;
}

TEST(BuildRequest, BodyIsMovedNotCopied) {
  std::string body(1 << 20, 'x');  // beyond any small-string buffer
  const char* data = body.data();
  auto built = build_request("POST", "/_bulk", {}, std::move(body), 2 << 20);
  ASSERT_TRUE(built.is_ok());
  EXPECT_EQ(built.value().body.data(), data);
}

TEST(BuildRequest, InflatesGzipAndDropsEncodingHeader) {
  std::string plain = "{\"index\":{}}\n{\"msg\":\"hello\"}\n";
  auto built = build_request("POST", "/_bulk", {{"Content-Encoding", "gzip"}}, gzip_compress(plain), 1 << 20);
  ASSERT_TRUE(built.is_ok());
  EXPECT_EQ(built.value().body, plain);
  EXPECT_EQ(built.value().header("content-encoding"), nullptr);
}

TEST(BuildRequest, Errors) {
  auto bomb = build_request("POST", "/_bulk", {{"Content-Encoding", "gzip"}},
                            gzip_compress(std::string(100000, 'a')), 1000);
  ASSERT_FALSE(bomb.is_ok());
  EXPECT_EQ(bomb.status().kind(), ErrorKind::resource_exhausted);
  EXPECT_EQ(request_error_response(bomb.status(), 1000).status, 413);

  auto corrupt = build_request("POST", "/_bulk", {{"Content-Encoding", "gzip"}}, "not gzip at all", 1000);
  ASSERT_FALSE(corrupt.is_ok());
  EXPECT_EQ(corrupt.status().kind(), ErrorKind::parse_error);
  EXPECT_EQ(request_error_response(corrupt.status(), 1000).status, 400);

  auto unknown = build_request("POST", "/_bulk", {{"Content-Encoding", "br"}}, "x", 1000);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(request_error_response(unknown.status(), 1000).status, 400);
}

TEST(HttpError, OpenSearchShape) {
  Response response = make_error_response(413, "content_too_long_exception", "too \"big\"\n");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body,
            "{\"error\":{\"root_cause\":[{\"type\":\"content_too_long_exception\",\"reason\":\"too "
            "\\\"big\\\"\\n\"}],\"type\":\"content_too_long_exception\",\"reason\":\"too \\\"big\\\"\\n\"},"
            "\"status\":413}");
  EXPECT_EQ(json_escape(std::string("\x01", 1)), "\\u0001");
}

}  // namespace
}  // namespace pharos::http
