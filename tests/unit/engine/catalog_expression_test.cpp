#include <gtest/gtest.h>

#include "index/engine/index_expression.h"

namespace pharos::engine {
namespace {

using Names = std::vector<std::string>;

class CatalogExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add_index("logs-a");
    add_index("logs-b");
    add_index("logs-old", IndexState::closed);
    add_index("metrics");
    add_index("broken", IndexState::failed);
    add_alias("all-logs", "logs-a");
    add_alias("all-logs", "logs-b");
    add_alias("m", "metrics");
    add_alias("with-closed", "logs-old");
  }
  void add_index(const std::string& name, IndexState state = IndexState::open) {
    state_.indexes[name] =
        IndexEntry{name, "uuid-" + name, state, state == IndexState::failed ? "bad crc" : ""};
  }
  void add_alias(const std::string& alias, const std::string& index) {
    AliasInfo info;
    info.alias = alias;
    info.index = index;
    state_.aliases[alias][index] = info;
  }
  Result<Names> resolve(std::string_view expression, IndicesOptions options = {},
                        bool ignore_aliases = false) {
    return resolve_index_expression(state_, expression, ResolveRules{options, ignore_aliases});
  }
  Names ok(std::string_view expression, IndicesOptions options = {}) {
    auto result = resolve(expression, options);
    EXPECT_TRUE(result.is_ok()) << expression << ": " << result.status().to_string();
    return result.is_ok() ? result.value() : Names{};
  }

  CatalogState state_;
};

TEST(CatalogWildcard, Match) {
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_TRUE(wildcard_match("logs-*", "logs-a"));
  EXPECT_TRUE(wildcard_match("*-a", "logs-a"));
  EXPECT_TRUE(wildcard_match("l*g*a", "logs-a"));
  EXPECT_TRUE(wildcard_match("a**b", "ab"));
  EXPECT_FALSE(wildcard_match("logs-*", "log"));
  EXPECT_FALSE(wildcard_match("abc", "abcd"));
  EXPECT_TRUE(wildcard_match("abc", "abc"));
}

TEST(CatalogWildcard, Overlap) {
  EXPECT_TRUE(wildcard_patterns_overlap("x*", "x*"));
  EXPECT_TRUE(wildcard_patterns_overlap("x*", "*y"));
  EXPECT_TRUE(wildcard_patterns_overlap("logs-*", "logs-2024*"));
  EXPECT_TRUE(wildcard_patterns_overlap("*", "abc"));
  EXPECT_TRUE(wildcard_patterns_overlap("a*c", "ab*"));
  EXPECT_FALSE(wildcard_patterns_overlap("a*", "b*"));
  EXPECT_FALSE(wildcard_patterns_overlap("logs-*", "metrics-*"));
  EXPECT_FALSE(wildcard_patterns_overlap("abc", "abd"));
  EXPECT_FALSE(wildcard_patterns_overlap("*a", "*b"));
}

TEST_F(CatalogExpressionTest, AllForms) {
  Names open = {"logs-a", "logs-b", "metrics"};
  EXPECT_EQ(ok(""), open);
  EXPECT_EQ(ok("_all"), open);
  EXPECT_EQ(ok("*"), open);
  IndicesOptions with_closed;
  with_closed.expand_closed = true;
  EXPECT_EQ(ok("_all", with_closed), (Names{"broken", "logs-a", "logs-b", "logs-old", "metrics"}));
}

TEST_F(CatalogExpressionTest, ConcreteListsAndWildcards) {
  EXPECT_EQ(ok("metrics,logs-a"), (Names{"logs-a", "metrics"}));
  EXPECT_EQ(ok("logs-*"), (Names{"logs-a", "logs-b"}));
  EXPECT_EQ(ok("logs-a,logs-*"), (Names{"logs-a", "logs-b"}));
  EXPECT_EQ(ok("nomatch*"), Names{});
}

