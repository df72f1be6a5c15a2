#include <gtest/gtest.h>

#include "test_util.h"

namespace pharos::mapping {
namespace {

using json = nlohmann::json;
using testing::parse_doc;
using testing::parse_mapping;
using testing::terms_of;
using testing::values_of;

TEST(DynamicMappingTest, InfersTypesAndReportsTheUpdate) {
  Mapping m;
  auto r = parse_doc(m, R"({"title":"Hello World","count":5,"ratio":1.5,"ok":true,"when":"2016-01-01T00:00:00Z",
      "user":{"name":"kim"},"tags":[null,"a","b"],"nothing":null,"empty":[]})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_TRUE(r->dynamic_update.has_value());
  const json expected = json::parse(R"({"properties":{
      "title":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
      "count":{"type":"long"},"ratio":{"type":"float"},"ok":{"type":"boolean"},"when":{"type":"date"},
      "user":{"properties":{"name":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}},
      "tags":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}})");
  EXPECT_EQ(r->dynamic_update->to_json(), expected) << r->dynamic_update->to_json().dump(2);
  const ParsedDocument& doc = r->document;
  EXPECT_EQ(terms_of(doc, "title"), (std::vector<std::string>{"hello", "world"}));
  EXPECT_EQ(terms_of(doc, "title.keyword"), std::vector<std::string>{"Hello World"});
  EXPECT_EQ(values_of(doc.numerics, "count")[0].value, 5);
  EXPECT_EQ(values_of(doc.floatings, "ratio")[0].value, 1.5);
  EXPECT_EQ(values_of(doc.numerics, "when")[0].value, 1451606400000);
  EXPECT_EQ(terms_of(doc, "user.name.keyword"), std::vector<std::string>{"kim"});
  EXPECT_EQ(terms_of(doc, "tags.keyword"), (std::vector<std::string>{"a", "b"}));

  // Merged, the update makes the same document parse with no further update.
  auto merged = m.merged_with(*r->dynamic_update);
  ASSERT_TRUE(merged.is_ok()) << merged.status().message();
  auto again = parse_doc(merged.value(), R"({"title":"x","user":{"name":"y"}})");
  ASSERT_TRUE(again.is_ok());
  EXPECT_FALSE(again->dynamic_update.has_value());
}

TEST(DynamicMappingTest, OnlyNewFieldsAreInTheUpdate) {
  Mapping m = parse_mapping(R"({"properties":{"user":{"properties":{"name":{"type":"keyword"}}}}})");
  auto r = parse_doc(m, R"({"user":{"name":"a","age":3},"user.email":"x@y"})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_TRUE(r->dynamic_update.has_value());
  EXPECT_EQ(r->dynamic_update->to_json(), json::parse(R"({"properties":{"user":{"properties":{
      "age":{"type":"long"},"email":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}}}})"));
  auto none = parse_doc(m, R"({"user":{"name":"a"}})");
  EXPECT_FALSE(none->dynamic_update.has_value());
}

TEST(DynamicMappingTest, StrictAndFalseModesInherit) {
  Mapping m = parse_mapping(R"({"dynamic":"strict","properties":{"a":{"type":"keyword"},
      "loose":{"type":"object","dynamic":true,"properties":{"inner":{"type":"object","dynamic":false}}},
      "quiet":{"type":"object","dynamic":"false"}}})");
  auto strict = parse_doc(m, R"({"b":1})");
  ASSERT_FALSE(strict.is_ok());
  EXPECT_EQ(strict.status().kind(), ErrorKind::strict_mapping);
  EXPECT_EQ(strict.status().message(), "mapping set to strict, dynamic introduction of [b] within [_doc] is not allowed");

  auto loose = parse_doc(m, R"({"loose":{"x":"y","deep":{"z":1}}})");
  ASSERT_TRUE(loose.is_ok()) << loose.status().message();
  ASSERT_TRUE(loose->dynamic_update.has_value());
  EXPECT_NE(loose->dynamic_update->find("loose.deep.z"), nullptr);

  auto quiet = parse_doc(m, R"({"quiet":{"x":"y"},"loose":{"inner":{"q":1}}})");
  ASSERT_TRUE(quiet.is_ok()) << quiet.status().message();
  EXPECT_FALSE(quiet->dynamic_update.has_value());
  EXPECT_TRUE(quiet->document.inverted.empty());
  EXPECT_TRUE(quiet->document.field_names.empty());

  Mapping nested_strict = parse_mapping(R"({"properties":{"o":{"type":"object","dynamic":"strict","properties":{"k":{"type":"long"}}}}})");
  auto inner = parse_doc(nested_strict, R"({"o":{"k":1,"extra":2}})");
  ASSERT_FALSE(inner.is_ok());
  EXPECT_EQ(inner.status().kind(), ErrorKind::strict_mapping);
  EXPECT_EQ(inner.status().message(), "mapping set to strict, dynamic introduction of [extra] within [o] is not allowed");
}

TEST(DynamicMappingTest, DateAndNumericDetection) {
  Mapping no_dates = parse_mapping(R"({"date_detection":false,"numeric_detection":true})");
  auto r = parse_doc(no_dates, R"({"d":"2016-01-01","n":"42","f":"1.5"})");
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->dynamic_update->find("d")->type, FieldType::text);
  EXPECT_EQ(r->dynamic_update->find("n")->type, FieldType::long_);
  EXPECT_EQ(r->dynamic_update->find("f")->type, FieldType::float_);
  EXPECT_EQ(values_of(r->document.numerics, "n")[0].value, 42);

  Mapping slash;
  auto s = parse_doc(slash, R"({"d":"2015/09/02"})");
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->dynamic_update->find("d")->type, FieldType::date);
  EXPECT_EQ(values_of(s->document.numerics, "d")[0].value, 1441152000000);
}

TEST(DynamicMappingTest, DynamicTemplates) {
  Mapping m = parse_mapping(R"({"dynamic_templates":[
      {"ids":{"match":"*_id","mapping":{"type":"keyword"}}},
      {"attrs":{"path_match":"attributes.*","match_mapping_type":"string","mapping":{"type":"keyword","ignore_above":10}}},
      {"longs_as_double":{"match_mapping_type":"long","mapping":{"type":"double"}}}]})");
  auto r = parse_doc(m, R"({"user_id":"u1","attributes":{"http@method":"GET"},"n":3})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->dynamic_update->find("user_id")->type, FieldType::keyword);
  EXPECT_EQ(r->dynamic_update->find("attributes.http@method")->type, FieldType::keyword);
  EXPECT_EQ(r->dynamic_update->find("attributes.http@method")->ignore_above, 10u);
  EXPECT_EQ(r->dynamic_update->find("n")->type, FieldType::double_);
  EXPECT_EQ(terms_of(r->document, "user_id"), std::vector<std::string>{"u1"});
}

TEST(DynamicMappingTest, ArraysTakeTheFirstNonNullType) {
  Mapping m;
  auto r = parse_doc(m, R"({"a":[null,[3,4]],"objs":[{"x":1},{"y":"s"}]})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->dynamic_update->find("a")->type, FieldType::long_);
  EXPECT_EQ(values_of(r->document.numerics, "a").size(), 2u);
  EXPECT_EQ(r->dynamic_update->find("objs.x")->type, FieldType::long_);
  EXPECT_EQ(r->dynamic_update->find("objs.y")->type, FieldType::text);
  auto bad = parse_doc(m, R"({"a":[1,"x"]})");
  EXPECT_EQ(bad.status().kind(), ErrorKind::mapping_error);
}

}  // namespace
}  // namespace pharos::mapping
