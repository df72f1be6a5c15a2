#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "index/engine/alias_actions.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

class CatalogAliasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"logs-1", "logs-2", "metrics"})
      state_.indexes[name] = IndexEntry{name, "u", IndexState::open, ""};
  }
  Status apply(const char* body) {
    auto removed = apply_alias_actions(state_, json::parse(body));
    if (removed.is_ok()) removed_ = removed.value();
    return removed.status();
  }
  std::vector<std::string> members(const std::string& alias) {
    std::vector<std::string> out;
    if (auto it = state_.aliases.find(alias); it != state_.aliases.end()) {
      for (const auto& [index, info] : it->second) out.push_back(index);
    }
    return out;
  }

  CatalogState state_;
  std::vector<std::string> removed_;
};

TEST_F(CatalogAliasTest, AddWithWildcardsAndOptions) {
  ASSERT_TRUE(
      apply(
          R"({"actions":[{"add":{"index":"logs-*","alias":"logs","filter":{"term":{"a":1}},"routing":"r"}}]})")
          .is_ok());
  EXPECT_EQ(members("logs"), (std::vector<std::string>{"logs-1", "logs-2"}));
  const AliasInfo& info = state_.aliases["logs"]["logs-1"];
  EXPECT_EQ(info.filter_json, R"({"term":{"a":1}})");
  EXPECT_EQ(info.index_routing, "r");
  EXPECT_EQ(info.search_routing, "r");
  EXPECT_FALSE(info.is_write_index.has_value());
}

TEST_F(CatalogAliasTest, IndicesAndAliasesLists) {
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"indices":["logs-1","metrics"],"aliases":["a","b"]}}]})").is_ok());
  EXPECT_EQ(members("a"), (std::vector<std::string>{"logs-1", "metrics"}));
  EXPECT_EQ(members("b"), (std::vector<std::string>{"logs-1", "metrics"}));
}

TEST_F(CatalogAliasTest, RemoveAndMissingAlias) {
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-*","alias":"logs"}}]})").is_ok());
  ASSERT_TRUE(apply(R"({"actions":[{"remove":{"index":"logs-1","alias":"logs"}}]})").is_ok());
  EXPECT_EQ(members("logs"), std::vector<std::string>{"logs-2"});
  Status missing = apply(R"({"actions":[{"remove":{"index":"logs-1","alias":"nope"}}]})");
  EXPECT_EQ(missing.kind(), ErrorKind::aliases_missing);
  EXPECT_EQ(missing.message(), "aliases [nope] missing");
  ASSERT_TRUE(apply(R"({"actions":[{"remove":{"index":"*","alias":"lo*"}}]})").is_ok());
  EXPECT_FALSE(state_.has_alias("logs"));
}

TEST_F(CatalogAliasTest, AtomicOnCopy) {
  CatalogState before = state_;
  Status status = apply(
      R"({"actions":[{"add":{"index":"logs-1","alias":"x"}},{"add":{"index":"missing","alias":"y"}}]})");
  EXPECT_EQ(status.kind(), ErrorKind::index_not_found);
  EXPECT_EQ(status.message(), "no such index [missing]");
}

TEST_F(CatalogAliasTest, AliasNamedLikeAnIndex) {
  Status status = apply(R"({"actions":[{"add":{"index":"logs-1","alias":"metrics"}}]})");
  EXPECT_EQ(status.kind(), ErrorKind::invalid_alias_name);
  EXPECT_EQ(status.message(),
            "Invalid alias name [metrics], an index or data stream exists with the same name as the alias");
}

TEST_F(CatalogAliasTest, AliasAsActionIndexIsRejected) {
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-1","alias":"a"}}]})").is_ok());
  Status status = apply(R"({"actions":[{"add":{"index":"a","alias":"b"}}]})");
  EXPECT_EQ(status.kind(), ErrorKind::invalid_argument);
}

TEST_F(CatalogAliasTest, RemoveIndex) {
  ASSERT_TRUE(
      apply(R"({"actions":[{"add":{"index":"logs-1","alias":"a"}},{"remove_index":{"index":"logs-1"}}]})")
          .is_ok());
  EXPECT_EQ(removed_, std::vector<std::string>{"logs-1"});
  EXPECT_FALSE(state_.has_index("logs-1"));
  EXPECT_FALSE(state_.has_alias("a"));
}

TEST_F(CatalogAliasTest, WriteIndex) {
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-1","alias":"w"}}]})").is_ok());
  EXPECT_EQ(alias_write_index(state_, "w").value(), "logs-1") << "a single member is the write index";
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-2","alias":"w"}}]})").is_ok());
  auto none = alias_write_index(state_, "w");
  ASSERT_FALSE(none.is_ok());
  EXPECT_EQ(none.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(none.status().message(),
            "no write index is defined for alias [w]. The write index may be explicitly disabled using "
            "is_write_index=false or the alias points to multiple indices without one being designated as a "
            "write index");
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-2","alias":"w","is_write_index":true}}]})").is_ok());
  EXPECT_EQ(alias_write_index(state_, "w").value(), "logs-2");
  Status two = apply(R"({"actions":[{"add":{"index":"logs-1","alias":"w","is_write_index":true}}]})");
  EXPECT_EQ(two.kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(two.message(), "alias [w] has more than one write index [logs-1,logs-2]");
  // Rollover-style swap in one request is fine.
  ASSERT_TRUE(apply(R"({"actions":[{"add":{"index":"logs-2","alias":"w","is_write_index":false}},
                                    {"add":{"index":"logs-1","alias":"w","is_write_index":true}}]})")
                  .is_ok());
  EXPECT_EQ(alias_write_index(state_, "w").value(), "logs-1");
  // A single member explicitly disabled is not a write index.
  ASSERT_TRUE(
      apply(R"({"actions":[{"add":{"index":"metrics","alias":"ro","is_write_index":false}}]})").is_ok());
  EXPECT_FALSE(alias_write_index(state_, "ro").is_ok());
}

TEST_F(CatalogAliasTest, BadBodies) {
  EXPECT_EQ(apply(R"({"actions":[]})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({"actions":[{"rename":{"index":"logs-1","alias":"a"}}]})").kind(),
            ErrorKind::parse_error);
  EXPECT_EQ(apply(R"({"actions":[{"add":{"alias":"a"}}]})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({"actions":[{"add":{"index":"logs-1"}}]})").kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({"actions":[{"add":{"index":"logs-1","alias":"a","filter":"x"}}]})").kind(),
            ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({"actions":[{"add":{"index":"logs-1","alias":"a","index_routing":"1,2"}}]})").kind(),
            ErrorKind::invalid_argument);
  EXPECT_EQ(apply(R"({"actions":[{"add":{"index":"logs-1","alias":"a*"}}]})").kind(),
            ErrorKind::invalid_alias_name);
}

TEST_F(CatalogAliasTest, CreateIndexAliases) {
  state_.indexes["new"] = IndexEntry{"new", "u", IndexState::open, ""};
  ASSERT_TRUE(add_index_aliases(state_, "new",
                                json::parse(R"({"a":{"is_write_index":true},"b":{"search_routing":"1,2"}})"))
                  .is_ok());
  EXPECT_EQ(state_.aliases["a"]["new"].is_write_index, std::optional<bool>(true));
  EXPECT_EQ(state_.aliases["b"]["new"].search_routing, "1,2");
  EXPECT_EQ(add_index_aliases(state_, "new", json::parse(R"({"metrics":{}})")).kind(),
            ErrorKind::invalid_alias_name);
}

}  // namespace
}  // namespace pharos::engine
