#include "dsl_test_util.h"

namespace pharos::query::testing {
namespace {

TEST_F(DslTest, BoolClauses) {
  auto node = ok(R"({"bool":{"must":{"term":{"tag":"a"}},"should":[{"term":{"tag":"b"}},{"term":{"tag":"c"}}],
                     "must_not":[{"term":{"tag":"d"}}],"filter":[{"range":{"count":{"gte":1}}}],
                     "minimum_should_match":1,"boost":1.5,"_name":"b"}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  EXPECT_EQ(node.must.size(), 1u);
  EXPECT_EQ(node.should.size(), 2u);
  EXPECT_EQ(node.must_not.size(), 1u);
  EXPECT_EQ(node.filter.size(), 1u);
  EXPECT_EQ(node.minimum_should_match, 1u);
  EXPECT_FLOAT_EQ(node.boost, 1.5f);
  EXPECT_EQ(node.name, "b");
  EXPECT_EQ(error(R"({"bool":{"must":[{"nope":{}}]}})").message(), "unknown query [nope]");
  EXPECT_EQ(error(R"({"bool":{"sholud":[]}})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, MinimumShouldMatchForms) {
  auto msm = [&](const std::string& spec, int clauses) {
    std::string should;
    for (int i = 0; i < clauses; ++i) should += std::string(i ? "," : "") + R"({"term":{"tag":"x"}})";
    auto node = ok(R"({"bool":{"should":[)" + should + R"(],"minimum_should_match":)" + spec + "}}");
    return node.minimum_should_match;
  };
  EXPECT_EQ(msm("2", 4), 2u);
  EXPECT_EQ(msm("\"-1\"", 4), 3u);
  EXPECT_EQ(msm("\"75%\"", 4), 3u);
  EXPECT_EQ(msm("\"-25%\"", 4), 3u);
  EXPECT_EQ(msm("\"-25%\"", 3), 3u);  // 25% of 3 truncates to 0 removed
  EXPECT_EQ(msm("\"3<90%\"", 3), 3u);
  EXPECT_EQ(msm("\"3<90%\"", 10), 9u);
  EXPECT_EQ(msm("\"2<-25% 9<-3\"", 2), 2u);
  EXPECT_EQ(msm("\"2<-25% 9<-3\"", 8), 6u);
  EXPECT_EQ(msm("\"2<-25% 9<-3\"", 12), 9u);
  EXPECT_EQ(msm("\"-10\"", 4), 0u);
  EXPECT_EQ(error(R"({"bool":{"should":[{"match_all":{}}],"minimum_should_match":"abc"}})").kind(),
            ErrorKind::invalid_argument);
}

TEST_F(DslTest, TooManyClauses) {
  context_.max_clause_count = 4;
  auto s = error(R"({"bool":{"should":[{"term":{"tag":"1"}},{"term":{"tag":"2"}},{"term":{"tag":"3"}},
                                       {"term":{"tag":"4"}},{"term":{"tag":"5"}}]}})");
  EXPECT_EQ(s.kind(), ErrorKind::resource_exhausted);
  EXPECT_EQ(s.message(), "maxClauseCount is set to 4");
  EXPECT_EQ(error(R"({"match":{"title":"a b c d e f"}})").kind(), ErrorKind::resource_exhausted);
}

TEST_F(DslTest, ConstantScoreDisMaxBoosting) {
  auto node = ok(R"({"constant_score":{"filter":{"term":{"tag":"a"}},"boost":1.2}})");
  EXPECT_EQ(node.kind, QueryKind::constant_score);
  EXPECT_EQ(node.children.size(), 1u);
  EXPECT_FLOAT_EQ(node.boost, 1.2f);
  EXPECT_EQ(error(R"({"constant_score":{}})").message(), "[constant_score] requires a 'filter' element");
  node = ok(R"({"dis_max":{"queries":[{"term":{"tag":"a"}},{"term":{"tag":"b"}}],"tie_breaker":0.7}})");
  EXPECT_EQ(node.kind, QueryKind::dis_max);
  EXPECT_EQ(node.children.size(), 2u);
  EXPECT_FLOAT_EQ(node.tie_breaker, 0.7f);
  node = ok(R"({"boosting":{"positive":{"term":{"tag":"a"}},"negative":{"term":{"tag":"b"}},"negative_boost":0.5}})");
  EXPECT_EQ(node.kind, QueryKind::boosting);
  EXPECT_FLOAT_EQ(node.negative_boost, 0.5f);
  EXPECT_EQ(error(R"({"boosting":{"positive":{"term":{"tag":"a"}}}})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, FunctionScore) {
  auto node = ok(R"({"function_score":{"query":{"match":{"title":"fox"}},
      "functions":[{"filter":{"term":{"tag":"a"}},"weight":2},
                   {"field_value_factor":{"field":"count","factor":1.2,"modifier":"log1p","missing":1}},
                   {"gauss":{"ts":{"origin":"now","scale":"10d","decay":0.5}}}],
      "score_mode":"sum","boost_mode":"replace","max_boost":10,"min_score":0.5}})");
  EXPECT_EQ(node.kind, QueryKind::function_score);
  ASSERT_EQ(node.functions.size(), 3u);
  ASSERT_EQ(node.function_filters.size(), 3u);
  EXPECT_EQ(node.function_filters[0].kind, QueryKind::term);
  EXPECT_EQ(node.function_filters[1].kind, QueryKind::match_all);
  EXPECT_FLOAT_EQ(node.functions[0].weight, 2.0f);
  EXPECT_EQ(node.functions[1].type, search::FunctionSpec::Type::field_value_factor);
  EXPECT_EQ(node.functions[1].modifier, "log1p");
  EXPECT_EQ(node.functions[2].type, search::FunctionSpec::Type::gauss);
  EXPECT_DOUBLE_EQ(node.functions[2].origin, static_cast<double>(kNow));
  EXPECT_DOUBLE_EQ(node.functions[2].scale, 10.0 * 86400000);
  EXPECT_EQ(node.score_mode, "sum");
  EXPECT_EQ(node.boost_mode, "replace");
  EXPECT_EQ(node.children[0].kind, QueryKind::term);
  node = ok(R"({"function_score":{"random_score":{"seed":10},"weight":3}})");
  EXPECT_EQ(node.functions.size(), 1u);
  EXPECT_EQ(node.functions[0].type, search::FunctionSpec::Type::random_score);
  EXPECT_FLOAT_EQ(node.functions[0].weight, 3.0f);
  EXPECT_EQ(error(R"({"function_score":{"script_score":{}}})").kind(), ErrorKind::unsupported);
}

TEST_F(DslTest, DeepNestingIsRejectedNotCrashing) {
  std::string q = R"({"term":{"tag":"x"}})";
  for (int i = 0; i < 200; ++i) q = R"({"bool":{"must":)" + q + "}}";
  EXPECT_EQ(error(q).kind(), ErrorKind::parse_error);
}

}  // namespace
}  // namespace pharos::query::testing
