#include <gtest/gtest.h>

#include "test_util.h"

namespace pharos::mapping {
namespace {

using json = nlohmann::json;
using testing::parse_mapping;

TEST(MappingMergeTest, AddsFieldsSubFieldsAndProperties) {
  Mapping base = parse_mapping(R"({"properties":{"title":{"type":"text"},"user":{"properties":{"name":{"type":"keyword"}}}}})");
  Mapping update = parse_mapping(R"({"properties":{"title":{"type":"text","fields":{"raw":{"type":"keyword"}}},
      "user":{"properties":{"age":{"type":"integer"}}},"tags":{"type":"keyword"}}})");
  auto merged = base.merged_with(update);
  ASSERT_TRUE(merged.is_ok()) << merged.status().message();
  EXPECT_NE(merged->find("title.raw"), nullptr);
  EXPECT_NE(merged->find("user.age"), nullptr);
  EXPECT_NE(merged->find("user.name"), nullptr);
  EXPECT_NE(merged->find("tags"), nullptr);
  EXPECT_EQ(base.find("tags"), nullptr);  // the original is untouched
}

TEST(MappingMergeTest, TypeChangeIsRejected) {
  Mapping base = parse_mapping(R"({"properties":{"title":{"type":"text"}}})");
  auto merged = base.merged_with(parse_mapping(R"({"properties":{"title":{"type":"keyword"}}})"));
  ASSERT_FALSE(merged.is_ok());
  EXPECT_EQ(merged.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(merged.status().message(), "mapper [title] cannot be changed from type [text] to [keyword]");
}

TEST(MappingMergeTest, ImmutableParameterChangeIsRejected) {
  Mapping base = parse_mapping(R"({"properties":{"x":{"type":"text","analyzer":"standard"}}})");
  auto merged = base.merged_with(parse_mapping(R"({"properties":{"x":{"type":"text","analyzer":"english"}}})"));
  ASSERT_FALSE(merged.is_ok());
  EXPECT_EQ(merged.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(merged.status().message(),
            "Mapper for [x] conflicts with existing mapper:\n\tCannot update parameter [analyzer] from [standard] to [english]");
  auto leaf_vs_object = base.merged_with(parse_mapping(R"({"properties":{"x":{"properties":{"y":{"type":"long"}}}}})"));
  EXPECT_EQ(leaf_vs_object.status().kind(), ErrorKind::invalid_argument);
}

TEST(MappingMergeTest, UpdatableParametersChange) {
  Mapping base = parse_mapping(R"({"properties":{"k":{"type":"keyword","ignore_above":10,"meta":{"a":"1"}}}})");
  auto merged = base.merged_with(parse_mapping(R"({"properties":{"k":{"type":"keyword","ignore_above":20,"meta":{"a":"2"}}}})"));
  ASSERT_TRUE(merged.is_ok()) << merged.status().message();
  EXPECT_EQ(merged->find("k")->ignore_above, 20u);
  EXPECT_EQ(merged->to_json()["properties"]["k"]["meta"]["a"], "2");
}

TEST(MappingMergeTest, RootSettingsAndIdenticalRemerge) {
  Mapping base = parse_mapping(R"({"properties":{"v":{"type":"knn_vector","dimension":4}}})");
  auto same = base.merged_with(base);
  ASSERT_TRUE(same.is_ok()) << same.status().message();
  EXPECT_EQ(same->to_json(), base.to_json());
  auto dyn = base.merged_with(parse_mapping(R"({"dynamic":"strict"})"));
  ASSERT_TRUE(dyn.is_ok());
  EXPECT_EQ(dyn->dynamic(), DynamicMode::strict);
  EXPECT_EQ(dyn->to_json()["dynamic"], "strict");
  auto dim = base.merged_with(parse_mapping(R"({"properties":{"v":{"type":"knn_vector","dimension":8}}})"));
  EXPECT_EQ(dim.status().kind(), ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace pharos::mapping
