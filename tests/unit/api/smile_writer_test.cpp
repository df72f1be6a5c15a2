#include "server/api/smile_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace pharos::api {
namespace {

using nlohmann::json;

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

const std::string kHeader = bytes({':', ')', '\n', 0x00});

// Expected bytes worked out by hand from the Smile format specification.
TEST(SmileWriter, ObjectsArraysAndScalars) {
  EXPECT_EQ(to_smile(json::parse(R"({"a":"b"})")), kHeader + bytes({0xFA, 0x80, 'a', 0x40, 'b', 0xFB}));
  EXPECT_EQ(to_smile(json::parse(R"([null,true,false,""])")),
            kHeader + bytes({0xF8, 0x21, 0x23, 0x22, 0x20, 0xF9}));
  // Small integers are zigzag-coded into one byte: 0 → 0xC0, -1 → 0xC1, 1 → 0xC2, 15 → 0xDE.
  EXPECT_EQ(to_smile(json::parse("[0,-1,1,15,-16]")),
            kHeader + bytes({0xF8, 0xC0, 0xC1, 0xC2, 0xDE, 0xDF, 0xF9}));
}

TEST(SmileWriter, LargerIntegersAreZigzagVInts) {
  // 100 → zigzag 200 = 0b11'001000: a 7-bit group 0x03, then the last 6 bits with 0x80 set.
  EXPECT_EQ(to_smile(json(100)), kHeader + bytes({0x24, 0x03, 0x88}));
  // 2^40 does not fit 32 bits: int64 token.
  std::string big = to_smile(json(int64_t{1} << 40));
  EXPECT_EQ(static_cast<uint8_t>(big[4]), 0x25);
  EXPECT_EQ(static_cast<uint8_t>(big.back()) & 0x80, 0x80);
}

TEST(SmileWriter, DoublesAreTenSevenBitGroups) {
  // 1.0 = 0x3FF0000000000000: top bit 0, then 0x3FF0... in 7-bit groups.
  EXPECT_EQ(to_smile(json(1.0)),
            kHeader + bytes({0x29, 0x00, 0x3F, 0x78, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
}

TEST(SmileWriter, StringLengthClasses) {
  std::string s33(33, 'x'), s65(65, 'y'), e = "\xC3\xA9";                         // é: two UTF-8 bytes
  EXPECT_EQ(to_smile(json(s33)), kHeader + bytes({0x60}) + s33);                  // short ASCII
  EXPECT_EQ(to_smile(json(s65)), kHeader + bytes({0xE0}) + s65 + bytes({0xFC}));  // long ASCII
  EXPECT_EQ(to_smile(json(e)), kHeader + bytes({0x80}) + e);                      // tiny Unicode
  EXPECT_EQ(to_smile(json{{e, 1}}),
            kHeader + bytes({0xFA, 0xC0}) + e + bytes({0xC2, 0xFB}));  // short Unicode name
  std::string long_name(70, 'n');
  EXPECT_EQ(to_smile(json{{long_name, nullptr}}),
            kHeader + bytes({0xFA, 0x34}) + long_name + bytes({0xFC, 0x21, 0xFB}));
}

}  // namespace
}  // namespace pharos::api
