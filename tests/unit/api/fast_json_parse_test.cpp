#include "server/api/fast_json_parse.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace pharos::api {
namespace {

using nlohmann::json;

// The value and its number types must be nlohmann's own; the dump compares both.
void expect_same_as_nlohmann(const std::string& text) {
  auto fast = fast_json_parse(text);
  ASSERT_TRUE(fast.has_value()) << text;
  json reference = json::parse(text);
  EXPECT_EQ(reference.dump(), fast->dump()) << text;
  EXPECT_EQ(reference.type(), fast->type()) << text;
}

TEST(FastJsonParse, NumberTypesMatchNlohmann) {
  for (const char* text : {"0", "7", "-7", "-0.0", "1.5", "-2.25e-3", "1e2", "1E+2", "9223372036854775807",
                           "9223372036854775808", "18446744073709551615", "-9223372036854775808", "0.1",
                           "3.4028234663852886e+38", "1e-320"}) {
    expect_same_as_nlohmann(text);
    auto fast = fast_json_parse(text);
    json reference = json::parse(text);
    EXPECT_EQ(reference.is_number_unsigned(), fast->is_number_unsigned()) << text;
    EXPECT_EQ(reference.is_number_float(), fast->is_number_float()) << text;
  }
}

TEST(FastJsonParse, StructuresStringsAndDuplicateKeys) {
  expect_same_as_nlohmann(R"({"a":[1,2,{"b":null,"c":true,"d":false}],"e":"x\u00e9\ud83d\ude00\n","f":{}})");
  expect_same_as_nlohmann(R"([[],[[]],{"":""}])");
  expect_same_as_nlohmann(R"({"k":1,"k":2})");  // the last value wins, as in nlohmann
  expect_same_as_nlohmann(" \n{\"knn\":{\"v\":{\"vector\":[0.125,-1e-7,3],\"k\":10}}} ");
}

TEST(FastJsonParse, RefusesWhatItCannotReadExactly) {
  for (const char* text : {"", "{", "[1,]", "{\"a\" 1}", "nul", "\"\\ud800\"", "18446744073709551616",
                           "\"\xff\"", "1 2", "-0", "[1,-0]"}) {  // -0: nlohmann keeps its sign
    EXPECT_FALSE(fast_json_parse(text).has_value()) << text;
  }
}

TEST(FastJsonParse, RandomFloatVectorsRoundTripExactly) {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0, 1e3);
  json vector = json::array();
  for (int i = 0; i < 1000; ++i) vector.push_back(normal(rng) * std::pow(10.0, (i % 40) - 20));
  std::string text = json{{"vector", vector}}.dump();
  auto fast = fast_json_parse(text);
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(json::parse(text), *fast);
  EXPECT_EQ(text, fast->dump());
}

}  // namespace
}  // namespace pharos::api
