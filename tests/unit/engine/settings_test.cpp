#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "index/engine/index_settings.h"

namespace pharos::engine {
namespace {

using nlohmann::json;

TEST(SettingsTest, ParsesNestedFlatAndPrefixedForms) {
  for (const json& body : {json{{"number_of_shards", 2}}, json{{"index", {{"number_of_shards", 2}}}},
                           json{{"index.number_of_shards", "2"}}}) {
    auto s = IndexSettings::parse(body);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    EXPECT_EQ(s->number_of_shards, 2u);
    EXPECT_EQ(s->to_json(true)["index.number_of_shards"], "2");
  }
}

TEST(SettingsTest, Defaults) {
  auto s = IndexSettings::parse(json::object());
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->number_of_shards, 1u);
  EXPECT_EQ(s->number_of_replicas, 1u);
  EXPECT_EQ(s->refresh_interval_ms, 1000);
  EXPECT_EQ(s->durability, TranslogDurability::request);
  EXPECT_EQ(s->max_result_window, 10000u);
}

TEST(SettingsTest, RejectsOutOfRangeShardsLikeOpenSearch) {
  auto s = IndexSettings::parse(json{{"number_of_shards", 0}});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::invalid_argument);
  EXPECT_EQ(s.status().message(), "Failed to parse value [0] for setting [index.number_of_shards] must be >= 1");
  auto big = IndexSettings::parse(json{{"number_of_shards", 1025}});
  EXPECT_EQ(big.status().message(), "Failed to parse value [1025] for setting [index.number_of_shards] must be <= 1024");
  EXPECT_FALSE(IndexSettings::parse(json{{"number_of_replicas", -1}}).is_ok());
  EXPECT_FALSE(IndexSettings::parse(json{{"number_of_shards", "abc"}}).is_ok());
}

TEST(SettingsTest, TimeValuesAndDurability) {
  auto s = IndexSettings::parse(json{{"index", {{"refresh_interval", "500ms"}, {"translog", {{"durability", "async"}, {"sync_interval", "1m"}}}}}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->refresh_interval_ms, 500);
  EXPECT_EQ(s->durability, TranslogDurability::async);
  EXPECT_EQ(s->translog_sync_interval_ms, 60000);
  EXPECT_EQ(IndexSettings::parse(json{{"refresh_interval", "-1"}})->refresh_interval_ms, -1);
  EXPECT_EQ(IndexSettings::parse(json{{"refresh_interval", "1s"}})->refresh_interval_ms, 1000);
  auto bad = IndexSettings::parse(json{{"refresh_interval", "abc"}});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("failed to parse setting [index.refresh_interval]"), std::string::npos);
  EXPECT_FALSE(IndexSettings::parse(json{{"translog.durability", "sometimes"}}).is_ok());
}

TEST(SettingsTest, KeepsUnknownSettingsAndEchoesStrings) {
  auto s = IndexSettings::parse(json{{"index", {{"number_of_shards", 3}, {"foo", {{"bar", true}}}, {"knn", true}}}});
  ASSERT_TRUE(s.is_ok());
  EXPECT_TRUE(s->knn);
  json nested = s->to_json(false);
  EXPECT_EQ(nested["index"]["number_of_shards"], "3");
  EXPECT_EQ(nested["index"]["foo"]["bar"], "true");
  EXPECT_EQ(s->to_json(true)["index.foo.bar"], "true");
}

TEST(SettingsTest, AnalysisSubtreeRoundTrips) {
  json body = {{"analysis", {{"analyzer", {{"my", {{"type", "custom"}, {"tokenizer", "standard"}, {"filter", {"lowercase"}}}}}},
                             {"tokenizer", {{"ng", {{"type", "ngram"}, {"min_gram", 2}}}}}}}};
  auto s = IndexSettings::parse(body);
  ASSERT_TRUE(s.is_ok());
  json a = s->analysis_json();
  EXPECT_EQ(a["analyzer"]["my"]["tokenizer"], "standard");
  EXPECT_EQ(a["analyzer"]["my"]["filter"], json({"lowercase"}));
  EXPECT_EQ(a["tokenizer"]["ng"]["min_gram"], 2);
  EXPECT_TRUE(IndexSettings::parse(json::object())->analysis_json().is_null());
}

TEST(SettingsTest, UpdateDynamicStaticAndFinal) {
  auto s = IndexSettings::parse(json{{"index.provided_name", "logs"}, {"number_of_shards", 1}});
  ASSERT_TRUE(s.is_ok());
  auto u = s->updated_with(json{{"index", {{"number_of_replicas", 0}, {"refresh_interval", "5s"}}}}, true);
  ASSERT_TRUE(u.is_ok()) << u.status().to_string();
  EXPECT_EQ(u->number_of_replicas, 0u);
  EXPECT_EQ(u->refresh_interval_ms, 5000);

  auto fin = s->updated_with(json{{"number_of_shards", 2}}, true);
  ASSERT_FALSE(fin.is_ok());
  EXPECT_EQ(fin.status().message(), "final index setting [index.number_of_shards], not updateable");

  auto stat = s->updated_with(json{{"index.codec", "best_compression"}}, true);
  ASSERT_FALSE(stat.is_ok());
  EXPECT_EQ(stat.status().message(), "Can't update non dynamic settings [[index.codec]] for open indices [[logs]]");
  EXPECT_TRUE(s->updated_with(json{{"index.codec", "best_compression"}}, false).is_ok());
  EXPECT_FALSE(s->updated_with(json{{"analysis", {{"analyzer", {{"a", {{"type", "simple"}}}}}}}}, true).is_ok());
  EXPECT_TRUE(s->updated_with(json{{"analysis", {{"analyzer", {{"a", {{"type", "simple"}}}}}}}}, false).is_ok());

  // null resets to the default
  auto reset = u->updated_with(json{{"index.refresh_interval", nullptr}}, true);
  ASSERT_TRUE(reset.is_ok());
  EXPECT_EQ(reset->refresh_interval_ms, 1000);
  EXPECT_FALSE(reset->to_json(true).contains("index.refresh_interval"));
  EXPECT_FALSE(s->updated_with(json{{"index.blocks.write", true}}, true).status().kind() == ErrorKind::invalid_argument);
  EXPECT_FALSE(s->updated_with(json{{"number_of_replicas", -2}}, true).is_ok());
}

}  // namespace
}  // namespace pharos::engine
