#include "dsl_test_util.h"

namespace pharos::query::testing {
namespace {

TEST_F(DslTest, QueryStringBooleanSyntax) {
  auto node = ok(R"({"query_string":{"query":"title:quick AND tag:x","default_field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  ASSERT_EQ(node.must.size(), 2u);
  EXPECT_EQ(node.must[0].terms[0], "quick");
  EXPECT_EQ(node.must[1].field, "tag");
  node = ok(R"({"query_string":{"query":"quick -brown +fox","default_field":"title"}})");
  EXPECT_EQ(node.should.size(), 1u);
  EXPECT_EQ(node.must_not.size(), 1u);
  EXPECT_EQ(node.must.size(), 1u);
  node = ok(R"({"query_string":{"query":"quick fox","default_field":"title","default_operator":"AND"}})");
  EXPECT_EQ(node.must.size(), 2u);
  node = ok(R"({"query_string":{"query":"(quick OR brown) AND NOT fox","default_field":"title"}})");
  EXPECT_EQ(node.must.size(), 1u);
  EXPECT_EQ(node.must[0].should.size(), 2u);
  EXPECT_EQ(node.must_not.size(), 1u);
  EXPECT_EQ(error(R"({"query_string":{"query":"(quick","default_field":"title"}})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, QueryStringLeaves) {
  auto node = ok(R"({"query_string":{"query":"\"quick fox\"~2","default_field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::phrase);
  EXPECT_EQ(node.slop, 2u);
  node = ok(R"({"query_string":{"query":"qu*k","default_field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::wildcard);
  node = ok(R"({"query_string":{"query":"Qui*","default_field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::prefix);
  EXPECT_EQ(node.pattern, "qui");
  node = ok(R"({"query_string":{"query":"count:[10 TO 20}"}})");
  EXPECT_EQ(node.kind, QueryKind::numeric_range);
  EXPECT_EQ(node.int_lower, 10);
  EXPECT_EQ(node.int_upper, 19);
  node = ok(R"({"query_string":{"query":"count:>=5"}})");
  EXPECT_EQ(node.int_lower, 5);
  node = ok(R"({"query_string":{"query":"quikc~1","default_field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::fuzzy);
  node = ok(R"({"query_string":{"query":"fox^2","fields":["title","body^3"]}})");
  EXPECT_EQ(node.kind, QueryKind::dis_max);
  EXPECT_FLOAT_EQ(node.boost, 2.0f);
  EXPECT_FLOAT_EQ(node.children[1].boost, 3.0f);
  node = ok(R"({"query_string":{"query":"_exists_:title"}})");
  EXPECT_EQ(node.kind, QueryKind::exists);
}

TEST_F(DslTest, SimpleQueryStringNeverFails) {
  auto node = ok(R"({"simple_query_string":{"query":"quick + fox | \"brown dog\"","fields":["title"]}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  node = ok(R"({"simple_query_string":{"query":"-fox quick","fields":["title"],"default_operator":"and"}})");
  EXPECT_EQ(node.must_not.size(), 1u);
  EXPECT_EQ(node.must.size(), 1u);
  for (const char* q : {"((", "\"open", "+", "-", "|", "a~", "*", "x:y", "[1 TO"}) {
    nlohmann::json body = {{"simple_query_string", {{"query", q}, {"fields", {"title", "count"}}}}};
    auto result = parse_query(body, context_);
    EXPECT_TRUE(result.is_ok()) << q << ": " << result.status().message();
  }
}

}  // namespace
}  // namespace pharos::query::testing
