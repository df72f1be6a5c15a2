#include <gtest/gtest.h>

#include "index/mapping/field_type.h"
#include "test_util.h"

namespace pharos::mapping {
namespace {

using json = nlohmann::json;
using testing::mapping_status;
using testing::parse_mapping;

TEST(FieldTypeTest, NamesRoundTrip) {
  for (const char* name : {"text", "match_only_text", "keyword", "long", "integer", "short", "byte", "unsigned_long",
                           "double", "float", "half_float", "scaled_float", "boolean", "date", "date_nanos", "ip",
                           "object", "nested", "flat_object", "knn_vector", "binary", "alias"}) {
    auto type = field_type_from_name(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(field_type_name(*type), name);
  }
  EXPECT_FALSE(field_type_from_name("strng").has_value());
  EXPECT_EQ(doc_value_kind(FieldType::date), DocValueKind::numeric);
  EXPECT_EQ(doc_value_kind(FieldType::half_float), DocValueKind::floating);
  EXPECT_EQ(doc_value_kind(FieldType::ip), DocValueKind::ip);
  EXPECT_EQ(doc_value_kind(FieldType::text), DocValueKind::none);
}

TEST(MappingParseTest, RoundTripsOnlyNonDefaultParameters) {
  const std::string body = R"({
    "dynamic": "strict",
    "_source": {"excludes": ["secret"]},
    "_meta": {"owner": "team"},
    "properties": {
      "title": {"type": "text", "analyzer": "english", "fields": {"raw": {"type": "keyword", "ignore_above": 100}}},
      "created": {"type": "date"},
      "when": {"type": "date", "format": "yyyy-MM-dd HH:mm:ss||epoch_millis"},
      "price": {"type": "scaled_float", "scaling_factor": 100},
      "user": {"properties": {"name": {"type": "keyword", "doc_values": false, "index": false}}},
      "vec": {"type": "knn_vector", "dimension": 3, "method": {"name": "hnsw", "engine": "faiss", "space_type": "l2"}},
      "tags": {"type": "keyword", "copy_to": "all", "null_value": "NONE"},
      "all": {"type": "text"},
      "empty": {"type": "object"},
      "n": {"type": "nested", "properties": {"x": {"type": "long"}}},
      "alias_to_title": {"type": "alias", "path": "title"}
    }})";
  Mapping m = parse_mapping(body);
  const json expected = json::parse(R"({
    "dynamic": "strict",
    "_source": {"excludes": ["secret"]},
    "_meta": {"owner": "team"},
    "properties": {
      "title": {"type": "text", "analyzer": "english", "fields": {"raw": {"type": "keyword", "ignore_above": 100}}},
      "created": {"type": "date"},
      "when": {"type": "date", "format": "yyyy-MM-dd HH:mm:ss||epoch_millis"},
      "price": {"type": "scaled_float", "scaling_factor": 100.0},
      "user": {"properties": {"name": {"type": "keyword", "doc_values": false, "index": false}}},
      "vec": {"type": "knn_vector", "dimension": 3, "method": {"name": "hnsw", "engine": "faiss", "space_type": "l2"}},
      "tags": {"type": "keyword", "copy_to": ["all"], "null_value": "NONE"},
      "all": {"type": "text"},
      "empty": {"type": "object"},
      "n": {"type": "nested", "properties": {"x": {"type": "long"}}},
      "alias_to_title": {"type": "alias", "path": "title"}
    }})");
  EXPECT_EQ(m.to_json(), expected) << m.to_json().dump(2);
  EXPECT_EQ(m.dynamic(), DynamicMode::strict);
  // Parsing the rendered form gives the same mapping again.
  auto again = Mapping::parse(m.to_json(), testing::registry());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->to_json(), expected);
}

TEST(MappingParseTest, FindsFieldsByPathIncludingMultiFields) {
  Mapping m = parse_mapping(R"({"properties":{"a":{"properties":{"b":{"type":"text","fields":{"k":{"type":"keyword"}}}}}}})");
  ASSERT_NE(m.find("a.b"), nullptr);
  EXPECT_EQ(m.find("a.b")->type, FieldType::text);
  ASSERT_NE(m.find("a.b.k"), nullptr);
  EXPECT_EQ(m.find("a.b.k")->type, FieldType::keyword);
  EXPECT_EQ(m.find("a.b.k")->path, "a.b.k");
  ASSERT_NE(m.find("a"), nullptr);
  EXPECT_EQ(m.find("nope"), nullptr);
  EXPECT_EQ(m.leaf_fields().size(), 2u);
  Mapping copy = m;  // the index must follow the copy
  EXPECT_EQ(copy.find("a.b.k")->path, "a.b.k");
  EXPECT_NE(copy.find("a.b"), m.find("a.b"));
}

TEST(MappingParseTest, DottedNamesExpandToObjects) {
  Mapping m = parse_mapping(R"({"properties":{"a.b.c":{"type":"long"},"a.d":{"type":"keyword"}}})");
  EXPECT_EQ(m.to_json(), json::parse(R"({"properties":{"a":{"properties":{"b":{"properties":{"c":{"type":"long"}}},
      "d":{"type":"keyword"}}}}})"));
  EXPECT_EQ(m.find("a.b.c")->path, "a.b.c");
}

