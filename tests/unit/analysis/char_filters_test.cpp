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

std::vector<Token> chain(const json& request, std::string_view text) {
  auto a = AnalysisRegistry::builtin()->build_adhoc(request);
  EXPECT_TRUE(a.is_ok()) << a.status().to_string();
  return a.is_ok() ? run(**a, text) : std::vector<Token>{};
}

TEST(CharFilters, HtmlStripKeywordShowsText) {
  const auto tokens = chain(json::parse(R"({"tokenizer":"keyword","char_filter":["html_strip"]})"),
                            "<p>I&apos;m so <b>happy</b>!</p>");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].term, "\nI'm so happy!\n");
  EXPECT_EQ(tokens[0].start_offset, 0u);
  EXPECT_EQ(tokens[0].end_offset, 32u);
}

TEST(CharFilters, HtmlStripOffsetsPointIntoOriginal) {
  const std::string html = "<div>caf&eacute; <script>var x = 1;</script><!-- note -->bar&#233;</div>";
  const auto tokens = chain(json::parse(R"({"tokenizer":"standard","char_filter":["html_strip"]})"), html);
  EXPECT_EQ(dump(tokens), (Strings{"café@0[5,16)<ALPHANUM>", "baré@1[57,66)<ALPHANUM>"}));
  EXPECT_EQ(html.substr(5, 11), "caf&eacute;");
  // Escaped tags survive; a lone '<' or unknown entity is text.
  const auto kept = chain(json::parse(R"({"tokenizer":"whitespace","char_filter":[{"type":"html_strip","escaped_tags":["b"]}]})"),
                          "<b>x</b> <i>y</i> a<b &bogus; 1 < 2");
  EXPECT_EQ(terms(kept), (Strings{"<b>x</b>", "y", "a<b", "&bogus;", "1", "<", "2"}));
}

TEST(CharFilters, MappingLongestMatchAndOffsets) {
  const json request = json::parse(R"({"tokenizer":"whitespace","char_filter":[{"type":"mapping","mappings":["ph => f","p => b","٠ => 0","\\u0661 => 1",":) => _happy_"]}]})");
  EXPECT_EQ(dump(chain(request, "phone ٠١ :)")), (Strings{"fone@0[0,5)word", "01@1[6,10)word", "_happy_@2[11,13)word"}));
}

TEST(CharFilters, MappingRejectsBadRules) {
  auto bad = AnalysisRegistry::builtin()->build_adhoc(json::parse(R"({"tokenizer":"whitespace","char_filter":[{"type":"mapping","mappings":["no arrow"]}]})"));
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(), "Invalid Mapping Rule : [no arrow]");
}

TEST(CharFilters, PatternReplaceWithGroups) {
  const json request = json::parse(R"J({"tokenizer":"standard","char_filter":[{"type":"pattern_replace","pattern":"(\\d+)-(\\d)","replacement":"$1_$2"}]})J");
  EXPECT_EQ(dump(chain(request, "My credit card is 123-456-789")),
            (Strings{"My@0[0,2)<ALPHANUM>", "credit@1[3,9)<ALPHANUM>", "card@2[10,14)<ALPHANUM>", "is@3[15,17)<ALPHANUM>",
                     "123_456_789@4[18,29)<NUM>"}));
}

TEST(CharFilters, PatternReplaceSimple) {
  const json request = json::parse(R"({"tokenizer":"keyword","char_filter":[{"type":"pattern_replace","pattern":"o+","replacement":"0"}]})");
  EXPECT_EQ(dump(chain(request, "foo boo")), (Strings{"f0 b0@0[0,7)word"}));
  const json empty = json::parse(R"({"tokenizer":"keyword","char_filter":[{"type":"pattern_replace","pattern":"x*","replacement":"-"}]})");
  EXPECT_EQ(terms(chain(empty, "ab")), (Strings{"-a-b-"}));
}

TEST(CharFilters, ChainedFiltersComposeOffsets) {
  const json request = json::parse(R"({"tokenizer":"standard","char_filter":["html_strip",{"type":"mapping","mappings":["é => e"]}]})");
  EXPECT_EQ(dump(chain(request, "<b>caf&eacute;</b> ok")), (Strings{"cafe@0[3,14)<ALPHANUM>", "ok@1[19,21)<ALPHANUM>"}));
}

}  // namespace
}  // namespace pharos::analysis
