#include "server/api/source_filter.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pharos::api {
namespace {

std::string filter(std::string_view source, std::vector<std::string> includes, std::vector<std::string> excludes = {}) {
  SourceFilter source_filter;
  source_filter.includes = std::move(includes);
  source_filter.excludes = std::move(excludes);
  auto result = source_filter.apply(source);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result.is_ok() ? result.value() : std::string();
}

constexpr std::string_view kDoc = R"({"include":{"field1":"v1","field2":"v2"},"count":1})";

TEST(SourceFilter, IdentityKeepsTextUntouched) {
  std::string source = R"({ "b" : 1.50, "a":[1,2] })";
  EXPECT_EQ(filter(source, {}), source);
}

TEST(SourceFilter, IncludeLeafKeepsParents) {
  EXPECT_EQ(filter(kDoc, {"include.field1"}), R"({"include":{"field1":"v1"}})");
}

TEST(SourceFilter, IncludeObjectTakesSubtree) {
  EXPECT_EQ(filter(kDoc, {"include"}), R"({"include":{"field1":"v1","field2":"v2"}})");
}

TEST(SourceFilter, SeveralIncludes) {
  EXPECT_EQ(filter(kDoc, {"include.field1", "include.field2"}), R"({"include":{"field1":"v1","field2":"v2"}})");
}

TEST(SourceFilter, IncludeWithWildcardExclude) {
  EXPECT_EQ(filter(kDoc, {"include"}, {"*.field2"}), R"({"include":{"field1":"v1"}})");
}

TEST(SourceFilter, ExcludeOnly) {
  EXPECT_EQ(filter(kDoc, {}, {"count"}), R"({"include":{"field1":"v1","field2":"v2"}})");
  EXPECT_EQ(filter(kDoc, {}, {"include"}), R"({"count":1})");
  EXPECT_EQ(filter(kDoc, {}, {"include.*"}), R"({"include":{},"count":1})");
}

TEST(SourceFilter, WildcardIncludes) {
  EXPECT_EQ(filter(kDoc, {"*.field1"}), R"({"include":{"field1":"v1"}})");
  EXPECT_EQ(filter(kDoc, {"inc*"}), R"({"include":{"field1":"v1","field2":"v2"}})");
  EXPECT_EQ(filter(kDoc, {"*"}), std::string(R"({"include":{"field1":"v1","field2":"v2"},"count":1})"));
  EXPECT_EQ(filter(kDoc, {"include.f*2"}), R"({"include":{"field2":"v2"}})");
}

TEST(SourceFilter, NoMatchGivesEmptyObject) {
  EXPECT_EQ(filter(kDoc, {"nothing"}), "{}");
  EXPECT_EQ(filter(kDoc, {"include.field3"}), "{}");
}

TEST(SourceFilter, ArraysOfObjects) {
  std::string_view doc = R"({"tags":[{"name":"a","score":1},{"name":"b","score":2},{"other":3}],"n":[1,2]})";
  EXPECT_EQ(filter(doc, {"tags.name"}), R"({"tags":[{"name":"a"},{"name":"b"}]})");
  EXPECT_EQ(filter(doc, {}, {"tags.score"}), R"({"tags":[{"name":"a"},{"name":"b"},{"other":3}],"n":[1,2]})");
  EXPECT_EQ(filter(doc, {"n"}), R"({"n":[1,2]})");
}

TEST(SourceFilter, DottedKeysInSource) {
  std::string_view doc = R"({"a.b":{"c":1,"d":2},"a":{"b":{"c":3}}})";
  EXPECT_EQ(filter(doc, {"a.b.c"}), R"({"a.b":{"c":1},"a":{"b":{"c":3}}})");
}

TEST(SourceFilter, KeyPrefixIsNotAMatch) {
  std::string_view doc = R"({"field":1,"field_two":2,"fieldx":{"y":1}})";
  EXPECT_EQ(filter(doc, {"field"}), R"({"field":1})");
}

TEST(SourceFilter, KeepsKeyOrderAndNumbers) {
  std::string_view doc = R"({"z":1,"y":18446744073709551615,"x":-9223372036854775808,"w":2})";
  EXPECT_EQ(filter(doc, {}, {"w"}), R"({"z":1,"y":18446744073709551615,"x":-9223372036854775808})");
}

TEST(SourceFilter, NotAnObjectIsAnError) {
  SourceFilter source_filter;
  source_filter.includes = {"a"};
  EXPECT_FALSE(source_filter.apply("[1,2]").is_ok());
  EXPECT_FALSE(source_filter.apply("{bad").is_ok());
}

TEST(SourceFilter, FromJson) {
  auto disabled = SourceFilter::from_json(nlohmann::json(false));
  ASSERT_TRUE(disabled.is_ok());
  EXPECT_FALSE(disabled->fetch);

  auto single = SourceFilter::from_json(nlohmann::json("a.b"));
  ASSERT_TRUE(single.is_ok());
  EXPECT_EQ(single->includes, std::vector<std::string>{"a.b"});

  auto list = SourceFilter::from_json(nlohmann::json::parse(R"(["a","b*"])"));
  ASSERT_TRUE(list.is_ok());
  EXPECT_EQ(list->includes, (std::vector<std::string>{"a", "b*"}));

  auto object = SourceFilter::from_json(nlohmann::json::parse(R"({"includes":["a"],"excludes":"b"})"));
  ASSERT_TRUE(object.is_ok());
  EXPECT_EQ(object->includes, std::vector<std::string>{"a"});
  EXPECT_EQ(object->excludes, std::vector<std::string>{"b"});

  auto legacy = SourceFilter::from_json(nlohmann::json::parse(R"({"include":"a","exclude":["b"]})"));
  ASSERT_TRUE(legacy.is_ok());
  EXPECT_EQ(legacy->includes, std::vector<std::string>{"a"});

  EXPECT_FALSE(SourceFilter::from_json(nlohmann::json(5)).is_ok());
  EXPECT_FALSE(SourceFilter::from_json(nlohmann::json::parse(R"({"includes":[1]})")).is_ok());
  EXPECT_FALSE(SourceFilter::from_json(nlohmann::json::parse(R"({"bogus":["a"]})")).is_ok());
}

TEST(SourceFilter, ApplyJsonKeepsDisabledFetchDecisionToCaller) {
  SourceFilter source_filter;
  source_filter.fetch = false;
  EXPECT_FALSE(source_filter.is_identity());
}

TEST(SourceFilter, SplitCommaList) {
  EXPECT_EQ(split_comma_list("a, b ,,c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_comma_list("").empty());
}

}  // namespace
}  // namespace pharos::api
