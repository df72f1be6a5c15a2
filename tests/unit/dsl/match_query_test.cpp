#include "dsl_test_util.h"

namespace pharos::query::testing {
namespace {

TEST_F(DslTest, MatchSingleAndMultipleTerms) {
  auto node = ok(R"({"match":{"title":"Quick"}})");
  EXPECT_EQ(node.kind, QueryKind::term);
  EXPECT_EQ(node.terms[0], "quick");
  node = ok(R"({"match":{"title":{"query":"Quick Brown Fox","boost":2}}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  ASSERT_EQ(node.should.size(), 3u);
  EXPECT_EQ(node.should[1].terms[0], "brown");
  EXPECT_FLOAT_EQ(node.boost, 2.0f);
  node = ok(R"({"match":{"title":{"query":"quick brown","operator":"and"}}})");
  EXPECT_EQ(node.must.size(), 2u);
  EXPECT_TRUE(node.should.empty());
  node = ok(R"({"match":{"title":{"query":"a b c d","minimum_should_match":"75%"}}})");
  EXPECT_EQ(node.minimum_should_match, 3u);
  node = ok(R"({"match":{"body":"running dogs"}})");  // english analyzer stems
  EXPECT_EQ(node.should[0].terms[0], "run");
  EXPECT_EQ(node.should[1].terms[0], "dog");
}

TEST_F(DslTest, MatchOptions) {
  auto node = ok(R"({"match":{"title":{"query":"quikc","fuzziness":"AUTO","prefix_length":2}}})");
  EXPECT_EQ(node.kind, QueryKind::fuzzy);
  EXPECT_EQ(node.max_edits, 1u);
  EXPECT_EQ(node.prefix_length, 2u);
  node = ok(R"({"match":{"title":{"query":"Quick Fox","analyzer":"whitespace"}}})");
  EXPECT_EQ(node.should[0].terms[0], "Quick");
  EXPECT_EQ(error(R"({"match":{"title":{"query":"x","analyzer":"nope"}}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(ok(R"({"match":{"body":{"query":"the","zero_terms_query":"all"}}})").kind, QueryKind::match_all);
  EXPECT_EQ(ok(R"({"match":{"body":"the"}})").kind, QueryKind::match_none);
  EXPECT_EQ(error(R"({"match":{"title":{"query":"x","operator":"xor"}}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({"match":{"title":{"qury":"x"}}})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, MatchOnNonTextFields) {
  EXPECT_EQ(ok(R"({"match":{"count":"12"}})").terms[0], "12");
  EXPECT_EQ(ok(R"({"match":{"tag":"Hello World"}})").terms[0], "Hello World");
  EXPECT_EQ(error(R"({"match":{"count":"abc"}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(ok(R"({"match":{"count":{"query":"abc","lenient":true}}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"match":{"ts":"2020-01-01"}})").kind, QueryKind::numeric_range);
}

TEST_F(DslTest, MatchPhraseFamily) {
  auto node = ok(R"({"match_phrase":{"title":{"query":"quick brown fox","slop":2}}})");
  EXPECT_EQ(node.kind, QueryKind::phrase);
  EXPECT_EQ(node.terms, (std::vector<std::string>{"quick", "brown", "fox"}));
  EXPECT_EQ(node.positions, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(node.slop, 2u);
  node = ok(R"({"match_phrase":{"body":"fox in the hole"}})");  // stopwords leave position gaps
  EXPECT_EQ(node.positions.back(), 3u);
  EXPECT_EQ(ok(R"({"match_phrase":{"title":"fox"}})").kind, QueryKind::term);
  node = ok(R"({"match_phrase_prefix":{"title":"quick bro"}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  EXPECT_EQ(node.must[1].kind, QueryKind::prefix);
  EXPECT_EQ(node.must[1].pattern, "bro");
  node = ok(R"({"match_bool_prefix":{"title":"quick brown f"}})");
  EXPECT_EQ(node.should.size(), 3u);
  EXPECT_EQ(node.should[2].kind, QueryKind::prefix);
}

TEST_F(DslTest, MultiMatch) {
  auto node = ok(R"({"multi_match":{"query":"fox","fields":["title^3","body"],"tie_breaker":0.3}})");
  EXPECT_EQ(node.kind, QueryKind::dis_max);
  ASSERT_EQ(node.children.size(), 2u);
  EXPECT_FLOAT_EQ(node.children[0].boost, 3.0f);
  EXPECT_FLOAT_EQ(node.tie_breaker, 0.3f);
  node = ok(R"({"multi_match":{"query":"fox","fields":["title","body"],"type":"most_fields"}})");
  EXPECT_EQ(node.kind, QueryKind::boolean);
  EXPECT_EQ(node.should.size(), 2u);
  node = ok(R"({"multi_match":{"query":"quick fox","fields":["title","body"],"type":"phrase"}})");
  EXPECT_EQ(node.children[0].kind, QueryKind::phrase);
  node = ok(R"({"multi_match":{"query":"fox","fields":["user.*"]}})");
  EXPECT_EQ(node.kind, QueryKind::dis_max);  // user.name and user.id
  node = ok(R"({"multi_match":{"query":"abc","fields":["*"]}})");  // lenient on numeric fields
  EXPECT_EQ(node.kind, QueryKind::dis_max);
  EXPECT_EQ(error(R"({"multi_match":{"query":"x","type":"bogus"}})").kind(), ErrorKind::parse_error);
}

}  // namespace
}  // namespace pharos::query::testing