TEST(MappingParseTest, AcceptsLegacyTypedFormAndEmptyBodies) {
  Mapping m = parse_mapping(R"({"_doc":{"properties":{"x":{"type":"long"}}}})");
  ASSERT_NE(m.find("x"), nullptr);
  EXPECT_TRUE(parse_mapping("{}").empty());
  EXPECT_EQ(parse_mapping("{}").to_json(), json::object());
}

TEST(MappingParseTest, RootSettings) {
  Mapping m = parse_mapping(R"({"dynamic":false,"date_detection":false,"numeric_detection":true,
      "dynamic_date_formats":["yyyy-MM-dd"],"_source":{"enabled":false},"_routing":{"required":true},
      "dynamic_templates":[{"strings":{"match_mapping_type":"string","mapping":{"type":"keyword"}}}]})");
  EXPECT_EQ(m.dynamic(), DynamicMode::false_);
  EXPECT_FALSE(m.date_detection());
  EXPECT_TRUE(m.numeric_detection());
  EXPECT_FALSE(m.source_enabled());
  ASSERT_EQ(m.dynamic_date_formats().size(), 1u);
  ASSERT_EQ(m.dynamic_templates().size(), 1u);
  EXPECT_EQ(m.dynamic_templates()[0].name, "strings");
  json out = m.to_json();
  EXPECT_EQ(out["dynamic"], "false");
  EXPECT_EQ(out["_routing"]["required"], true);
  EXPECT_EQ(out["dynamic_templates"][0]["strings"]["mapping"]["type"], "keyword");
  EXPECT_EQ(parse_mapping(R"({"dynamic":"runtime"})").dynamic(), DynamicMode::runtime);
}

TEST(MappingParseTest, ErrorsUseOpenSearchWording) {
  Status s = mapping_status(R"({"properties":{"bar":{"type":"foo"}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_EQ(s.message(), "No handler for type [foo] declared on field [bar]");

  s = mapping_status(R"({"properties":{"f":{"type":"text","x":1}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_EQ(s.message(), "unknown parameter [x] on mapper [f] of type [text]");

  s = mapping_status(R"({"properties":{"f":{"type":"text","analyzer":"nope"}}})");
  EXPECT_EQ(s.message(), "analyzer [nope] has not been configured in mappings");

  s = mapping_status(R"({"properties":{"f":{"type":"text","search_analyzer":"nope"}}})");
  EXPECT_EQ(s.message(), "analyzer [nope] has not been configured in mappings");

  s = mapping_status(R"({"properties":{"p":{"type":"scaled_float"}}})");
  EXPECT_EQ(s.message(), "Field [scaling_factor] is required");

  s = mapping_status(R"({"properties":{"v":{"type":"knn_vector"}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  s = mapping_status(R"({"properties":{"v":{"type":"knn_vector","dimension":16001}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  s = mapping_status(R"({"properties":{"v":{"type":"knn_vector","dimension":0}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_TRUE(mapping_status(R"({"properties":{"v":{"type":"knn_vector","dimension":16000}}})").is_ok());

  s = mapping_status(R"({"properties":{"d":{"type":"date","format":"yyyy-qq"}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);

  s = mapping_status(R"({"properties":{"k":{"type":"keyword","fields":{"o":{"type":"object"}}}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);

  s = mapping_status(R"({"foo":"bar"})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_NE(s.message().find("Root mapping definition has unsupported parameters"), std::string::npos);

  s = mapping_status(R"({"properties":{"a":{"type":"alias","path":"missing"}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);

  s = mapping_status(R"({"dynamic":"sometimes"})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);

  s = mapping_status(R"({"properties":{"":{"type":"long"}}})");
  EXPECT_EQ(s.kind(), ErrorKind::invalid_argument);

  s = mapping_status(R"({"properties":{"k":{"type":"keyword","ignore_above":-1}}})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);

  s = mapping_status(R"({"properties":"nope"})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
}

TEST(MappingParseTest, AcceptsEchoedParameters) {
  EXPECT_TRUE(mapping_status(R"({"properties":{"t":{"type":"text","boost":2,"norms":false,"index_options":"freqs",
      "position_increment_gap":10,"eager_global_ordinals":true,"meta":{"unit":"s"},"fielddata":true,
      "term_vector":"yes","similarity":"boolean","search_quote_analyzer":"standard","store":true}}})").is_ok());
  EXPECT_TRUE(mapping_status(R"({"properties":{"o":{"type":"object","enabled":false,"dynamic":"true"}}})").is_ok());
  EXPECT_TRUE(mapping_status(R"({"properties":{"f":{"type":"flat_object"}}})").is_ok());
  EXPECT_TRUE(mapping_status(R"({"properties":{"b":{"type":"binary"}}})").is_ok());
  EXPECT_TRUE(mapping_status(R"({"properties":{"k":{"type":"keyword","normalizer":"lowercase"}}})").is_ok());
  Mapping m = parse_mapping(R"({"properties":{"t":{"type":"text","norms":false,"index_options":"freqs"}}})");
  EXPECT_EQ(m.to_json()["properties"]["t"], json::parse(R"({"type":"text","norms":false,"index_options":"freqs"})"));
}

}  // namespace
}  // namespace pharos::mapping
