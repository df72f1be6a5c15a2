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

std::vector<Token> analyze(std::string_view analyzer, std::string_view text) {
  auto a = AnalysisRegistry::builtin()->get(analyzer);
  EXPECT_NE(a, nullptr) << analyzer;
  return a ? run(*a, text) : std::vector<Token>{};
}

std::vector<Token> adhoc(const json& request, std::string_view text) {
  auto a = AnalysisRegistry::builtin()->build_adhoc(request);
  EXPECT_TRUE(a.is_ok()) << a.status().to_string();
  return a.is_ok() ? run(**a, text) : std::vector<Token>{};
}

TEST(BuiltinAnalyzers, AllRegistered) {
  for (const char* name : {"standard", "simple", "whitespace", "keyword", "stop", "english", "pattern", "fingerprint",
                           "default", "default_search"}) {
    EXPECT_NE(AnalysisRegistry::builtin()->get(name), nullptr) << name;
  }
  EXPECT_EQ(AnalysisRegistry::builtin()->get("nope"), nullptr);
  EXPECT_NE(AnalysisRegistry::builtin()->normalizer("lowercase"), nullptr);
}

TEST(BuiltinAnalyzers, SimpleSplitsOnNonLetters) {
  EXPECT_EQ(dump(analyze("simple", "Don't STOP-me 42x")),
            (Strings{"don@0[0,3)word", "t@1[4,5)word", "stop@2[6,10)word", "me@3[11,13)word", "x@4[16,17)word"}));
}

TEST(BuiltinAnalyzers, WhitespaceKeepsCase) {
  EXPECT_EQ(dump(analyze("whitespace", " Foo\tBAR-baz\n")), (Strings{"Foo@0[1,4)word", "BAR-baz@1[5,12)word"}));
}

TEST(BuiltinAnalyzers, KeywordWholeInput) {
  EXPECT_EQ(dump(analyze("keyword", "New York")), (Strings{"New York@0[0,8)word"}));
  EXPECT_TRUE(analyze("keyword", "").empty());
}

TEST(BuiltinAnalyzers, StopLeavesPositionGaps) {
  EXPECT_EQ(dump(analyze("stop", "The quick and the dead")),
            (Strings{"quick@1[4,9)word", "dead@4[18,22)word"}));
}

TEST(BuiltinAnalyzers, EnglishStemsAndStripsPossessives) {
  EXPECT_EQ(terms(analyze("english", "The dog's running jumped over the lazy dogs")),
            (Strings{"dog", "run", "jump", "over", "lazi", "dog"}));
  const auto tokens = analyze("english", "the running");
  EXPECT_EQ(dump(tokens), (Strings{"run@1[4,11)<ALPHANUM>"}));
}

TEST(BuiltinAnalyzers, PatternAnalyzerLowercases) {
  EXPECT_EQ(terms(analyze("pattern", "Foo-Bar_baz  qux")), (Strings{"foo", "bar_baz", "qux"}));
}

TEST(BuiltinAnalyzers, Fingerprint) {
  EXPECT_EQ(dump(analyze("fingerprint", "Yes yes, Gödel said this sentence is consistent and.")),
            (Strings{"and consistent godel is said sentence this yes@0[0,52)fingerprint"}));
}

TEST(BuiltinAnalyzers, StandardWithStopwordsParam) {
  auto registry = AnalysisRegistry::from_settings(json::parse(R"({"analyzer":{"std_en":{"type":"standard","stopwords":"_english_"}}})"));
  ASSERT_TRUE(registry.is_ok()) << registry.status().to_string();
  EXPECT_EQ(dump(run(*(*registry)->get("std_en"), "the fox")), (Strings{"fox@1[4,7)<ALPHANUM>"}));
  // The plain standard analyzer keeps stopwords (OpenSearch default).
  EXPECT_EQ(terms(analyze("standard", "the fox")), (Strings{"the", "fox"}));
}

TEST(Tokenizers, LetterAndLowercase) {
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":"letter"})"), "Hi-There ÉTÉ")), (Strings{"Hi", "There", "ÉTÉ"}));
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":"lowercase"})"), "Hi-There ÉTÉ")), (Strings{"hi", "there", "été"}));
}

TEST(Tokenizers, PatternSplitAndGroup) {
  EXPECT_EQ(dump(adhoc(json::parse(R"({"tokenizer":{"type":"pattern","pattern":","}})"), "a,,bc,")),
            (Strings{"a@0[0,1)word", "bc@1[3,5)word"}));
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":{"type":"pattern","pattern":"\"((?:\\\\\"|[^\"])+)\"","group":1}})"),
                        R"(x "value", "value with embedded \" quote")")),
            (Strings{"value", "value with embedded \\\" quote"}));
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":{"type":"pattern","pattern":"X","flags":"CASE_INSENSITIVE"}})"), "axbXc")),
            (Strings{"a", "b", "c"}));
}

TEST(Tokenizers, NGram) {
  EXPECT_EQ(dump(adhoc(json::parse(R"({"tokenizer":"ngram"})"), "Quá")),
            (Strings{"Q@0[0,1)word", "Qu@1[0,2)word", "u@2[1,2)word", "uá@3[1,4)word", "á@4[2,4)word"}));
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":{"type":"ngram","min_gram":3,"max_gram":3,"token_chars":["letter","digit"]}})"),
                        "2 Quick Foxes.")),
            (Strings{"Qui", "uic", "ick", "Fox", "oxe", "xes"}));
}

TEST(Tokenizers, EdgeNGram) {
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":{"type":"edge_ngram","min_gram":2,"max_gram":10,"token_chars":["letter"]}})"),
                        "2 Quick Foxes.")),
            (Strings{"Qu", "Qui", "Quic", "Quick", "Fo", "Fox", "Foxe", "Foxes"}));
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":"edge_ngram"})"), "Quick")), (Strings{"Q", "Qu"}));
}

TEST(Tokenizers, CharGroup) {
  EXPECT_EQ(terms(adhoc(json::parse(R"({"tokenizer":{"type":"char_group","tokenize_on_chars":["whitespace","-","\\n"]}})"),
                        "The QUICK brown-fox\njumps")),
            (Strings{"The", "QUICK", "brown", "fox", "jumps"}));
}

TEST(Tokenizers, NGramDiffLimit) {
  auto a = AnalysisRegistry::builtin()->build_adhoc(json::parse(R"({"tokenizer":{"type":"ngram","min_gram":1,"max_gram":5}})"));
  ASSERT_FALSE(a.is_ok());
  EXPECT_EQ(a.status().kind(), ErrorKind::invalid_argument);
  EXPECT_NE(a.status().message().find("index.max_ngram_diff"), std::string::npos);
  auto r = AnalysisRegistry::from_settings(json::parse(R"({"tokenizer":{"t":{"type":"ngram","min_gram":1,"max_gram":5}}})"), 10);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
}

}  // namespace
}  // namespace pharos::analysis
