#include <cmath>

#include <gtest/gtest.h>

#include "index/mapping/ip_address.h"
#include "test_util.h"

namespace pharos::mapping {
namespace {

using testing::inverted_of;
using testing::parse_doc;
using testing::parse_mapping;
using testing::terms_of;
using testing::values_of;

ParsedDocument must_parse(const Mapping& m, const std::string& source) {
  auto r = parse_doc(m, source);
  EXPECT_TRUE(r.is_ok()) << source << ": " << r.status().message();
  return r.is_ok() ? r.value().document : ParsedDocument{};
}

Status parse_error(const Mapping& m, const std::string& source) {
  auto r = parse_doc(m, source);
  EXPECT_FALSE(r.is_ok()) << source;
  return r.is_ok() ? Status::ok() : r.status();
}

TEST(DocumentParserTest, TextGetsPositionsOffsetsAndNorms) {
  Mapping m = parse_mapping(R"({"properties":{"title":{"type":"text"}}})");
  ParsedDocument doc = must_parse(m, R"({"title":"Quick Brown fox"})");
  const InvertedField* f = inverted_of(doc, "title");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->postings.size(), 3u);
  EXPECT_EQ(f->postings[0].term, "quick");
  EXPECT_EQ(f->postings[2].term, "fox");
  EXPECT_EQ(f->postings[2].position, 2u);
  EXPECT_EQ(f->postings[1].start_offset, 6u);
  EXPECT_EQ(f->postings[1].end_offset, 11u);
  EXPECT_TRUE(f->index_positions);
  EXPECT_TRUE(f->has_norms);
  EXPECT_EQ(f->length, 3u);
  EXPECT_EQ(doc.id, "1");
  EXPECT_EQ(doc.source, R"({"title":"Quick Brown fox"})");
  EXPECT_EQ(doc.field_names, std::vector<std::string>{"title"});
}

TEST(DocumentParserTest, MultiValuedTextUsesPositionIncrementGap) {
  Mapping m = parse_mapping(R"({"properties":{"t":{"type":"text"}}})");
  ParsedDocument doc = must_parse(m, R"({"t":["a b","c"]})");
  const InvertedField* f = inverted_of(doc, "t");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->postings.size(), 3u);
  EXPECT_EQ(f->postings[1].position, 1u);
  EXPECT_EQ(f->postings[2].position, 102u);  // 1 + gap 100 + 1
  EXPECT_EQ(f->postings[2].start_offset, 4u);  // "a b".size() + 1
  EXPECT_EQ(f->length, 3u);
}

TEST(DocumentParserTest, KeywordAndIgnoreAbove) {
  Mapping m = parse_mapping(R"({"properties":{"k":{"type":"keyword","ignore_above":5},"n":{"type":"keyword","normalizer":"lowercase"}}})");
  ParsedDocument doc = must_parse(m, R"({"k":["short","toolongvalue", 42, true],"n":"MiXeD"})");
  EXPECT_EQ(terms_of(doc, "k"), (std::vector<std::string>{"short", "42", "true"}));
  const InvertedField* f = inverted_of(doc, "k");
  EXPECT_FALSE(f->index_positions);
  EXPECT_FALSE(f->has_norms);
  EXPECT_EQ(f->postings[0].position, 0u);
  EXPECT_EQ(values_of(doc.keywords, "k").size(), 3u);
  EXPECT_EQ(terms_of(doc, "n"), std::vector<std::string>{"mixed"});
  ParsedDocument only_long = must_parse(m, R"({"k":"toolongvalue"})");
  EXPECT_TRUE(only_long.field_names.empty());
  EXPECT_TRUE(values_of(only_long.keywords, "k").empty());
}

