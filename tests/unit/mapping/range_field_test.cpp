// Range field types: mapping parse, and how {"gte":..,"lt":..} values become inclusive bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "index/mapping/ip_address.h"
#include "index/mapping/range_value.h"
#include "test_util.h"

namespace pharos::mapping {
namespace {

using testing::parse_doc;
using testing::parse_mapping;
using testing::values_of;

Mapping range_mapping() {
  return parse_mapping(R"({"properties":{
    "i":{"type":"integer_range"},"l":{"type":"long_range"},"f":{"type":"float_range"},
    "d":{"type":"double_range"},"t":{"type":"date_range","format":"yyyy-MM-dd"},"ip":{"type":"ip_range"}}})");
}

std::vector<int64_t> numerics(const ParsedDocument& doc, const std::string& field) {
  std::vector<int64_t> out;
  for (const auto& v : values_of(doc.numerics, field)) out.push_back(v.value);
  return out;
}

TEST(RangeFieldTest, TypesParseAndRoundTrip) {
  Mapping m = range_mapping();
  for (const char* name : {"i", "l", "f", "d", "t", "ip"}) {
    const FieldMapping* f = m.find(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_TRUE(is_range(f->type)) << name;
  }
  EXPECT_EQ(field_type_name(m.find("ip")->type), "ip_range");
  EXPECT_EQ(*m.find("t")->format, "yyyy-MM-dd");
  EXPECT_FALSE(
      testing::mapping_status(R"({"properties":{"i":{"type":"integer_range","analyzer":"x"}}})").is_ok());
  EXPECT_FALSE(
      testing::mapping_status(R"({"properties":{"i":{"type":"long_range","format":"yyyy"}}})").is_ok());
}

TEST(RangeFieldTest, IntegerBoundsBecomeInclusive) {
  Mapping m = range_mapping();
  auto r = parse_doc(m, R"({"i":{"gt":1,"lt":10},"l":{"lte":10}})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const ParsedDocument& doc = r->document;
  EXPECT_EQ(numerics(doc, range_from_field("i")), std::vector<int64_t>{2});
  EXPECT_EQ(numerics(doc, range_to_field("i")), std::vector<int64_t>{9});
  EXPECT_EQ(numerics(doc, range_from_field("l")), std::vector<int64_t>{std::numeric_limits<int64_t>::min()});
  EXPECT_EQ(numerics(doc, range_to_field("l")), std::vector<int64_t>{10});
  EXPECT_NE(std::find(doc.field_names.begin(), doc.field_names.end(), "i"), doc.field_names.end());
}

TEST(RangeFieldTest, DatesUseTheFieldFormat) {
  Mapping m = range_mapping();
  auto r = parse_doc(m, R"({"t":[{"gte":"2016-01-01","lt":"2016-01-02"},{"gte":"2016-03-01"}]})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(numerics(r->document, range_from_field("t")),
            (std::vector<int64_t>{1451606400000, 1456790400000}));
  EXPECT_EQ(numerics(r->document, range_to_field("t"))[0], 1451692800000 - 1);
}

TEST(RangeFieldTest, FloatingAndIpBounds) {
  Mapping m = range_mapping();
  auto r = parse_doc(m, R"({"d":{"gt":1.5},"ip":{"gte":"10.0.0.0","lt":"10.0.1.0"}})");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  auto from = values_of(r->document.floatings, range_from_field("d"));
  auto to = values_of(r->document.floatings, range_to_field("d"));
  ASSERT_EQ(from.size(), 1u);
  EXPECT_GT(from[0].value, 1.5);
  EXPECT_TRUE(std::isinf(to[0].value));
  auto ip_to = values_of(r->document.ips, range_to_field("ip"));
  ASSERT_EQ(ip_to.size(), 1u);
  EXPECT_EQ(ip_to[0].value, ip_bytes_to_string(*parse_ip("10.0.0.255")));
}

TEST(RangeFieldTest, BadValuesAreMappingErrors) {
  Mapping m = range_mapping();
  for (const char* source : {R"({"i":5})", R"({"i":{"gte":10,"lte":1}})", R"({"i":{"gte":"abc"}})",
                             R"({"i":{"gte":3000000000}})", R"({"l":{"foo":1}})", R"({"t":{"gte":"nope"}})",
                             R"({"ip":{"gte":"1.2.3"}})", R"({"d":{"gte":[1]}})"}) {
    auto r = parse_doc(m, source);
    ASSERT_FALSE(r.is_ok()) << source;
    EXPECT_EQ(r.status().kind(), ErrorKind::mapping_error) << source;
  }
}

}  // namespace
}  // namespace pharos::mapping
