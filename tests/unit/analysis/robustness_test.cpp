#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"
#include "index/analysis/utf8.h"
#include "test_helpers.h"

namespace pharos::analysis {
namespace {

std::vector<std::shared_ptr<const Analyzer>> all_analyzers() {
  std::vector<std::shared_ptr<const Analyzer>> out;
  auto reg = AnalysisRegistry::builtin();
  for (const char* name : {"standard", "simple", "whitespace", "keyword", "stop", "english", "pattern", "fingerprint"}) {
    out.push_back(reg->get(name));
  }
  for (const char* spec : {
           R"({"tokenizer":"ngram","filter":["uppercase","reverse","unique"]})",
           R"({"tokenizer":{"type":"edge_ngram","min_gram":1,"max_gram":4,"token_chars":["letter","digit"]},"filter":["asciifolding"]})",
           R"({"tokenizer":"letter","char_filter":["html_strip"],"filter":["trim","porter_stem"]})",
           R"({"tokenizer":{"type":"char_group","tokenize_on_chars":["whitespace","punctuation"]},"filter":[{"type":"length","min":2}]})",
           R"({"tokenizer":"standard","char_filter":[{"type":"mapping","mappings":["a => xyz","bc => "]},{"type":"pattern_replace","pattern":"[0-9]","replacement":"#"},"html_strip"],"filter":["english_possessive",{"type":"asciifolding","preserve_original":true},{"type":"snowball","language":"French"}]})",
           R"({"tokenizer":{"type":"pattern","pattern":"","group":-1},"filter":["lowercase","stop"]})",
       }) {
    auto a = reg->build_adhoc(nlohmann::json::parse(spec));
    EXPECT_TRUE(a.is_ok()) << spec << ": " << a.status().to_string();
    if (a.is_ok()) out.push_back(*a);
  }
  return out;
}

void check_tokens(std::string_view text, const std::vector<Token>& tokens, uint32_t first_position) {
  uint32_t last_position = first_position;
  for (const auto& t : tokens) {
    ASSERT_LE(t.start_offset, t.end_offset);
    ASSERT_LE(t.end_offset, text.size());
    ASSERT_GE(t.position, first_position);
    ASSERT_GE(t.position, last_position);
    ASSERT_TRUE(is_valid_utf8(t.term)) << "term is not valid UTF-8";
    last_position = t.position;
  }
}

TEST(Robustness, RandomBytesNeverCrash) {
  const auto analyzers = all_analyzers();
  std::mt19937 rng(12345);
  // Bias towards bytes that matter: ASCII punctuation, markup, UTF-8 lead/continuation bytes.
  const std::string alphabet = "aZ09 .,'-_<>&;#/!:\t\n\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\x80\xbf\xc0\xff\xed\xa0";
  for (int iter = 0; iter < 1500; ++iter) {
    std::string text;
    const size_t len = rng() % 64;
    for (size_t i = 0; i < len; ++i) {
      text.push_back(rng() % 3 == 0 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()]);
    }
    for (const auto& a : analyzers) {
      std::vector<Token> tokens;
      a->analyze(text, tokens, 7);
      check_tokens(text, tokens, 7);
    }
  }
}

TEST(Robustness, EmptyAndLargeInputs) {
  for (const auto& a : all_analyzers()) {
    std::vector<Token> tokens;
    a->analyze("", tokens);
    EXPECT_TRUE(tokens.empty()) << a->name();
  }
  const std::string big(100000, 'x');
  std::vector<Token> tokens;
  AnalysisRegistry::builtin()->get("standard")->analyze(big, tokens);
  EXPECT_EQ(tokens.size(), (100000 + 254) / 255);
}

TEST(Robustness, Utf8Decoder) {
  EXPECT_EQ(decode_utf8("\xc0\xaf", 0).length, 1u);          // overlong
  EXPECT_EQ(decode_utf8("\xed\xa0\x80", 0).cp, kReplacementChar);  // surrogate
  EXPECT_EQ(decode_utf8("\xf4\x90\x80\x80", 0).cp, kReplacementChar);  // > U+10FFFF
  EXPECT_EQ(decode_utf8("\xe2\x82\xac", 0).cp, 0x20ACu);
  std::string s = "a\xff" "b";
  sanitize_utf8(s);
  EXPECT_EQ(s, "a\xef\xbf\xbd" "b");
}

}  // namespace
}  // namespace pharos::analysis
