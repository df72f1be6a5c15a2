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

std::shared_ptr<const AnalysisRegistry> registry(const char* settings) {
  auto r = AnalysisRegistry::from_settings(json::parse(settings));
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : AnalysisRegistry::builtin();
}

Status error_of(const char* settings) {
  auto r = AnalysisRegistry::from_settings(json::parse(settings));
  EXPECT_FALSE(r.is_ok());
  return r.is_ok() ? Status::ok() : r.status();
}

TEST(Registry, CustomAnalyzerWithComponents) {
  auto r = registry(R"({
    "analyzer": {"my": {"type": "custom", "tokenizer": "my_tok", "filter": ["lowercase", "my_stop"],
                        "char_filter": ["my_map"]}},
    "tokenizer": {"my_tok": {"type": "ngram", "min_gram": 2, "max_gram": 3}},
    "filter": {"my_stop": {"type": "stop", "stopwords": ["fo"]}},
    "char_filter": {"my_map": {"type": "mapping", "mappings": ["X => o"]}}})");
  auto a = r->get("my");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(dump(run(*a, "FXX")), (Strings{"foo@1[0,3)word", "oo@2[1,3)word"}));
  // Built-ins remain visible beside the custom ones.
  EXPECT_NE(r->get("english"), nullptr);
}

TEST(Registry, TypeInferredFromTokenizerAndStandardParams) {
  auto r = registry(R"({"analyzer": {"a": {"tokenizer": "whitespace", "filter": "uppercase"},
                                     "b": {"type": "standard", "max_token_length": "3", "stopwords": ["x"]}}})");
  EXPECT_EQ(terms(run(*r->get("a"), "ab cd")), (Strings{"AB", "CD"}));
  EXPECT_EQ(terms(run(*r->get("b"), "x abcdef")), (Strings{"abc", "def"}));
}

TEST(Registry, DefaultOverride) {
  auto r = registry(R"({"analyzer": {"default": {"type": "english"}}})");
  EXPECT_EQ(terms(run(*r->get("default"), "running dogs")), (Strings{"run", "dog"}));
  EXPECT_EQ(r->get("default_search"), r->get("default"));
  EXPECT_EQ(AnalysisRegistry::builtin()->get("default"), AnalysisRegistry::builtin()->get("standard"));
}

TEST(Registry, FlatDottedKeys) {
  auto r = registry(R"({"analyzer.flat.type": "custom", "analyzer.flat.tokenizer": "keyword"})");
  ASSERT_NE(r->get("flat"), nullptr);
  EXPECT_EQ(terms(run(*r->get("flat"), "a b")), (Strings{"a b"}));
}

TEST(Registry, PositionIncrementGap) {
  auto r = registry(R"({"analyzer": {"g": {"tokenizer": "standard", "position_increment_gap": 5}}})");
  EXPECT_EQ(r->get("g")->position_increment_gap(), 5u);
  EXPECT_EQ(AnalysisRegistry::builtin()->get("standard")->position_increment_gap(), 100u);
}

TEST(Registry, Normalizers) {
  auto r = registry(R"({"normalizer": {"n": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}})");
  auto n = r->normalizer("n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(terms(run(*n, "Café Olé")), (Strings{"cafe ole"}));
  EXPECT_NE(r->normalizer("lowercase"), nullptr);
  const Status s = error_of(R"({"normalizer": {"n": {"type": "custom", "filter": ["stop"]}}})");
  EXPECT_EQ(s.message(), "Custom normalizer [n] may not use filter [stop]");
}

TEST(Registry, Errors) {
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"type": "custom", "tokenizer": "foo"}}})").message(),
            "Custom Analyzer [my] failed to find tokenizer under name [foo]");
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"type": "custom", "tokenizer": "standard", "filter": ["x"]}}})").message(),
            "Custom Analyzer [my] failed to find filter under name [x]");
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"type": "custom", "tokenizer": "standard", "char_filter": ["x"]}}})").message(),
            "Custom Analyzer [my] failed to find char_filter under name [x]");
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"type": "custom"}}})").message(),
            "Custom Analyzer [my] must be configured with a tokenizer");
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"type": "bogus"}}})").message(), "Unknown analyzer type [bogus] for [my]");
  EXPECT_EQ(error_of(R"({"analyzer": {"my": {"filter": ["lowercase"]}}})").message(),
            "analyzer [my] must specify either an analyzer type, or a tokenizer");
  EXPECT_EQ(error_of(R"({"tokenizer": {"t": {"type": "bogus"}}})").message(), "Unknown tokenizer type [bogus] for [t]");
  EXPECT_EQ(error_of(R"({"filter": {"f": {"type": "bogus"}}})").message(), "Unknown filter type [bogus] for [f]");
  EXPECT_EQ(error_of(R"({"char_filter": {"c": {"type": "bogus"}}})").message(), "Unknown char_filter type [bogus] for [c]");
  EXPECT_EQ(error_of(R"({"tokenizer": {"t": {"type": "ngram", "min_gram": "x"}}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(error_of(R"({"tokenizer": {"t": {"type": "pattern", "pattern": "(?<=a)b"}}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(error_of(R"({"filter": {"f": {"type": "stop", "stopwords": "_klingon_"}}})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(error_of(R"([1, 2])").kind(), ErrorKind::invalid_argument);
  EXPECT_TRUE(AnalysisRegistry::from_settings(json()).is_ok());
  EXPECT_TRUE(AnalysisRegistry::from_settings(json::object()).is_ok());
}

TEST(Registry, AdhocErrorsAndForms) {
  auto reg = AnalysisRegistry::builtin();
  auto bad_tok = reg->build_adhoc(json::parse(R"({"tokenizer":"nope"})"));
  ASSERT_FALSE(bad_tok.is_ok());
  EXPECT_EQ(bad_tok.status().message(), "failed to find global tokenizer under [nope]");
  auto bad_filter = reg->build_adhoc(json::parse(R"({"tokenizer":"standard","filter":["nope"]})"));
  ASSERT_FALSE(bad_filter.is_ok());
  EXPECT_EQ(bad_filter.status().message(), "failed to find global filter under [nope]");
  auto by_name = reg->build_adhoc(json::parse(R"({"analyzer":"english"})"));
  ASSERT_TRUE(by_name.is_ok());
  EXPECT_EQ((*by_name)->name(), "english");
  auto filters_only = reg->build_adhoc(json::parse(R"({"filter":["uppercase"]})"));
  ASSERT_TRUE(filters_only.is_ok());
  EXPECT_EQ(terms(run(**filters_only, "a b")), (Strings{"A B"}));
  auto plain = reg->build_adhoc(json::object());
  ASSERT_TRUE(plain.is_ok());
  EXPECT_EQ((*plain)->name(), "standard");
}

TEST(Registry, AdhocUsesIndexComponents) {
  auto r = registry(R"({"filter": {"my_stop": {"type": "stop", "stopwords": ["b"]}}})");
  auto a = r->build_adhoc(json::parse(R"({"tokenizer":"whitespace","filter":["my_stop"]})"));
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(dump(run(**a, "a b c")), (Strings{"a@0[0,1)word", "c@2[4,5)word"}));
}

}  // namespace
}  // namespace pharos::analysis