TEST(DocumentParserTest, IntegersCoerceAndRangeCheck) {
  Mapping m = parse_mapping(R"({"properties":{"l":{"type":"long"},"b":{"type":"byte"},"s":{"type":"short"},
      "i":{"type":"integer"},"nc":{"type":"integer","coerce":false},"u":{"type":"unsigned_long"}}})");
  ParsedDocument doc = must_parse(m, R"({"l":"5","b":-128,"s":32767,"i":7.9,"u":18446744073709551615})");
  EXPECT_EQ(values_of(doc.numerics, "l")[0].value, 5);
  EXPECT_EQ(terms_of(doc, "l"), std::vector<std::string>{"5"});
  EXPECT_EQ(values_of(doc.numerics, "b")[0].value, -128);
  EXPECT_EQ(values_of(doc.numerics, "i")[0].value, 7);
  EXPECT_EQ(terms_of(doc, "u"), std::vector<std::string>{"18446744073709551615"});
  EXPECT_EQ(values_of(doc.numerics, "u")[0].value, -1);  // raw bit pattern

  Status s = parse_error(m, R"({"l":"abc"})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_EQ(s.message(), "failed to parse field [l] of type [long] in document with id '1'. Preview of field's value: 'abc'");
  EXPECT_EQ(parse_error(m, R"({"b":128})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"s":40000})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"i":2147483648})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"l":9223372036854775808})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"nc":"5"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"nc":5.5})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"u":-1})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"l":true})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"l":{"a":1}})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, FloatingTypesRoundToTheirPrecision) {
  Mapping m = parse_mapping(R"({"properties":{"d":{"type":"double"},"f":{"type":"float"},"h":{"type":"half_float"},
      "sf":{"type":"scaled_float","scaling_factor":100}}})");
  ParsedDocument doc = must_parse(m, R"({"d":0.1,"f":0.1,"h":0.1,"sf":1.234})");
  EXPECT_EQ(values_of(doc.floatings, "d")[0].value, 0.1);
  EXPECT_EQ(values_of(doc.floatings, "f")[0].value, static_cast<double>(0.1f));
  EXPECT_NEAR(values_of(doc.floatings, "h")[0].value, 0.0999755859375, 1e-12);
  EXPECT_EQ(values_of(doc.numerics, "sf")[0].value, 123);
  EXPECT_EQ(terms_of(doc, "d"), std::vector<std::string>{"0.1"});
  EXPECT_EQ(terms_of(doc, "f"), std::vector<std::string>{"0.1"});
  EXPECT_EQ(terms_of(doc, "sf"), std::vector<std::string>{"123"});
  EXPECT_EQ(parse_error(m, R"({"d":"NaN"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"f":1e39})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"h":70000})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, BooleanDateAndIp) {
  Mapping m = parse_mapping(R"({"properties":{"b":{"type":"boolean"},"d":{"type":"date"},
      "dn":{"type":"date_nanos"},"df":{"type":"date","format":"dd/MM/yyyy"},"ip":{"type":"ip"}}})");
  ParsedDocument doc = must_parse(m, R"({"b":[true,"false"],"d":"2016-01-01T00:00:00Z","dn":"2016-01-01T00:00:00.000000001Z",
      "df":"02/01/2016","ip":["10.0.0.1","2001:DB8::1"]})");
  EXPECT_EQ(terms_of(doc, "b"), (std::vector<std::string>{"T", "F"}));
  EXPECT_EQ(values_of(doc.numerics, "b")[1].value, 0);
  EXPECT_EQ(values_of(doc.numerics, "d")[0].value, 1451606400000);
  EXPECT_EQ(terms_of(doc, "d"), std::vector<std::string>{"1451606400000"});
  EXPECT_EQ(values_of(doc.numerics, "dn")[0].value, 1451606400000000001);
  EXPECT_EQ(values_of(doc.numerics, "df")[0].value, 1451692800000);
  EXPECT_EQ(terms_of(doc, "ip"), (std::vector<std::string>{"10.0.0.1", "2001:db8::1"}));
  auto ips = values_of(doc.ips, "ip");
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[0].value.size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(ips[0].value[10]), 0xffu);
  ParsedDocument epoch = must_parse(m, R"({"d":1420070400001})");
  EXPECT_EQ(values_of(epoch.numerics, "d")[0].value, 1420070400001);
  EXPECT_EQ(parse_error(m, R"({"b":1})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"b":"yes"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"d":"not-a-date"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"dn":"1960-01-01"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"ip":"300.1.1.1"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"ip":"::1::2"})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, KnnVectorValidation) {
  Mapping m = parse_mapping(R"({"properties":{"v":{"type":"knn_vector","dimension":3},
      "bv":{"type":"knn_vector","dimension":2,"data_type":"byte"},
      "cv":{"type":"knn_vector","dimension":2,"method":{"name":"hnsw","space_type":"cosinesimil"}}}})");
  ParsedDocument doc = must_parse(m, R"({"v":[1,2.5,-3],"bv":[1,-128]})");
  auto vectors = values_of(doc.vectors, "v");
  ASSERT_EQ(vectors.size(), 1u);
  EXPECT_EQ(vectors[0].values, (std::vector<float>{1.0f, 2.5f, -3.0f}));
  Status s = parse_error(m, R"({"v":[1,2]})");
  EXPECT_EQ(s.kind(), ErrorKind::mapping_error);
  EXPECT_EQ(s.message(), "Vector dimension mismatch. Expected: 3, Given: 2");
  EXPECT_EQ(parse_error(m, R"({"v":[1,"a",3]})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"v":[1,2,1e300]})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"v":{"a":1}})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"bv":[1.5,2]})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"cv":[0,0]})").kind(), ErrorKind::mapping_error);
  EXPECT_TRUE(parse_doc(m, R"({"v":null})").is_ok());
}

