// JsonWriter must write exactly what nlohmann's dump() writes for the same values (the search
// response moved from a dumped ordered_json to it), for every kind of value.
#include "server/api/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace pharos::api {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string dumped(const OrderedJson& value) {
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

TEST(JsonWriterTest, StringsEscapeLikeDump) {
  for (std::string text : {std::string("plain"), std::string(""), std::string("quote \" and \\ back"),
                           std::string("tab\tnew\nline\r\x01\x1f"), std::string("caf\xc3\xa9 \xe2\x82\xac"),
                           std::string("bad \xff\xfe utf8"), std::string("cut \xc3"), std::string(1, '\0')}) {
    JsonWriter out;
    out.string(text);
    EXPECT_EQ(out.text(), dumped(OrderedJson(text))) << text;
  }
}

TEST(JsonWriterTest, NumbersFormatLikeDump) {
  std::mt19937_64 rng(7);
  std::vector<double> doubles = {0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-4, 123456789012.0, 1e15, 1e16, 1e20,
                                 1e-300, 5e-324, std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::infinity(), std::nan("")};
  std::uniform_real_distribution<double> exponent(-30, 30);
  for (int i = 0; i < 2000; ++i) doubles.push_back(std::pow(10.0, exponent(rng)) * (i % 2 ? -1 : 1));
  for (double d : doubles) {
    JsonWriter out;
    out.number(d);
    EXPECT_EQ(out.text(), dumped(OrderedJson(d))) << d;
  }
  for (int64_t v : {int64_t{0}, int64_t{-1}, INT64_MAX, INT64_MIN, int64_t{42}}) {
    JsonWriter out;
    out.number(v);
    EXPECT_EQ(out.text(), dumped(OrderedJson(v)));
  }
  JsonWriter big;
  big.number(UINT64_MAX);
  EXPECT_EQ(big.text(), dumped(OrderedJson(UINT64_MAX)));
}

TEST(JsonWriterTest, FloatsAreTheirShortestDecimal) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  for (int i = 0; i < 2000; ++i) {
    float f = unit(rng) * (i % 7 == 0 ? 1e-6f : 10.0f);
    JsonWriter out;
    out.float_number(f);
    EXPECT_EQ(out.text(), dumped(OrderedJson(float_json(f))));
    EXPECT_EQ(std::strtof(out.text().c_str(), nullptr), f) << out.text();
  }
}

TEST(JsonWriterTest, ContainersMatchDumpOfTheSameTree) {
  OrderedJson tree;
  tree["a"] = 1;
  tree["b"] = OrderedJson::array({true, false, nullptr, "x", OrderedJson::object(), OrderedJson::array()});
  tree["c"] = {{"nested", {{"deep", 2.5}}}, {"empty", OrderedJson::object()}};
  JsonWriter out;
  out.begin_object();
  out.key("a").number(int64_t{1});
  out.key("b").begin_array().boolean(true).boolean(false).null().string("x");
  out.begin_object().end_object().begin_array().end_array().end_array();
  out.key("c").begin_object().key("nested").begin_object().key("deep").number(2.5).end_object();
  out.key("empty").value(OrderedJson::object()).end_object();
  out.end_object();
  EXPECT_EQ(out.text(), dumped(tree));
  JsonWriter raw;
  raw.begin_array().raw(R"({"k":1})").raw("[2]").end_array();
  EXPECT_EQ(raw.text(), R"([{"k":1},[2]])");
}

}  // namespace
}  // namespace pharos::api
