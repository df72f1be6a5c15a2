#include <gtest/gtest.h>

#include "index/engine/index_name_rules.h"

namespace pharos::engine {
namespace {

std::string index_error(std::string_view name) {
  Status status = validate_index_name(name);
  EXPECT_FALSE(status.is_ok()) << name;
  EXPECT_EQ(status.kind(), ErrorKind::invalid_index_name) << name;
  return status.message();
}

TEST(CatalogNameRules, AcceptsOrdinaryNames) {
  for (const char* name : {"logs", "logs-2024.01.01", ".kibana", "a_b", "a+b", "üñí"}) {
    EXPECT_TRUE(validate_index_name(name).is_ok()) << name;
  }
}

TEST(CatalogNameRules, OpenSearchMessages) {
  EXPECT_EQ(index_error("Foo"), "Invalid index name [Foo], must be lowercase");
  EXPECT_EQ(
      index_error("a b"),
      "Invalid index name [a b], must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]");
  for (const char* name : {"a*", "a?", "a/b", "a\\b", "a<b", "a>b", "a|b", "a,b", "a\"b"}) {
    EXPECT_NE(index_error(name).find("must not contain the following characters"), std::string::npos) << name;
  }
  EXPECT_EQ(index_error("_foo"), "Invalid index name [_foo], must not start with '_', '-', or '+'");
  EXPECT_EQ(index_error("-foo"), "Invalid index name [-foo], must not start with '_', '-', or '+'");
  EXPECT_EQ(index_error("+foo"), "Invalid index name [+foo], must not start with '_', '-', or '+'");
  EXPECT_EQ(index_error("."), "Invalid index name [.], must not be '.' or '..'");
  EXPECT_EQ(index_error(".."), "Invalid index name [..], must not be '.' or '..'");
  EXPECT_EQ(index_error("a#b"), "Invalid index name [a#b], must not contain '#'");
  EXPECT_EQ(index_error("a:b"), "Invalid index name [a:b], must not contain ':'");
  EXPECT_EQ(index_error(""), "Invalid index name [], must not be empty");
  std::string long_name(256, 'a');
  EXPECT_EQ(index_error(long_name),
            "Invalid index name [" + long_name + "], index name is too long, (256 > 255)");
  EXPECT_TRUE(validate_index_name(std::string(255, 'a')).is_ok());
}

TEST(CatalogNameRules, ErrorCarriesIndex) { EXPECT_EQ(validate_index_name("Foo").index(), "Foo"); }

TEST(CatalogNameRules, AliasNamesMayBeUppercase) {
  EXPECT_TRUE(validate_alias_name("MyAlias").is_ok());
  Status status = validate_alias_name("a*");
  EXPECT_EQ(status.kind(), ErrorKind::invalid_alias_name);
  EXPECT_EQ(
      status.message(),
      "Invalid alias name [a*], must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]");
  EXPECT_EQ(validate_alias_name("_a").message(),
            "Invalid alias name [_a], must not start with '_', '-', or '+'");
}

}  // namespace
}  // namespace pharos::engine