TEST(DocumentParserTest, ObjectsArraysAndDottedKeys) {
  Mapping m = parse_mapping(R"({"properties":{"user":{"properties":{"name":{"type":"keyword"},"age":{"type":"long"}}},
      "off":{"type":"object","enabled":false}}})");
  ParsedDocument doc = must_parse(m, R"({"user":[{"name":"a","age":1},{"name":"b"}],"user.age":3,"off":{"x":[1,{"y":2}]}})");
  EXPECT_EQ(terms_of(doc, "user.name"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(values_of(doc.numerics, "user.age").size(), 2u);
  EXPECT_EQ(doc.field_names, (std::vector<std::string>{"user", "user.age", "user.name"}));
  EXPECT_EQ(parse_error(m, R"({"user":"flat"})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"":1})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"a..b":1})").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"({"_id":"x"})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, MultiFieldsNullValueAndCopyTo) {
  Mapping m = parse_mapping(R"({"properties":{"t":{"type":"text","fields":{"raw":{"type":"keyword"},"len":{"type":"text","analyzer":"whitespace"}},
      "copy_to":"all"},"all":{"type":"text"},"k":{"type":"keyword","null_value":"NULL"},"n":{"type":"long"}}})");
  ParsedDocument doc = must_parse(m, R"({"t":["Hello World","x"],"k":null,"n":null})");
  EXPECT_EQ(terms_of(doc, "t.raw"), (std::vector<std::string>{"Hello World", "x"}));
  EXPECT_EQ(terms_of(doc, "t.len"), (std::vector<std::string>{"Hello", "World", "x"}));
  EXPECT_EQ(terms_of(doc, "all"), (std::vector<std::string>{"hello", "world", "x"}));
  EXPECT_EQ(terms_of(doc, "k"), std::vector<std::string>{"NULL"});
  EXPECT_EQ(inverted_of(doc, "n"), nullptr);
  EXPECT_EQ(doc.field_names, (std::vector<std::string>{"all", "k", "t", "t.len", "t.raw"}));
}

TEST(DocumentParserTest, FlatObject) {
  Mapping m = parse_mapping(R"({"properties":{"attrs":{"type":"flat_object"}}})");
  ParsedDocument doc = must_parse(m, R"({"attrs":{"a":{"b":"x"},"c":[1,true],"d":null}})");
  EXPECT_EQ(terms_of(doc, "attrs"), (std::vector<std::string>{"x", "1", "true"}));
  EXPECT_EQ(terms_of(doc, "attrs._valueAndPath"),
            (std::vector<std::string>{"attrs.a.b=x", "attrs.c=1", "attrs.c=true"}));
  EXPECT_EQ(values_of(doc.keywords, "attrs").size(), 3u);
  EXPECT_EQ(doc.field_names, std::vector<std::string>{"attrs"});
  EXPECT_EQ(parse_error(m, R"({"attrs":"scalar"})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, MalformedAndNonObjectSources) {
  Mapping m;
  EXPECT_EQ(parse_error(m, R"({"a":)").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"([1,2])").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, "").kind(), ErrorKind::mapping_error);
  EXPECT_EQ(parse_error(m, R"("str")").kind(), ErrorKind::mapping_error);
  EXPECT_NE(parse_error(m, "{bad json}").message().find("failed to parse"), std::string::npos);
}

TEST(DocumentParserTest, AliasAndBinary) {
  Mapping m = parse_mapping(R"({"properties":{"t":{"type":"keyword"},"a":{"type":"alias","path":"t"},"bin":{"type":"binary"}}})");
  EXPECT_EQ(parse_error(m, R"({"a":"x"})").kind(), ErrorKind::mapping_error);
  ParsedDocument doc = must_parse(m, R"({"bin":"aGVsbG8="})");
  EXPECT_EQ(doc.field_names, std::vector<std::string>{"bin"});
  EXPECT_TRUE(doc.inverted.empty());
  EXPECT_EQ(parse_error(m, R"({"bin":"not base64!"})").kind(), ErrorKind::mapping_error);
}

TEST(DocumentParserTest, IgnoreMalformedSkipsBadValues) {
  Mapping m = parse_mapping(R"({"properties":{"n":{"type":"long","ignore_malformed":true}}})");
  ParsedDocument doc = must_parse(m, R"({"n":["x",4]})");
  EXPECT_EQ(values_of(doc.numerics, "n").size(), 1u);
}

}  // namespace
}  // namespace pharos::mapping
