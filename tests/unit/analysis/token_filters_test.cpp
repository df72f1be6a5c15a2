#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "test_helpers.h"

namespace pharos::analysis {
namespace {

using testing::dump;
using testing::run;
using testing::terms;
using Strings = std::vector<std::string>;
using json = nlohmann::json;

std::vector<Token> ws(const json& filters, std::string_view text) {
  json request = {{"tokenizer", "whitespace"}, {"filter", filters}};
  auto a = AnalysisRegistry::builtin()->build_adhoc(request);
  EXPECT_TRUE(a.is_ok()) << a.status().to_string();
  return a.is_ok() ? run(**a, text) : std::vector<Token>{};
}

TEST(TokenFilters, LowercaseUppercaseNonAscii) {
  EXPECT_EQ(terms(ws({"lowercase"}, "ÀÉÎÕÜ ĞŞİ ΑΒΓΣ ПРИВЕТ Ÿ")), (Strings{"àéîõü", "ğşi", "αβγσ", "привет", "ÿ"}));
  EXPECT_EQ(terms(ws({"uppercase"}, "àéîõü ğş αβγς привет ÿ straße")),
            (Strings{"ÀÉÎÕÜ", "ĞŞ", "ΑΒΓΣ", "ПРИВЕТ", "Ÿ", "STRAßE"}));
}

TEST(TokenFilters, StopCustomListAndIgnoreCase) {
  EXPECT_EQ(dump(ws(json::parse(R"([{"type":"stop","stopwords":["foo","Bar"],"ignore_case":true}])"), "FOO x bar y")),
            (Strings{"x@1[4,5)word", "y@3[10,11)word"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"stop","stopwords":"_none_"}])"), "the a")), (Strings{"the", "a"}));
  EXPECT_EQ(terms(ws({"stop"}, "the fox is a dog")), (Strings{"fox", "dog"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"stop","remove_trailing":false}])"), "fox in the")), (Strings{"fox", "the"}));
}

TEST(TokenFilters, Stemmers) {
  EXPECT_EQ(terms(ws({"porter_stem"}, "running jumped ponies")), (Strings{"run", "jump", "poni"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"stemmer","language":"english"}])"), "caresses")), (Strings{"caress"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"stemmer","name":"german"}])"), "häuser")), (Strings{"haus"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"snowball","language":"English"}])"), "generously")), (Strings{"generous"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"stemmer","language":"possessive_english"}])"), "dog's")), (Strings{"dog"}));
  auto bad = AnalysisRegistry::builtin()->build_adhoc(json::parse(R"({"tokenizer":"whitespace","filter":[{"type":"stemmer","language":"klingon"}]})"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::invalid_argument);
}

TEST(TokenFilters, AsciiFolding) {
  EXPECT_EQ(terms(ws({"asciifolding"}, "açaí Ærøskøbing straße ﬁne “q”")), (Strings{"acai", "AEroskobing", "strasse", "fine", "\"q\""}));
  EXPECT_EQ(dump(ws(json::parse(R"([{"type":"asciifolding","preserve_original":true}])"), "açaí x")),
            (Strings{"acai@0[0,6)word", "açaí@0[0,6)word", "x@1[7,8)word"}));
}

std::vector<Token> chain(const json& request, std::string_view text) {
  auto a = AnalysisRegistry::builtin()->build_adhoc(request);
  EXPECT_TRUE(a.is_ok()) << a.status().to_string();
  return a.is_ok() ? run(**a, text) : std::vector<Token>{};
}

TEST(TokenFilters, TrimLengthTruncateLimit) {
  EXPECT_EQ(terms(chain(json::parse(R"({"tokenizer":"keyword","filter":["trim"]})"), "  hi there\t ")), (Strings{"hi there"}));
  EXPECT_EQ(dump(ws(json::parse(R"([{"type":"length","min":2,"max":3}])"), "a bb ccc dddd ee")),
            (Strings{"bb@1[2,4)word", "ccc@2[5,8)word", "ee@4[14,16)word"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"truncate","length":3}])"), "abcdef éèêë x")), (Strings{"abc", "éèê", "x"}));
  EXPECT_EQ(terms(ws(json::parse(R"([{"type":"limit","max_token_count":2}])"), "a b c d")), (Strings{"a", "b"}));
  EXPECT_EQ(terms(ws({"limit"}, "a b c d")), (Strings{"a"}));
}

TEST(TokenFilters, UniqueReversePossessive) {
  EXPECT_EQ(dump(ws({"unique"}, "a b a c b")), (Strings{"a@0[0,1)word", "b@1[2,3)word", "c@2[6,7)word"}));
  EXPECT_EQ(terms(ws({"reverse"}, "abc héllo")), (Strings{"cba", "olléh"}));
  EXPECT_EQ(terms(ws({"english_possessive"}, "dog's JOHN'S it’s s 's")), (Strings{"dog", "JOHN", "it", "s", ""}));
  EXPECT_EQ(terms(ws({"apostrophe"}, "Türkiye'de x")), (Strings{"Türkiye", "x"}));
}

TEST(TokenFilters, UniqueOnSamePosition) {
  const auto tokens = ws(json::parse(R"(["asciifolding",{"type":"asciifolding","preserve_original":true},"unique"])"), "cafe");
  EXPECT_EQ(terms(tokens), (Strings{"cafe"}));
  const auto same = ws(json::parse(R"([{"type":"asciifolding","preserve_original":true},{"type":"unique","only_on_same_position":true}])"),
                       "café cafe");
  EXPECT_EQ(dump(same), (Strings{"cafe@0[0,5)word", "café@0[0,5)word", "cafe@1[6,10)word"}));
}

}  // namespace
}  // namespace pharos::analysis