TEST_F(CatalogExpressionTest, Exclusions) {
  EXPECT_EQ(ok("logs-*,-logs-b"), Names{"logs-a"});
  EXPECT_EQ(ok("*,-logs-*"), Names{"metrics"});
  // As in OpenSearch, excluding an alias name does not remove indices the wildcard matched by name.
  EXPECT_EQ(ok("*,-all-logs"), (Names{"logs-a", "logs-b", "metrics"}));
  // A leading "-name" is a name, not an exclusion (OpenSearch only excludes after a wildcard).
  auto result = resolve("-logs-a");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::index_not_found);
  EXPECT_EQ(result.status().message(), "no such index [-logs-a]");
}

TEST_F(CatalogExpressionTest, Aliases) {
  EXPECT_EQ(ok("all-logs"), (Names{"logs-a", "logs-b"}));
  EXPECT_EQ(ok("all-*"), (Names{"logs-a", "logs-b"}));
  EXPECT_EQ(ok("m,logs-a"), (Names{"logs-a", "metrics"}));
}

TEST_F(CatalogExpressionTest, MissingNames) {
  auto result = resolve("logs-a,missing");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::index_not_found);
  EXPECT_EQ(result.status().message(), "no such index [missing]");
  EXPECT_EQ(result.status().index(), "missing");

  IndicesOptions lenient;
  lenient.ignore_unavailable = true;
  EXPECT_EQ(ok("logs-a,missing", lenient), Names{"logs-a"});
}

TEST_F(CatalogExpressionTest, AllowNoIndices) {
  IndicesOptions strict;
  strict.allow_no_indices = false;
  auto result = resolve("nomatch*", strict);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::index_not_found);
  EXPECT_EQ(result.status().message(), "no such index [nomatch*]");
  // Excluding everything leaves nothing.
  result = resolve("logs-*,-logs-*", strict);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::index_not_found);
}

TEST_F(CatalogExpressionTest, ClosedIndices) {
  EXPECT_EQ(ok("logs-*"), (Names{"logs-a", "logs-b"})) << "wildcards skip closed indices";
  auto result = resolve("logs-old");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::index_closed);
  EXPECT_EQ(result.status().message(), "closed");
  EXPECT_EQ(result.status().index(), "logs-old");
  EXPECT_EQ(resolve("with-closed").status().kind(), ErrorKind::index_closed);

  IndicesOptions lenient;
  lenient.ignore_unavailable = true;
  EXPECT_EQ(ok("logs-old,logs-a", lenient), Names{"logs-a"});
  IndicesOptions with_closed;
  with_closed.expand_closed = true;
  EXPECT_EQ(ok("logs-*", with_closed), (Names{"logs-a", "logs-b", "logs-old"}));
}

TEST_F(CatalogExpressionTest, FailedIndices) {
  EXPECT_EQ(ok("*"), (Names{"logs-a", "logs-b", "metrics"}));
  auto result = resolve("broken");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::corrupt);
}

TEST_F(CatalogExpressionTest, UnderscorePrefixIsInvalid) {
  auto result = resolve("_foo");
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::invalid_index_name);
  EXPECT_EQ(result.status().message(), "Invalid index name [_foo], must not start with '_'.");
}

TEST_F(CatalogExpressionTest, IgnoreAliasesRejectsAliasNames) {
  IndicesOptions options;
  options.expand_closed = true;
  auto result = resolve("all-logs", options, /*ignore_aliases=*/true);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(result.status().message(),
            "The provided expression [all-logs] matches an alias, specify the corresponding concrete indices "
            "instead.");
  auto wildcard = resolve("all-*", options, /*ignore_aliases=*/true);
  ASSERT_TRUE(wildcard.is_ok());
  EXPECT_TRUE(wildcard.value().empty()) << "wildcards do not expand aliases for destructive requests";
}

}  // namespace
}  // namespace pharos::engine
