#include <gtest/gtest.h>

#include "index/analysis/analysis_registry.h"
#include "index/analysis/char_class.h"
#include "test_helpers.h"

namespace pharos::analysis {
namespace {

using testing::dump;
using testing::run;
using testing::terms;
using Strings = std::vector<std::string>;

std::vector<Token> standard(std::string_view text) {
  return run(*AnalysisRegistry::builtin()->get("standard"), text);
}

TEST(StandardTokenizer, SentenceWithOffsetsAndTypes) {
  const auto tokens = standard("The QUICK brown-foxes jumped over the lazy dog's bone, 3.14!");
  EXPECT_EQ(dump(tokens), (Strings{"the@0[0,3)<ALPHANUM>", "quick@1[4,9)<ALPHANUM>", "brown@2[10,15)<ALPHANUM>",
                                   "foxes@3[16,21)<ALPHANUM>", "jumped@4[22,28)<ALPHANUM>", "over@5[29,33)<ALPHANUM>",
                                   "the@6[34,37)<ALPHANUM>", "lazy@7[38,42)<ALPHANUM>", "dog's@8[43,48)<ALPHANUM>",
                                   "bone@9[49,53)<ALPHANUM>", "3.14@10[55,59)<NUM>"}));
}

TEST(StandardTokenizer, InternalPunctuationPerUax29) {
  EXPECT_EQ(terms(standard("don't U.S.A. 1,000 wi-fi foo@bar.com a_b x:y 1.2.3")),
            (Strings{"don't", "u.s.a", "1,000", "wi", "fi", "foo", "bar.com", "a_b", "x:y", "1.2.3"}));
  // A period or comma followed by a non-digit breaks; letters and digits join.
  EXPECT_EQ(terms(standard("end. 3, 4 abc123 12abc")), (Strings{"end", "3", "4", "abc123", "12abc"}));
}

TEST(StandardTokenizer, NumTypes) {
  const auto tokens = standard("42 4.2 x42");
  EXPECT_EQ(dump(tokens), (Strings{"42@0[0,2)<NUM>", "4.2@1[3,6)<NUM>", "x42@2[7,10)<ALPHANUM>"}));
}

TEST(StandardTokenizer, MultiByteLetters) {
  EXPECT_EQ(terms(standard("Café Über naïve Ελληνικά Русский")),
            (Strings{"café", "über", "naïve", "ελληνικά", "русский"}));
  const auto tokens = standard("Café x");
  EXPECT_EQ(dump(tokens), (Strings{"café@0[0,5)<ALPHANUM>", "x@1[6,7)<ALPHANUM>"}));
}

TEST(StandardTokenizer, IdeographsOneTokenEach) {
  const auto tokens = standard("中文abc");
  EXPECT_EQ(dump(tokens), (Strings{"中@0[0,3)<IDEOGRAPHIC>", "文@1[3,6)<IDEOGRAPHIC>", "abc@2[6,9)<ALPHANUM>"}));
  EXPECT_EQ(dump(standard("ひら カタカナ 한국어")),
            (Strings{"ひ@0[0,3)<HIRAGANA>", "ら@1[3,6)<HIRAGANA>", "カタカナ@2[7,19)<KATAKANA>", "한국어@3[20,29)<HANGUL>"}));
}

TEST(StandardTokenizer, Emoji) {
  EXPECT_EQ(dump(standard("hi 😀!")), (Strings{"hi@0[0,2)<ALPHANUM>", "😀@1[3,7)<EMOJI>"}));
}

TEST(StandardTokenizer, MaxTokenLengthSplits) {
  const std::string long_word(300, 'a');
  const auto tokens = standard(long_word);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].term.size(), 255u);
  EXPECT_EQ(tokens[1].term.size(), 45u);
  EXPECT_EQ(tokens[1].start_offset, 255u);
  EXPECT_EQ(tokens[1].position, 1u);
}

TEST(StandardTokenizer, FirstPositionOffset) {
  const auto tokens = run(*AnalysisRegistry::builtin()->get("standard"), "a b", 101);
  EXPECT_EQ(dump(tokens), (Strings{"a@101[0,1)<ALPHANUM>", "b@102[2,3)<ALPHANUM>"}));
}

TEST(StandardTokenizer, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(standard("").empty());
  EXPECT_TRUE(standard(" ,.!? -- ").empty());
  EXPECT_TRUE(standard("___").empty());
}

TEST(StandardTokenizer, InvalidUtf8DoesNotCrash) {
  const std::string bad = "ab\xff\xfe" "cd\xc3" " \xe2\x82 ok \xf0\x9f\x98";
  const auto tokens = standard(bad);
  EXPECT_FALSE(tokens.empty());
  EXPECT_EQ(tokens.back().term, "ok");
}

TEST(CharClass, TablesAreSortedAndDisjoint) { EXPECT_TRUE(char_tables_are_consistent()); }

}  // namespace
}  // namespace pharos::analysis
