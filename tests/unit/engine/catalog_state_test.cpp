#include "index/engine/catalog_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "index/base/file_io.h"
#include "index/engine/alias_actions.h"
#include "index/engine/node_state.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

std::string temp_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("pharos-catalog-" + tag + "-" +
              std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" + random_base64_uuid());
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(CatalogNodeState, IdsAreBase64UrlAndStable) {
  std::string id = random_base64_uuid();
  EXPECT_EQ(id.size(), 22u);
  EXPECT_EQ(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(id, random_base64_uuid());

  std::string dir = temp_dir("node");
  auto first = load_or_create_node_identity(dir + "/_state");
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  auto second = load_or_create_node_identity(dir + "/_state");
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(first.value().cluster_uuid, second.value().cluster_uuid);
  EXPECT_EQ(first.value().node_id, second.value().node_id);
  EXPECT_NE(first.value().cluster_uuid, first.value().node_id);

  ASSERT_TRUE(write_file(dir + "/_state/node.json", "{garbage", false).is_ok());
  EXPECT_EQ(load_or_create_node_identity(dir + "/_state").status().kind(), ErrorKind::corrupt);
  std::filesystem::remove_all(dir);
}

TEST(CatalogStateFile, RoundTrip) {
  CatalogState state;
  state.indexes["a"] = IndexEntry{"a", "uuid-a", IndexState::open, ""};
  state.indexes["b"] = IndexEntry{"b", "uuid-b", IndexState::closed, ""};
  state.indexes["c"] = IndexEntry{"c", "uuid-c", IndexState::failed, "bad"};
  ASSERT_TRUE(apply_alias_actions(state, json::parse(R"({"actions":[
      {"add":{"index":"a","alias":"x","is_write_index":true,"filter":{"term":{"f":1}},"index_routing":"1","search_routing":"2"}},
      {"add":{"index":"b","alias":"x"}}]})"))
                  .is_ok());
  auto t = parse_index_template(
      "t", json::parse(
               R"({"index_patterns":["a*"],"priority":3,"template":{"settings":{"number_of_shards":2}}})"));
  ASSERT_TRUE(t.is_ok());
  state.templates["t"] = t.value();

  auto loaded = catalog_state_from_json(catalog_state_to_json(state));
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  const CatalogState& back = loaded.value();
  EXPECT_EQ(back.indexes.at("a").uuid, "uuid-a");
  EXPECT_EQ(back.indexes.at("b").state, IndexState::closed);
  EXPECT_EQ(back.indexes.at("c").state, IndexState::open) << "failed is retried at the next start";
  const AliasInfo& info = back.aliases.at("x").at("a");
  EXPECT_EQ(info.is_write_index, std::optional<bool>(true));
  EXPECT_EQ(info.filter_json, R"({"term":{"f":1}})");
  EXPECT_EQ(info.index_routing, "1");
  EXPECT_EQ(info.search_routing, "2");
  EXPECT_EQ(back.aliases.at("x").size(), 2u);
  EXPECT_EQ(back.templates.at("t").priority, 3);
  EXPECT_EQ(back.templates.at("t").body_json, state.templates.at("t").body_json);
}

TEST(CatalogStateFile, CorruptIsReported) {
  EXPECT_EQ(catalog_state_from_json("{").status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(catalog_state_from_json("[]").status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(catalog_state_from_json(R"({"format_version":99})").status().kind(), ErrorKind::corrupt);
  EXPECT_EQ(catalog_state_from_json(R"({"format_version":1,"indexes":{"a":{}}})").status().kind(),
            ErrorKind::corrupt);
}

}  // namespace
}  // namespace pharos::engine
