#include "dsl_test_util.h"

namespace pharos::query::testing {
namespace {

TEST_F(DslTest, MatchAllAndNone) {
  auto node = ok(R"({"match_all":{"boost":2,"_name":"all"}})");
  EXPECT_EQ(node.kind, QueryKind::match_all);
  EXPECT_FLOAT_EQ(node.boost, 2.0f);
  EXPECT_EQ(node.name, "all");
  EXPECT_EQ(ok(R"({"match_none":{}})").kind, QueryKind::match_none);
}

TEST_F(DslTest, UnknownAndMalformedQueries) {
  Status s = error(R"({"foo":{}})");
  EXPECT_EQ(s.kind(), ErrorKind::parse_error);
  EXPECT_EQ(s.message(), "unknown query [foo]");
  s = error(R"({"match":"x"})");
  EXPECT_EQ(s.message(), "[match] query malformed, no start_object after query name");
  EXPECT_EQ(error(R"({"term":{"tag":{"nope":1}}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({"term":{"tag":{"value":{"a":1}}}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({"term":{"tag":"a","title":"b"}})").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"([1,2])").kind(), ErrorKind::parse_error);
  EXPECT_EQ(error(R"({})").kind(), ErrorKind::parse_error);
}

TEST_F(DslTest, TermOnKeywordAndText) {
  auto node = ok(R"({"term":{"tag":{"value":"Foo","boost":3,"_name":"t"}}})");
  EXPECT_EQ(node.kind, QueryKind::term);
  EXPECT_EQ(node.field, "tag");
  EXPECT_EQ(node.terms, std::vector<std::string>{"Foo"});
  EXPECT_FLOAT_EQ(node.boost, 3.0f);
  EXPECT_EQ(node.name, "t");
  EXPECT_EQ(ok(R"({"term":{"tag_lc":"FoO"}})").terms[0], "foo");  // normalizer applied
  EXPECT_EQ(ok(R"({"term":{"title":"Quick Fox"}})").terms[0], "Quick Fox");  // never analysed
  EXPECT_EQ(ok(R"({"term":{"title.raw":"X"}})").field, "title.raw");
  EXPECT_EQ(ok(R"({"term":{"alias_tag":"a"}})").field, "tag");
  EXPECT_EQ(ok(R"({"term":{"user.id":"u1"}})").field, "user.id");
}

TEST_F(DslTest, TermOnUnmappedFieldMatchesNothing) {
  EXPECT_EQ(ok(R"({"term":{"nope":"x"}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"match":{"nope":"x"}})").kind, QueryKind::match_none);
}

TEST_F(DslTest, TermEncodesNumbers) {
  EXPECT_EQ(ok(R"({"term":{"count":42}})").terms[0], "42");
  EXPECT_EQ(ok(R"({"term":{"count":"-7"}})").terms[0], "-7");
  EXPECT_EQ(ok(R"({"term":{"count":5.0}})").terms[0], "5");
  EXPECT_EQ(ok(R"({"term":{"count":5.5}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"term":{"small":300}})").kind, QueryKind::match_none);
  EXPECT_EQ(ok(R"({"term":{"big":18446744073709551615}})").terms[0], "18446744073709551615");
  EXPECT_EQ(ok(R"({"term":{"price":0.1}})").terms[0], "0.1");
  EXPECT_EQ(ok(R"({"term":{"price":5}})").terms[0], "5");
  EXPECT_EQ(ok(R"({"term":{"ratio":0.1}})").terms[0], "0.1");
  EXPECT_EQ(ok(R"({"term":{"scaled":1.234}})").terms[0], "123");
  EXPECT_EQ(ok(R"({"term":{"flag":true}})").terms[0], "T");
  EXPECT_EQ(ok(R"({"term":{"flag":"false"}})").terms[0], "F");
  EXPECT_EQ(error(R"({"term":{"count":"abc"}})").kind(), ErrorKind::invalid_argument);
}

TEST_F(DslTest, TermOnDateIsTheRangeItCovers) {
  auto node = ok(R"({"term":{"ts":"2020-01-01"}})");
  EXPECT_EQ(node.kind, QueryKind::numeric_range);
  EXPECT_EQ(node.int_lower, 1577836800000);
  EXPECT_EQ(node.int_upper, 1577836800000);
  node = ok(R"({"term":{"ts":"now/d"}})");
  EXPECT_EQ(node.int_lower, 1579046400000);
  EXPECT_EQ(node.int_upper, 1579046400000 + 86400000 - 1);
}

TEST_F(DslTest, TermOnIpAndCidr) {
  auto node = ok(R"({"term":{"addr":"::ffff:10.0.0.1"}})");
  EXPECT_EQ(node.kind, QueryKind::term);
  EXPECT_EQ(node.terms[0], "10.0.0.1");
  node = ok(R"({"term":{"addr":"192.168.0.0/16"}})");
  EXPECT_EQ(node.kind, QueryKind::term_range);
  ASSERT_TRUE(node.term_lower && node.term_upper);
  ASSERT_EQ(node.term_lower->size(), 16u);
  EXPECT_EQ(static_cast<uint8_t>((*node.term_lower)[12]), 192);
  EXPECT_EQ(static_cast<uint8_t>((*node.term_lower)[13]), 168);
  EXPECT_EQ(static_cast<uint8_t>((*node.term_lower)[14]), 0);
  EXPECT_EQ(static_cast<uint8_t>((*node.term_upper)[14]), 255);
  EXPECT_EQ(static_cast<uint8_t>((*node.term_upper)[15]), 255);
  EXPECT_EQ(error(R"({"term":{"addr":"nope"}})").kind(), ErrorKind::invalid_argument);
}

TEST_F(DslTest, Terms) {
  auto node = ok(R"({"terms":{"tag":["a","b"],"boost":2}})");
  EXPECT_EQ(node.kind, QueryKind::terms);
  EXPECT_EQ(node.terms, (std::vector<std::string>{"a", "b"}));
  EXPECT_FLOAT_EQ(node.boost, 2.0f);
  node = ok(R"({"terms":{"count":[1, 2.5, "3"]}})");
  EXPECT_EQ(node.terms, (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(ok(R"({"terms":{"nope":["a"]}})").kind, QueryKind::match_none);
  node = ok(R"({"terms":{"ts":["2020-01-01","2020-01-02"]}})");
  EXPECT_EQ(node.kind, QueryKind::constant_score);
  EXPECT_EQ(node.children[0].should.size(), 2u);
}

TEST_F(DslTest, ExistsIdsPatterns) {
  auto node = ok(R"({"exists":{"field":"title"}})");
  EXPECT_EQ(node.kind, QueryKind::exists);
  EXPECT_EQ(node.field, "title");
  EXPECT_EQ(ok(R"({"exists":{"field":"zzz"}})").kind, QueryKind::match_none);
  node = ok(R"({"ids":{"values":["1","2"]}})");
  EXPECT_EQ(node.kind, QueryKind::ids);
  EXPECT_EQ(node.terms.size(), 2u);
  node = ok(R"({"prefix":{"tag":"ab"}})");
  EXPECT_EQ(node.kind, QueryKind::prefix);
  EXPECT_EQ(node.pattern, "ab");
  node = ok(R"({"wildcard":{"tag_lc":{"value":"AB*c","case_insensitive":true}}})");
  EXPECT_EQ(node.kind, QueryKind::wildcard);
  EXPECT_EQ(node.pattern, "ab*c");
  EXPECT_TRUE(node.case_insensitive);
  node = ok(R"({"regexp":{"title":{"value":"qu.*k"}}})");
  EXPECT_EQ(node.kind, QueryKind::regexp);
  EXPECT_EQ(node.pattern, "qu.*k");
  EXPECT_EQ(error(R"({"prefix":{"count":"1"}})").kind(), ErrorKind::invalid_argument);
}

TEST_F(DslTest, Fuzzy) {
  auto node = ok(R"({"fuzzy":{"tag":{"value":"abcdef","fuzziness":"AUTO","prefix_length":1}}})");
  EXPECT_EQ(node.kind, QueryKind::fuzzy);
  EXPECT_EQ(node.max_edits, 2u);
  EXPECT_EQ(node.prefix_length, 1u);
  EXPECT_EQ(ok(R"({"fuzzy":{"tag":"abcd"}})").max_edits, 1u);
  EXPECT_EQ(ok(R"({"fuzzy":{"tag":"ab"}})").max_edits, 0u);
  EXPECT_EQ(ok(R"({"fuzzy":{"tag":{"value":"abcd","fuzziness":"AUTO:2,4"}}})").max_edits, 2u);
  EXPECT_EQ(ok(R"({"fuzzy":{"tag":{"value":"abcd","fuzziness":1}}})").max_edits, 1u);
  EXPECT_EQ(error(R"({"fuzzy":{"tag":{"value":"abcd","fuzziness":"x"}}})").kind(), ErrorKind::parse_error);
}

}  // namespace
}  // namespace pharos::query::testing
