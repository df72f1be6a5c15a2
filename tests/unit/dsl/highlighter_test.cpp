// The highlighter's fragments: tags around analysed matches, fragment sizes, ordering, phrases,
// html encoding and no_match_size, checked on texts whose offsets are easy to verify by eye.
#include "query/dsl/highlighter.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "index/analysis/analysis_registry.h"

namespace pharos::query {
namespace {

class HighlighterTest : public ::testing::Test {
 protected:
  std::shared_ptr<const analysis::Analyzer> standard = analysis::AnalysisRegistry::builtin()->get("standard");

  static search::QueryNode term(const std::string& field, const std::string& value) {
    search::QueryNode node;
    node.kind = search::QueryKind::term;
    node.field = field;
    node.terms = {value};
    return node;
  }
  std::vector<std::string> run(const std::vector<std::string>& values, const search::QueryNode& query,
                               const HighlightOptions& options = {}) {
    return highlight_values(values, *standard, highlight_terms(query, "body"), options);
  }
};

TEST_F(HighlighterTest, MarksAnalysedMatchesWithTheirOriginalText) {
  auto out = run({"The Quick brown fox. Another QUICK sentence here."}, term("body", "quick"));
  ASSERT_EQ(out.size(), 2u);  // unified: one fragment per sentence with a match
  EXPECT_EQ(out[0], "The <em>Quick</em> brown fox.");
  EXPECT_EQ(out[1], "Another <em>QUICK</em> sentence here.");
}

TEST_F(HighlighterTest, CustomTagsAndWholeValueWithZeroFragments) {
  HighlightOptions options;
  options.pre_tags = {"["};
  options.post_tags = {"]"};
  options.number_of_fragments = 0;
  auto out = run({"a fox. b fox.", "no match here", "fox"}, term("body", "fox"), options);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], "a [fox]. b [fox].");
  EXPECT_EQ(out[1], "[fox]");
}

TEST_F(HighlighterTest, PlainFragmentsCutAtFragmentSizeAndKeepTheBest) {
  HighlightOptions options;
  options.type = "plain";
  options.fragment_size = 10;
  options.number_of_fragments = 1;
  auto out = run({"aaaa bbbb cccc dddd eeee fox gggg"}, term("body", "fox"), options);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("<em>fox</em>"), std::string::npos);
  EXPECT_LE(out[0].size(), std::string("<em></em>").size() + 12);
  EXPECT_EQ(out[0].find("aaaa"), std::string::npos);
}

TEST_F(HighlighterTest, ScoreOrderPrefersFragmentsWithMoreDistinctTerms) {
  search::QueryNode query;
  query.kind = search::QueryKind::boolean;
  query.should = {term("body", "red"), term("body", "fox")};
  HighlightOptions options;
  options.order_by_score = true;
  auto out = run({"A fox. A red fox. A red."}, query, options);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "A <em>red</em> <em>fox</em>.");
  options.order_by_score = false;
  out = run({"A fox. A red fox. A red."}, query, options);
  EXPECT_EQ(out[0], "A <em>fox</em>.");
}

TEST_F(HighlighterTest, PhrasesMarkOnlyWhereThePhraseOccurs) {
  search::QueryNode phrase;
  phrase.kind = search::QueryKind::phrase;
  phrase.field = "body";
  phrase.terms = {"quick", "fox"};
  phrase.positions = {0, 1};
  HighlightOptions options;
  options.number_of_fragments = 0;
  auto out = run({"quick brown fox, quick fox"}, phrase, options);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "quick brown fox, <em>quick</em> <em>fox</em>");
}

TEST_F(HighlighterTest, OtherFieldsOnlyWithoutRequireFieldMatchAndNeverMustNot) {
  search::QueryNode query;
  query.kind = search::QueryKind::boolean;
  query.must = {term("title", "fox")};
  query.must_not = {term("body", "dog")};
  EXPECT_FALSE(highlight_terms(query, "").terms.count("dog"));
  EXPECT_TRUE(highlight_terms(query, "").terms.count("fox"));
  EXPECT_TRUE(highlight_terms(query, "body").empty());
}

TEST_F(HighlighterTest, HtmlEncoderAndNoMatchSize) {
  HighlightOptions options;
  options.html_encoder = true;
  auto out = run({"<b>fox</b> & co"}, term("body", "fox"), options);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "&lt;b&gt;<em>fox</em>&lt;/b&gt; &amp; co");
  options.html_encoder = false;
  options.no_match_size = 9;
  out = run({"alpha beta gamma"}, term("body", "zzz"), options);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "alpha");  // cut back to the last token that fits
}

TEST_F(HighlighterTest, ParsesOptionsWithFieldOverrides) {
  auto spec = parse_highlight(nlohmann::json::parse(
      R"({"pre_tags":["<b>"],"post_tags":["</b>"],"fragment_size":50,
          "fields":{"title":{"number_of_fragments":0},"body*":{}}})"));
  ASSERT_TRUE(spec.is_ok()) << spec.status().message();
  ASSERT_EQ(spec->fields.size(), 2u);
  std::map<std::string, HighlightOptions> by_name(spec->fields.begin(), spec->fields.end());
  ASSERT_EQ(by_name.count("title"), 1u);
  EXPECT_EQ(by_name["title"].number_of_fragments, 0u);
  EXPECT_EQ(by_name["title"].pre_tags.front(), "<b>");
  EXPECT_EQ(by_name["body*"].number_of_fragments, 5u);
  EXPECT_EQ(by_name["body*"].fragment_size, 50u);
  EXPECT_FALSE(parse_highlight(nlohmann::json::parse(R"({"fields":{"a":{"fragment_size":-1}}})")).is_ok());
  EXPECT_FALSE(parse_highlight(nlohmann::json::parse(R"({"fields":3})")).is_ok());
  EXPECT_FALSE(parse_highlight(nlohmann::json::parse(R"({"type":"nope","fields":{}})")).is_ok());
}

}  // namespace
}  // namespace pharos::query
